/// STAND-IN for the image reader being written on another branch (h-png): the same API,
/// forwarding to ``PGMReader`` so that code using it builds now. Replaced when that lands.
public enum ImageReader {
    /// The largest file ``read(_:)`` loads (bytes).
    public static let maxFileSize = PGMReader.maxFileSize

    /// Every image in `bytes` (the format is found from the magic bytes).
    public static func decode(_ bytes: [UInt8]) throws -> [GrayImage] {
        try PGMReader.decode(bytes)
    }

    /// Reads and decodes the image file at `path`; errors name the file.
    public static func read(_ path: String) throws -> [GrayImage] {
        try PGMReader.read(path)
    }
}
