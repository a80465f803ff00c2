/// Reading and writing model files (format: `FORMAT.md` beside this file).
public enum ModelFile {
    /// The bytes of `model` in the current format version.
    public static func encode(_ model: Model) throws -> [UInt8] {
        fatalError("TODO(issue 3): ModelFile.encode")  // STUB
    }

    /// Parses a model file's bytes, treating them as hostile.
    public static func decode(_ bytes: [UInt8]) throws -> Model {
        fatalError("TODO(issue 3): ModelFile.decode")  // STUB
    }

    /// Reads the model file at `path`; errors name the file.
    public static func read(_ path: String) throws -> Model {
        fatalError("TODO(issue 3): ModelFile.read")  // STUB
    }

    /// Writes `model` to `path` atomically: the file holds either the old or the new model at
    /// every moment, and no temporary file is left behind.
    public static func write(_ model: Model, to path: String) throws {
        fatalError("TODO(issue 3): ModelFile.write")  // STUB
    }
}
