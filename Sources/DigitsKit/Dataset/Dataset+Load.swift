#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Dataset {
    /// Loads the four IDX files of `spec` from `directory` (gzip or raw, detected by content),
    /// validates them, and holds out the last `validationSize` training examples for validation.
    ///
    /// Checks: each file as ``IDXFile`` does; images and labels counts equal; training and test
    /// images the same size; `0 <= validationSize <= training count`. Records the SHA-256 of each
    /// file as on disk in ``sha256``.
    ///
    /// - Throws: a ``FileError`` naming the file (or the directory) and the problem: kind `.io`
    ///   when a file cannot be read, `.badInput` when it is missing or malformed.
    public static func load(directory: String, spec: DatasetSpec = .mnist,
                            validationSize: Int = defaultValidationSize) throws -> Dataset {
        if let problem = directoryProblem(directory) { throw FileError(path: directory, problem) }
        var checksums: [String: String] = [:]
        func read(_ file: DatasetSpec.File) throws -> (path: String, bytes: [UInt8]) {
            let path = spec.path(of: file, in: directory)
            let bytes = try withFile(path) { try FileBytes.read(path) }
            checksums[file.name] = DatasetChecksum.sha256(bytes)
            return (path, bytes)
        }
        func images(_ file: DatasetSpec.File) throws -> (path: String, images: IDXImages) {
            let (path, bytes) = try read(file)
            return (path, try withFile(path) { try IDXFile.parseImages(bytes) })
        }
        func labels(_ file: DatasetSpec.File) throws -> (path: String, labels: [UInt8]) {
            let (path, bytes) = try read(file)
            return (path, try withFile(path) { try IDXFile.parseLabels(bytes, classCount: spec.classCount) })
        }

        let training = try labeled(images(spec.trainImages), labels(spec.trainLabels))
        let test = try labeled(images(spec.testImages), labels(spec.testLabels))
        guard training.rows == test.rows, training.columns == test.columns else {
            throw FileError(path: spec.path(of: spec.testImages, in: directory),
                            DatasetError.shapeMismatch(trainRows: training.rows, trainColumns: training.columns,
                                                       testRows: test.rows, testColumns: test.columns))
        }
        guard validationSize >= 0, validationSize <= training.count else {
            throw FileError(path: spec.path(of: spec.trainImages, in: directory),
                            DatasetError.badValidationSize(requested: validationSize, available: training.count))
        }
        let split = training.count - validationSize
        let trainingPart = validationSize == 0 ? training : training.slice(0..<split)
        var dataset = Dataset(name: spec.name, training: trainingPart,
                              validation: training.slice(split..<training.count), test: test)
        dataset.sha256 = checksums
        return dataset
    }

    /// Pairs an images file with its labels file, checking that the counts agree.
    private static func labeled(_ images: (path: String, images: IDXImages),
                                _ labels: (path: String, labels: [UInt8])) throws -> LabeledImages {
        guard images.images.count == labels.labels.count else {
            throw FileError(path: labels.path, DatasetError.countMismatch(
                labelCount: labels.labels.count, images: images.path, imageCount: images.images.count))
        }
        return LabeledImages(rows: images.images.rows, columns: images.images.columns,
                             pixels: images.images.pixels, labels: labels.labels)
    }

    /// Whether `path` names an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Why `path` cannot be a dataset directory (missing, or not a directory), nil when it can.
    public static func directoryProblem(_ path: String) -> DatasetError? {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missingDirectory }
        return (info.st_mode & S_IFMT) == S_IFDIR ? nil : .notADirectory
    }
}
