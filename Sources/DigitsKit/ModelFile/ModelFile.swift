/// Reading and writing model files (format: `FORMAT.md` beside this file).
public enum ModelFile {
    /// The bytes of `model` in the current format version (float32 parameters).
    ///
    /// - Throws: ``ModelFileError/nonFiniteParameter(layer:isBias:index:)`` for a NaN or infinite
    ///   parameter, ``ModelFileError/unwritableMetadata(_:)`` for an empty or over-long key or
    ///   metadata over the size bound.
    public static func encode(_ model: Model) throws -> [UInt8] {
        try encode(model, elementType: .float32)
    }

    /// Parses a model file's bytes, treating them as hostile.
    ///
    /// - Throws: a ``ModelFileError`` naming the first rule the bytes break.
    public static func decode(_ bytes: [UInt8]) throws -> Model {
        try parse(bytes).model
    }

    /// Parses a model file's bytes and reports what the file says about itself as well.
    public static func inspect(_ bytes: [UInt8]) throws -> ModelFileInfo {
        try parse(bytes)
    }

    /// Reads the model file at `path`; errors name the file.
    public static func read(_ path: String) throws -> Model {
        try readInfo(path).model
    }

    /// Reads and parses the model file at `path`, with its version and checksum; errors name the file.
    public static func readInfo(_ path: String) throws -> ModelFileInfo {
        try withFile(path) {
            // The header is checked against the file size before the rest is read.
            try parse(FileBytes.read(path, limit: maxFileSize, prefixLength: maxHeaderSize) { prefix, size in
                _ = try parseHeader(prefix, fileSize: size)
            })
        }
    }

    /// Writes `model` to `path` atomically: the file holds either the old or the new model at
    /// every moment, and no temporary file is left behind.
    public static func write(_ model: Model, to path: String) throws {
        try write(model, to: [path])
    }

    /// Writes `model` atomically to each of `paths` (a checkpoint and its epoch copy), encoding it once.
    public static func write(_ model: Model, to paths: [String]) throws {
        guard let first = paths.first else { return }
        let bytes = try withFile(first) { try encode(model) }
        for path in paths { try AtomicFile.write(bytes, to: path) }
    }

    /// The largest file `read` loads: the largest parameter count ``Network/validate(sizes:)``
    /// allows as float64, plus a full metadata section and the header.
    public static let maxFileSize = (1 << 31) * 8 + ModelFileFormat.maxMetadataSize + (1 << 16)
}

/// A parsed model file and what it says about itself.
public struct ModelFileInfo: Equatable, Sendable {
    public var model: Model
    /// Format major and minor version of the file.
    public var major: UInt16
    public var minor: UInt16
    /// "float32" or "float64".
    public var elementType: String
    /// File size in bytes.
    public var fileSize: Int
    /// The stored (and verified) CRC-32.
    public var checksum: UInt32
    /// Metadata entries of types this build does not know, skipped (only in newer minor versions).
    public var ignoredMetadataEntries: Int
}
