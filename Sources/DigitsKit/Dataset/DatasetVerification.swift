/// What `digits verify` finds in a dataset directory: each file's presence, size, MD5 and
/// structure, and whether the files agree with one another.
///
/// Built by ``DatasetVerification/verify(directory:spec:)``, which never throws: every problem
/// is recorded, so that the report can list all of them at once.
public struct DatasetVerification: Codable, Sendable, Equatable {
    /// One of the four files.
    public struct FileReport: Codable, Sendable, Equatable {
        /// "train-images", "train-labels", "test-images" or "test-labels".
        public var role: String
        public var name: String
        public var path: String
        public var present: Bool
        /// Size in bytes on disk, when the file could be read.
        public var size: Int?
        /// MD5 of the file on disk (lower-case hex), when it could be read.
        public var md5: String?
        public var publishedSize: Int
        public var publishedMD5: String
        /// Whether size and MD5 are the published ones (nil when the file could not be read).
        public var matchesPublished: Bool?
        /// Structure, when valid: number of images or labels, and image size.
        public var count: Int?
        public var rows: Int?
        public var columns: Int?
        /// Whether the file parsed as a valid IDX file of its kind (nil when it could not be read).
        public var valid: Bool?
    }

    /// A reason the dataset cannot be used: one line, naming the file.
    public struct Problem: Codable, Sendable, Equatable {
        public var path: String
        public var message: String
        /// "bad-input" (missing or malformed: exit 2) or "io" (could not read: exit 1).
        public var kind: String

        /// `"PATH: message"`.
        public var line: String { "\(path): \(message)" }
    }

    public var dataset: String
    public var directory: String
    public var files: [FileReport]
    /// Everything that makes the dataset unusable.
    public var problems: [Problem]
    /// Remarks that do not make it unusable (e.g. valid but not the published bytes).
    public var notes: [String]

    /// Whether training can use the dataset.
    public var usable: Bool { problems.isEmpty }
    /// Whether any problem is a missing or malformed file (rather than a failed read).
    public var hasBadInput: Bool { problems.contains { $0.kind == Self.badInput } }

    static let badInput = "bad-input"
    static let io = "io"

    private enum CodingKeys: String, CodingKey { case dataset, directory, files, problems, notes, usable }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dataset = try c.decode(String.self, forKey: .dataset)
        directory = try c.decode(String.self, forKey: .directory)
        files = try c.decode([FileReport].self, forKey: .files)
        problems = try c.decode([Problem].self, forKey: .problems)
        notes = try c.decode([String].self, forKey: .notes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(directory, forKey: .directory)
        try c.encode(files, forKey: .files)
        try c.encode(problems, forKey: .problems)
        try c.encode(notes, forKey: .notes)
        try c.encode(usable, forKey: .usable)
    }

    init(dataset: String, directory: String) {
        self.dataset = dataset
        self.directory = directory
        files = []
        problems = []
        notes = []
    }
}

extension DatasetVerification {
    /// Checks the dataset `spec` in `directory`: each file present, structurally valid, and
    /// (as a note only) equal to the published size and MD5; images and labels counts equal;
    /// training and test images the same size.
    public static func verify(directory: String, spec: DatasetSpec = .mnist) -> DatasetVerification {
        var report = DatasetVerification(dataset: spec.name, directory: directory)
        if let problem = Dataset.directoryProblem(directory) {
            report.problems.append(Problem(path: directory, message: problem.description,
                                           kind: badInput))
            report.files = zip(roles, spec.files).map { role, file in
                FileReport(role: role, name: file.name, path: spec.path(of: file, in: directory), present: false,
                           publishedSize: file.size, publishedMD5: file.md5)
            }
            return report
        }
        for (role, file) in zip(roles, spec.files) {
            report.files.append(report.check(file, role: role, spec: spec, directory: directory))
        }
        report.checkAgreement(spec: spec)
        return report
    }

    private static let roles = ["train-images", "train-labels", "test-images", "test-labels"]

    /// Reads and checks one file, recording its problems.
    private mutating func check(_ file: DatasetSpec.File, role: String, spec: DatasetSpec,
                                directory: String) -> FileReport {
        let path = spec.path(of: file, in: directory)
        var result = FileReport(role: role, name: file.name, path: path, present: true,
                                publishedSize: file.size, publishedMD5: file.md5)
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            let error = error as? any DigitsError ?? SystemError(message: oneLine(error))
            if case FileReadError.missing = error { result.present = false }
            record(path, error)
            return result
        }
        let md5 = DatasetChecksum.md5(bytes)
        result.size = bytes.count
        result.md5 = md5
        result.matchesPublished = bytes.count == file.size && md5 == file.md5
        do {
            if role.hasSuffix("images") {
                let images = try IDXFile.parseImages(bytes)
                (result.count, result.rows, result.columns) = (images.count, images.rows, images.columns)
            } else {
                let labels = try IDXFile.parseLabels(bytes, classCount: spec.classCount)
                result.count = labels.count
                if role == "train-labels" { noteOtherDataset(labels, path: path, spec: spec) }
            }
            result.valid = true
            if result.matchesPublished == false {
                var differences = ["MD5 \(md5), published \(file.md5)"]
                if bytes.count != file.size { differences.append("size \(bytes.count), published \(file.size)") }
                notes.append("\(path): structurally valid but not the published bytes ("
                             + differences.joined(separator: "; ") + "): re-compressed or another release?")
            }
        } catch {
            result.valid = false
            record(path, error as? any DigitsError ?? SystemError(message: oneLine(error)))
        }
        return result
    }

    /// A note when the training labels start as another built-in dataset's do and not as
    /// `spec`'s: `verify DIR --dataset fashion-mnist` on MNIST's files says they are MNIST's.
    private mutating func noteOtherDataset(_ labels: [UInt8], path: String, spec: DatasetSpec) {
        func startsAs(_ other: DatasetSpec) -> Bool {
            !other.leadingTrainingLabels.isEmpty && labels.starts(with: other.leadingTrainingLabels)
        }
        guard !startsAs(spec), let other = DatasetSpec.builtIn.first(where: { $0.name != spec.name && startsAs($0) }) else { return }
        notes.append("\(path): these look like \(other.name)'s files, not \(spec.name)'s (the training labels start "
                     + "as \(other.name)'s do): give --dataset \(other.name)")
    }

    /// Images and labels counts agree; training and test images have the same size.
    private mutating func checkAgreement(spec: DatasetSpec) {
        for pair in [(files[0], files[1]), (files[2], files[3])] {
            if let images = pair.0.count, let labels = pair.1.count, images != labels {
                record(pair.1.path, DatasetError.countMismatch(labelCount: labels, images: pair.0.path, imageCount: images))
            }
        }
        if let tr = files[0].rows, let tc = files[0].columns, let sr = files[2].rows, let sc = files[2].columns,
           tr != sr || tc != sc {
            record(files[2].path, DatasetError.shapeMismatch(trainRows: tr, trainColumns: tc, testRows: sr, testColumns: sc))
        }
    }

    private mutating func record(_ path: String, _ error: any DigitsError) {
        let underlying = (error as? FileError)?.underlying ?? error
        problems.append(Problem(path: path, message: underlying.description,
                                kind: error.kind == .badInput ? Self.badInput : Self.io))
    }
}
