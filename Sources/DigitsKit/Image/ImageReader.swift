// STAND-IN: forwards to PGMReader so that `digits serve` builds before the PNG reader lands.
// The real ImageReader (PNG and netpbm by magic bytes) replaces this file when merged.

/// Reads pictures of any supported format, chosen by magic bytes (stand-in: PGM only).
public enum ImageReader {
    /// The largest file ``read(_:)`` loads (bytes).
    public static let maxFileSize = PGMReader.maxFileSize

    /// Decodes every image in `bytes` (stand-in: as PGM).
    public static func decode(_ bytes: [UInt8]) throws -> [GrayImage] {
        try PGMReader.decode(bytes)
    }

    /// Reads and decodes the picture file at `path`; errors name the file.
    public static func read(_ path: String) throws -> [GrayImage] {
        try PGMReader.read(path)
    }
}
