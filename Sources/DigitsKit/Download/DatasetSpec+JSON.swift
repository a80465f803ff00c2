import Foundation

extension DatasetSpec {
    /// Reads a dataset description from a JSON file, for IDX datasets that are not built in:
    ///
    ///     {"name": "kmnist", "mirrors": ["http://example.org/kmnist/"],
    ///      "files": [{"name": "train-images-idx3-ubyte.gz", "size": 18165135, "md5": "…"}, …]}
    ///
    /// `files` lists train images, train labels, test images, test labels, in that order. An
    /// optional `leadingTrainingLabels` (up to 64 labels) lets `verify` recognise the files; an
    /// optional `classNames` (one non-blank name per class, at most
    /// ``maximumClassNameLength`` characters each) names the classes in `evaluate`'s report.
    ///
    /// - Throws: ``DownloadError/badSpec(path:reason:)`` (bad input) when it is not such a file
    ///   (missing, not a regular file, unopenable, malformed), a ``FileError`` when reading fails.
    public static func read(jsonFile path: String) throws -> DatasetSpec {
        let data: Data
        do {
            data = Data(try FileBytes.read(path, limit: 1 << 20))
        } catch let error as FileReadError {
            switch error {
            case .tooLarge: throw DownloadError.badSpec(path: path, reason: "larger than 1 MiB")
            case _ where error.kind == .badInput: throw DownloadError.badSpec(path: path, reason: error.description)
            default: throw error.about(path)
            }
        }
        let decoded: SpecJSON
        do {
            decoded = try JSONDecoder().decode(SpecJSON.self, from: data)
        } catch {
            throw DownloadError.badSpec(path: path, reason: "not a dataset description (name, mirrors, files)")
        }
        guard decoded.files.count == 4 else {
            throw DownloadError.badSpec(path: path, reason: "\(decoded.files.count) files, expected 4")
        }
        // The name is a directory under datasets/, the file names are entries of it: each must
        // stay one plain entry ("..", a separator or a control character would not).
        if let problem = DatasetSpecNames.problem(with: decoded.name) {
            throw DownloadError.badSpec(path: path, reason: "bad name '\(escapedForMessage(decoded.name))': \(problem)")
        }
        let hex = Set("0123456789abcdef")
        for file in decoded.files {
            if let problem = DatasetSpecNames.problem(with: file.name) {
                throw DownloadError.badSpec(path: path, reason: "bad file name '\(escapedForMessage(file.name))': \(problem)")
            }
            guard file.size > 0, file.size <= 1 << 40 else {
                throw DownloadError.badSpec(path: path, reason: "\(escapedForMessage(file.name)): bad size \(file.size)")
            }
            guard file.md5.count == 32, file.md5.lowercased().allSatisfy(hex.contains) else {
                throw DownloadError.badSpec(path: path, reason: "\(escapedForMessage(file.name)): bad MD5 '\(escapedForMessage(file.md5))'")
            }
        }
        if let (first, second) = DatasetSpecNames.collision(in: decoded.files.map(\.name)) {
            throw DownloadError.badSpec(path: path, reason: "file names '\(escapedForMessage(first))' and "
                + "'\(escapedForMessage(second))' would be the same file (the four names, and NAME.partial, "
                + "must differ even ignoring case and Unicode normalisation)")
        }
        let leading = decoded.leadingTrainingLabels ?? []
        guard leading.count <= 64 else {
            throw DownloadError.badSpec(path: path, reason: "leadingTrainingLabels has \(leading.count) labels, at most 64")
        }
        let files = decoded.files.map { File(name: $0.name, size: $0.size, md5: $0.md5.lowercased()) }
        let spec = DatasetSpec(name: decoded.name, mirrors: decoded.mirrors ?? [], trainImages: files[0],
                               trainLabels: files[1], testImages: files[2], testLabels: files[3],
                               leadingTrainingLabels: leading, classNames: decoded.classNames)
        if let names = spec.classNames, let problem = problem(withClassNames: names, classCount: spec.classCount) {
            throw DownloadError.badSpec(path: path, reason: problem)
        }
        return spec
    }

    /// The JSON form of a spec, as ``read(jsonFile:)`` reads it.
    public func jsonDescription() throws -> Data {
        let json = SpecJSON(name: name, mirrors: mirrors,
                            files: files.map { SpecJSON.FileJSON(name: $0.name, size: $0.size, md5: $0.md5) },
                            leadingTrainingLabels: leadingTrainingLabels.isEmpty ? nil : leadingTrainingLabels,
                            classNames: classNames)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(json)
    }
}

private struct SpecJSON: Codable {
    struct FileJSON: Codable {
        var name: String
        var size: Int
        var md5: String
    }
    var name: String
    var mirrors: [String]?
    var files: [FileJSON]
    var leadingTrainingLabels: [UInt8]?
    var classNames: [String]?
}
