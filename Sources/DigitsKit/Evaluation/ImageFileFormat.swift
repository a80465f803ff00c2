/// The formats pictures are written in: PNG or PGM (raw P5), both 8-bit grey, ink dark on white.
public enum ImageFileFormat: String, CaseIterable, Sendable {
    case png
    case pgm

    /// PNG for a name ending in `.png` (any case), PGM otherwise.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".png") ? .png : .pgm
    }

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The file's bytes for `image`.
    public func encode(_ image: GrayImage) throws -> [UInt8] {
        switch self {
        case .png: return try PNGWriter.encode(image)
        case .pgm: return PGMWriter.encode(image)
        }
    }
}
