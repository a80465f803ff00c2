import Foundation

/// Writes selected examples as images (PNG or PGM, ``ImageFileFormat``): one montage file, or
/// one file per example in a directory.
public enum ImageExport {
    /// Writes `tiles` as a montage to `path` (ink dark on white), PNG when the name ends in
    /// `.png`, else PGM.
    public static func writeMontage(_ tiles: [MontageTile], to path: String, scale: Int = 2) throws {
        try writeImage(Montage.build(tiles, scale: scale), to: path)
    }

    /// Writes `image` to `path` (ink dark on white) through ``AtomicFile``, PNG when the name
    /// ends in `.png`, else PGM; errors name the file.
    public static func writeImage(_ image: GrayImage, to path: String) throws {
        let bytes = try withFile(path) { try ImageFileFormat(path: path).encode(image) }
        try AtomicFile.write(bytes, to: path)
    }

    /// Writes each example in `examples` to `directory` (created if needed) as its own file,
    /// named by the given file names (whose extension decides the format).
    public static func writeFiles(_ examples: [(fileName: String, image: GrayImage)], to directory: String) throws {
        try AtomicFile.createDirectories(directory)
        for example in examples {
            let path = (directory as NSString).appendingPathComponent(example.fileName)
            try writeImage(example.image, to: path)
        }
    }

    /// Writes examples `indices` of `images`: one file per example named `fileName(index)` when
    /// `path` is a directory target (``isDirectoryTarget(_:)``), else one montage with each
    /// example captioned `caption(index)`, enlarged `scale` times (PNG or PGM by the name).
    ///
    /// - Throws: ``MontageError`` (naming `path`) before writing a montage larger than
    ///   ``Montage/maxPixels``.
    public static func writeExamples(_ indices: [Int], of images: LabeledImages, to path: String,
                                     fileName: (Int) -> String, caption: (Int) -> String,
                                     scale: Int = Montage.defaultScale) throws {
        if isDirectoryTarget(path) {
            try writeFiles(indices.map { (fileName($0), GrayImage(images, index: $0)) }, to: path)
        } else {
            let tiles = indices.map { MontageTile(images, index: $0, caption: caption($0)) }
            try withFile(path) { try Montage.checkSize(of: tiles, scale: scale) }
            try writeMontage(tiles, to: path, scale: scale)
        }
    }

    /// The file name of example `index` labelled with its true class and one or more answers:
    /// `00042-true4-pred9.pgm`, or `00042-true4-A9-B7.png` for named models in PNG.
    public static func fileName(index: Int, truth: Int, answers: [(name: String, predicted: Int)],
                                format: ImageFileFormat = .pgm) -> String {
        let number = String(index)
        let padded = String(repeating: "0", count: max(0, 5 - number.count)) + number
        let parts = answers.map { "\($0.name)\($0.predicted)" }
        return "\(padded)-true\(truth)-\(parts.joined(separator: "-")).\(format.fileExtension)"
    }

    /// Checks before any work that ``writeExamples(_:of:to:fileName:caption:)`` can write to
    /// `path`: a directory target that exists or can be created, or a montage file
    /// (``AtomicFile/checkOutputFile(_:createsDirectories:)``).
    public static func checkExamplesTarget(_ path: String) throws {
        if isDirectoryTarget(path) {
            try AtomicFile.checkOutputDirectory(path)
        } else {
            try AtomicFile.checkOutputFile(path)
        }
    }

    /// Whether `path` names a directory for per-example files (ends in "/" or is an existing
    /// directory) rather than a montage file.
    public static func isDirectoryTarget(_ path: String) -> Bool {
        if path.hasSuffix("/") { return true }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
