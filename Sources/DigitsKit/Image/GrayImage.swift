/// A greyscale image with samples in [0, 1], row-major; 0 is the background and 1 is ink, as the
/// network sees digits.
public struct GrayImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `height` rows of `width` samples.
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixels do not fill \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A `width`×`height` image filled with `value`.
    public init(width: Int, height: Int, value: Float = 0) {
        self.init(width: width, height: height, pixels: [Float](repeating: value, count: width * height))
    }

    /// An image from bytes (0…255 → 0…1), e.g. one MNIST digit.
    public init<C: Collection>(width: Int, height: Int, bytes: C) where C.Element == UInt8 {
        self.init(width: width, height: height, pixels: bytes.map { Float($0) / 255 })
    }

    /// Example `index` of `images` (bytes scaled to [0, 1]).
    public init(_ images: LabeledImages, index: Int) {
        self.init(width: images.columns, height: images.rows, bytes: images.image(index))
    }

    public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
