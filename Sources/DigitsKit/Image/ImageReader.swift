/// Reads the images people bring: PNG, and the netpbm family (PBM P1/P4, PGM P2/P5, PPM P3/P6).
///
/// The format is told by the first bytes (`\x89PNG`, or `P` and a digit), never by the file
/// name. Every image comes out as brightness in [0, 1] (0 black, as stored: no inversion), colour
/// made grey by one rule (``Greyscale``) and transparency composited on white paper; PBM's 1 is
/// black. Each reader's hostile-input bounds apply (``PGMReader``, ``PNGReader``).
public enum ImageReader {
    /// The largest file ``read(_:)`` loads (bytes).
    public static let maxFileSize = PGMReader.maxFileSize

    /// Decodes the image file in `bytes`: one image for PNG, one or more for netpbm (a netpbm
    /// file may hold several one after another).
    ///
    /// - Throws: ``ImageFormatError`` (empty or unknown), ``PNGError`` or ``PGMError`` (the
    ///   latter naming PBM or PPM when the image is one).
    public static func decode(_ bytes: [UInt8]) throws -> [GrayImage] {
        guard !bytes.isEmpty else { throw ImageFormatError.empty }
        if PNGReader.looksLikePNG(bytes) { return [try PNGReader.decode(bytes)] }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), PGMParser.isDigit(bytes[1]) {
            return try PGMReader.decode(bytes, everyNetpbm: true)
        }
        throw ImageFormatError.unknown(PNGReader.printable(bytes.prefix(4)))
    }

    /// Reads and decodes the image file at `path`; errors name the file.
    ///
    /// - Throws: a ``FileError`` wrapping ``FileReadError`` (the file cannot be read) or what
    ///   ``decode(_:)`` throws.
    public static func read(_ path: String) throws -> [GrayImage] {
        try withFile(path) {
            try decode(FileBytes.read(path, limit: maxFileSize))
        }
    }
}

/// A file that is not an image of a format ``ImageReader`` reads.
public enum ImageFormatError: DigitsError, Equatable {
    /// The file holds no bytes.
    case empty
    /// The first bytes (shown printable) are neither a PNG signature nor a netpbm magic number.
    case unknown(String)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .empty: return "empty file, not an image"
        case .unknown(let start): return "not a PNG, PGM, PPM or PBM image (starts with \(start))"
        }
    }
}
