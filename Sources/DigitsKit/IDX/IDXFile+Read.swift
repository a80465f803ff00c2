extension IDXFile {
    /// Reads and parses an images file; errors name `path`.
    ///
    /// - Throws: a ``FileError`` wrapping ``FileReadError``, ``IDXError`` or ``GzipError``.
    public static func readImages(path: String) throws -> IDXImages {
        try withFile(path) { try parseImages(FileBytes.read(path)) }
    }

    /// Reads and parses a labels file; errors name `path`.
    ///
    /// - Throws: a ``FileError`` wrapping ``FileReadError``, ``IDXError`` or ``GzipError``.
    public static func readLabels(path: String, classCount: Int) throws -> [UInt8] {
        try withFile(path) { try parseLabels(FileBytes.read(path), classCount: classCount) }
    }
}
