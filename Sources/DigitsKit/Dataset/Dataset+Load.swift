extension Dataset {
    /// Loads the four IDX files of `spec` from `directory` (gzip or raw, detected by content),
    /// validates them, and holds out the last `validationSize` training examples for validation.
    ///
    /// - Throws: a ``FileError`` naming the file and the problem.
    public static func load(directory: String, spec: DatasetSpec = .mnist,
                            validationSize: Int = defaultValidationSize) throws -> Dataset {
        fatalError("TODO(issue 2): Dataset.load")  // STUB: replaced by the IDX loader
    }
}
