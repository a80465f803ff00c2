/// A PNG file that is damaged, or that this reader will not load. Every case is bad input (exit 2).
public enum PNGError: DigitsError, Equatable {
    /// The file starts like a PNG (`\x89PNG`) but the rest of its 8-byte signature is wrong or
    /// missing, as when a file went through a text-mode transfer.
    case badSignature(String)
    /// Width or height in IHDR is zero.
    case zeroSize(width: Int, height: Int)
    /// Width or height in IHDR is above ``PNGReader/maxDimension``.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The image data would inflate to more than ``PNGReader/maxDecompressedBytes``.
    case inflatesTooLarge(bytes: Int, limit: Int)
    /// A palette image's pixel at (x, y) uses an index beyond the palette's entries.
    case paletteIndexOutOfRange(index: Int, paletteSize: Int, x: Int, y: Int)
    /// libpng's own report (an error, or a warning about damage it could have stepped over).
    case libpng(String)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .badSignature(let found):
            return "not a PNG file: damaged signature (\(found), expected \\x89PNG\\r\\n\\x1A\\n)"
        case let .zeroSize(w, h): return "PNG image is \(w)×\(h): width and height must be at least 1"
        case let .tooLarge(w, h, limit): return "PNG image is \(w)×\(h), larger than the \(limit)×\(limit) this tool reads"
        case let .inflatesTooLarge(bytes, limit):
            return "PNG image data inflates to \(bytes) bytes, more than the \(limit) this tool reads"
        case let .paletteIndexOutOfRange(index, size, x, y):
            return "PNG pixel at (\(x), \(y)) uses palette entry \(index), but the palette has \(size) entries"
        case .libpng(let message): return "damaged PNG: \(message)"
        }
    }
}
