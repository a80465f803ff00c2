/// A person's own labelled images (a ``LabeledImageFolder``), read and prepared the way
/// `digits classify` prepares pictures, ready to evaluate like a dataset split.
///
/// Every file is read with ``ImageReader`` (the format is found from its bytes) and every image
/// in it goes through ``DigitClassifier/prepare(_:)``: the set's ``images`` are the 28×28 inputs
/// the network sees, as bytes. A file that cannot be used (no label, unreadable, not an image,
/// no digit in it) is kept in ``failures`` with its one-line error and left out; the others are
/// still evaluated.
public struct LabeledImageSet: Sendable {
    /// The directory as given.
    public let directory: String
    /// The prepared inputs (28×28) and their labels, in the folder's sorted order.
    public var images: LabeledImages
    /// Each example's name: its file, with `#k` for the k-th image of a file that holds several.
    public var names: [String]
    /// The files left out, each a one-line error naming the file, in path order.
    public var failures: [FileError]
    /// Things left out on purpose (see ``LabeledImageFolder/notes``).
    public var notes: [String]

    /// Reads and prepares every labelled image in `directory`.
    ///
    /// - Parameter progress: called after each file with (files done, files in all).
    /// - Throws: what ``LabeledImageFolder/init(scanning:classCount:)`` throws, or
    ///   ``LabeledImageSetError/noneUsable(failed:)`` (naming the directory) when no image at
    ///   all could be used.
    public init(directory: String, classifier: DigitClassifier, classCount: Int = 10,
                progress: ((Int, Int) -> Void)? = nil) throws {
        let folder = try LabeledImageFolder(scanning: directory, classCount: classCount)
        self.directory = directory
        notes = folder.notes
        var failures = folder.problems
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        var names: [String] = []
        let side = DigitPreprocessor.side
        for (done, file) in folder.files.enumerated() {
            defer { progress?(done + 1, folder.files.count) }
            let shown = escapedForMessage(file.path)
            let pictures: [GrayImage]
            do {
                pictures = try ImageReader.read(file.path)
            } catch {
                failures.append(Self.fileError(error, path: shown))
                continue
            }
            guard labels.count + pictures.count <= LabeledImageFolder.maxFiles else {
                throw FileError(path: escapedForMessage(directory), LabeledImageSetError.tooManyFiles(limit: LabeledImageFolder.maxFiles))
            }
            for (k, picture) in pictures.enumerated() {
                let name = pictures.count > 1 ? "\(shown)#\(k + 1)" : shown
                do {
                    let input = try classifier.prepare(picture).input
                    guard input.width == side, input.height == side else {
                        throw ClassifyError.notNetworkSize(width: input.width, height: input.height)
                    }
                    // prepare() leaves samples on the 1/255 grid: this is exact.
                    pixels += input.pixels.map { UInt8(quantized($0, maxval: 255)) }
                    labels.append(UInt8(file.label))
                    names.append(name)
                } catch {
                    failures.append(Self.fileError(error, path: name))
                }
            }
        }
        guard !labels.isEmpty else {
            throw FileError(path: escapedForMessage(directory), LabeledImageSetError.noneUsable(failed: failures.count))
        }
        images = LabeledImages(rows: side, columns: side, pixels: pixels, labels: labels)
        self.names = names
        self.failures = failures.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// `error` as a ``FileError`` about `path` (the file's name as shown in messages).
    private static func fileError(_ error: any Error, path: String) -> FileError {
        if let error = error as? FileError { return FileError(path: path, error.underlying) }
        if let error = error as? any DigitsError { return FileError(path: path, error) }
        return FileError(path: path, SystemError(message: oneLine(error)))
    }

    /// The number of examples (images that were read and prepared).
    public var count: Int { images.count }
}
