/// Labelled greyscale images, kept compactly as bytes (0 = background, 255 = ink).
///
/// Image `i` occupies `pixels[i * pixelsPerImage ..< (i + 1) * pixelsPerImage]`, row-major.
/// The network sees pixel / 255 as a Float in [0, 1]; convert per mini-batch, not up front.
public struct LabeledImages: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    public var pixels: [UInt8]
    public var labels: [UInt8]

    public init(rows: Int, columns: Int, pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == rows * columns * labels.count, "pixel count does not match labels")
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
        self.labels = labels
    }

    public var count: Int { labels.count }
    public var pixelsPerImage: Int { rows * columns }

    /// Image `i`'s bytes.
    public func image(_ i: Int) -> ArraySlice<UInt8> {
        pixels[i * pixelsPerImage ..< (i + 1) * pixelsPerImage]
    }

    /// Image `i` scaled to [0, 1], as the network takes it.
    public func input(_ i: Int) -> [Float] {
        image(i).map { Float($0) * (1 / 255) }
    }

    /// Examples `range` as a new set.
    public func slice(_ range: Range<Int>) -> LabeledImages {
        LabeledImages(rows: rows, columns: columns,
                      pixels: Array(pixels[range.lowerBound * pixelsPerImage ..< range.upperBound * pixelsPerImage]),
                      labels: Array(labels[range]))
    }
}
