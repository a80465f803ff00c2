/// A captioned image in a montage, e.g. a misclassified digit labelled "4→9".
public struct MontageTile: Equatable, Sendable {
    public var image: GrayImage
    /// Drawn above the image with ``BitmapFont``.
    public var caption: String

    public init(image: GrayImage, caption: String) {
        self.image = image
        self.caption = caption
    }

    /// Example `index` of `images` as a tile.
    public init(_ images: LabeledImages, index: Int, caption: String) {
        self.init(image: GrayImage(images, index: index), caption: caption)
    }
}

/// Lays captioned images out in a grid: one image, ready for ``PGMWriter``.
public enum Montage {
    /// Pixels between tiles (drawn as a faint grid line in the middle) and around captions.
    static let gap = 3
    static let captionGap = 2
    /// The grey of the grid lines.
    static let gridInk: Float = 0.2
    /// The enlargement montages are written with unless asked otherwise: 28×28 digits become
    /// 56×56 and the 5-pixel captions 10 pixels high, readable at 100%.
    public static let defaultScale = 2
    /// The largest enlargement accepted (`--scale`).
    public static let maxScale = 16
    /// The most pixels a montage may have (with all its tiles, enlarged): 64 Mi, a 256 MiB
    /// image in memory, so `--limit` × `--scale` cannot exhaust it.
    public static let maxPixels = 1 << 26

    /// The grid of `tiles`: columns, rows and the size of one cell, unenlarged.
    private static func layout(_ tiles: [MontageTile], columns: Int?) -> (cols: Int, rows: Int, cellWidth: Int, cellHeight: Int) {
        let cols = max(1, min(tiles.count, columns ?? Int(Double(tiles.count).squareRoot().rounded(.up))))
        let rows = (tiles.count + cols - 1) / cols
        let cellWidth = (tiles.map { max($0.image.width, BitmapFont.width(of: $0.caption)) }.max() ?? 0) + gap
        let cellHeight = BitmapFont.height + captionGap + (tiles.map(\.image.height).max() ?? 0) + gap
        return (cols, rows, cellWidth, cellHeight)
    }

    /// The width and height ``build(_:columns:scale:)`` would give, without building it.
    public static func size(of tiles: [MontageTile], columns: Int? = nil, scale: Int = 1) -> (width: Int, height: Int) {
        guard !tiles.isEmpty else { return (1, 1) }
        let g = layout(tiles, columns: columns)
        let s = max(1, scale)
        return ((g.cols * g.cellWidth + gap) * s, (g.rows * g.cellHeight + gap) * s)
    }

    /// Checks that the montage of `tiles` stays within ``maxPixels``.
    /// - Throws: ``MontageError/tooLarge(width:height:limit:)``.
    public static func checkSize(of tiles: [MontageTile], columns: Int? = nil, scale: Int) throws {
        let (w, h) = size(of: tiles, columns: columns, scale: scale)
        let (pixels, overflow) = w.multipliedReportingOverflow(by: h)
        guard !overflow, pixels <= maxPixels else { throw MontageError.tooLarge(width: w, height: h, limit: maxPixels) }
    }

    /// Builds a grid of `tiles`, `columns` wide (about square when nil), each caption above its
    /// image, everything enlarged `scale` times (nearest neighbour). An empty list gives a 1×1
    /// blank image.
    public static func build(_ tiles: [MontageTile], columns: Int? = nil, scale: Int = 1) -> GrayImage {
        guard !tiles.isEmpty else { return GrayImage(width: 1, height: 1) }
        let (cols, rows, cellWidth, cellHeight) = layout(tiles, columns: columns)
        let captionHeight = BitmapFont.height + captionGap
        var out = GrayImage(width: cols * cellWidth + gap, height: rows * cellHeight + gap)

        // Faint grid lines between cells.
        for c in 0...cols {
            let x = c * cellWidth + gap / 2
            for y in 0..<out.height where x < out.width { out[x, y] = gridInk }
        }
        for r in 0...rows {
            let y = r * cellHeight + gap / 2
            for x in 0..<out.width where y < out.height { out[x, y] = gridInk }
        }
        for (i, tile) in tiles.enumerated() {
            let left = (i % cols) * cellWidth + gap, top = (i / cols) * cellHeight + gap
            BitmapFont.draw(tile.caption, into: &out, x: left, y: top)
            for y in 0..<tile.image.height {
                for x in 0..<tile.image.width {
                    out[left + x, top + captionHeight + y] = tile.image[x, y]
                }
            }
        }
        return scale > 1 ? enlarged(out, by: scale) : out
    }

    /// `image` enlarged `factor` times by pixel repetition.
    static func enlarged(_ image: GrayImage, by factor: Int) -> GrayImage {
        var out = GrayImage(width: image.width * factor, height: image.height * factor)
        for y in 0..<out.height {
            for x in 0..<out.width { out[x, y] = image[x / factor, y / factor] }
        }
        return out
    }
}

/// A montage that would be too large to build.
public enum MontageError: DigitsError, Equatable {
    case tooLarge(width: Int, height: Int, limit: Int)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case let .tooLarge(w, h, limit):
            return "the montage would be \(w)×\(h) pixels, more than the \(limit) allowed; give a smaller --limit or --scale"
        }
    }
}
