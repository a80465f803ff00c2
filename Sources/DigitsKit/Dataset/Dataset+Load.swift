import Foundation
import Dispatch
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
        let files = spec.files
        let loaded = try loadFiles(files, spec: spec, directory: directory)
        let training = try labeled(loaded[0], loaded[1])
        let test = try labeled(loaded[2], loaded[3])
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
        dataset.sha256 = Dictionary(uniqueKeysWithValues: zip(files.map(\.name), loaded.map(\.sha256)))
        dataset.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        dataset.fileOrder = files.map(\.name)
        return dataset
    }

    /// Loads only the test files of `spec` (images and labels), checked as ``load(directory:spec:validationSize:)``
    /// checks them: a dataset with empty training and validation sets, for commands that only
    /// look at the test images. ``sha256`` holds the two test files'.
    public static func loadTest(directory: String, spec: DatasetSpec = .mnist) throws -> Dataset {
        let files = [spec.testImages, spec.testLabels]
        let loaded = try loadFiles(files, spec: spec, directory: directory)
        let test = try labeled(loaded[0], loaded[1])
        let none = LabeledImages(rows: test.rows, columns: test.columns, pixels: [], labels: [])
        var dataset = Dataset(name: spec.name, training: none, validation: none, test: test)
        dataset.sha256 = Dictionary(uniqueKeysWithValues: zip(files.map(\.name), loaded.map(\.sha256)))
        return dataset
    }

    /// Reads, checksums and parses `files` (images and labels alternating, images first)
    /// concurrently; errors are reported in file order, as a sequential load would.
    private static func loadFiles(_ files: [DatasetSpec.File], spec: DatasetSpec, directory: String) throws -> [LoadedFile] {
        if let problem = directoryProblem(directory) { throw FileError(path: directory, problem) }
        var results = [Result<LoadedFile, Error>?](repeating: nil, count: files.count)
        results.withUnsafeMutableBufferPointer { slots in
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                slots[i] = Result { try LoadedFile(files[i], isImages: i % 2 == 0, spec: spec, directory: directory) }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// One dataset file read, checksummed and parsed as images or labels.
    private struct LoadedFile {
        var path: String
        var sha256: String
        var images: IDXImages?
        var labels: [UInt8]?

        init(_ file: DatasetSpec.File, isImages: Bool, spec: DatasetSpec, directory: String) throws {
            path = spec.path(of: file, in: directory)
            let path = path
            let bytes = try withFile(path) { try FileBytes.read(path) }
            sha256 = DatasetChecksum.sha256(bytes)
            if isImages {
                images = try withFile(path) { try IDXFile.parseImages(bytes) }
            } else {
                labels = try withFile(path) { try IDXFile.parseLabels(bytes, classCount: spec.classCount) }
            }
        }
    }

    /// Pairs an images file with its labels file, checking that the counts agree.
    private static func labeled(_ images: LoadedFile, _ labels: LoadedFile) throws -> LabeledImages {
        let pixels = images.images!, labelValues = labels.labels!
        guard pixels.count == labelValues.count else {
            throw FileError(path: labels.path, DatasetError.countMismatch(
                labelCount: labelValues.count, images: images.path, imageCount: pixels.count))
        }
        return LabeledImages(rows: pixels.rows, columns: pixels.columns, pixels: pixels.pixels, labels: labelValues)
    }

    /// Why `path` cannot be a dataset directory (missing, or not a directory), nil when it can.
    public static func directoryProblem(_ path: String) -> DatasetError? {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missingDirectory }
        return (info.st_mode & S_IFMT) == S_IFDIR ? nil : .notADirectory
    }
}
