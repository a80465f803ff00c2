import Foundation

/// One metadata key across several models.
public struct MetadataRow: Equatable, Sendable, Codable {
    public var key: String
    /// The value in each model, as text; nil where the model does not record it.
    public var values: [String?]
    /// Whether the models record different values (a missing value counts as different).
    public var differs: Bool
}

/// Side-by-side metadata of models, and the warnings that matter when comparing them.
public enum MetadataComparison {
    /// The training options and provenance shown side by side, in this order.
    public static let keys = [
        MetadataKey.cost, MetadataKey.learningRate, MetadataKey.lambda, MetadataKey.momentum,
        TrainingMetadataKey.nesterov, TrainingMetadataKey.dropout, TrainingMetadataKey.maxNorm, TrainingMetadataKey.centerInputs,
        MetadataKey.miniBatchSize, MetadataKey.epochs, MetadataKey.seed, MetadataKey.initialization,
        MetadataKey.datasetName, MetadataKey.trainingSize, MetadataKey.validationSize,
        MetadataKey.validationAccuracy, MetadataKey.testAccuracy, MetadataKey.datasetSHA256,
        MetadataKey.createdAt, MetadataKey.toolVersion,
    ]

    /// The rows for ``keys`` that at least one model records. The cost is taken from the model
    /// itself when its metadata does not record it.
    public static func rows(_ models: [Model]) -> [MetadataRow] {
        keys.compactMap { key in
            let values = models.map { model -> String? in
                if let value = model.metadata[key] { return text(value) }
                return key == MetadataKey.cost ? model.cost.rawValue : nil
            }
            guard values.contains(where: { $0 != nil }) else { return nil }
            return MetadataRow(key: key, values: values, differs: Set(values.map { $0 ?? "\u{0}" }).count > 1)
        }
    }

    /// A metadata value as short text.
    public static func text(_ value: MetadataValue) -> String {
        switch value {
        case .string(let s): return escapedForMessage(s)  // from the file: one line, no escapes
        case .int(let v): return String(v)
        case .double(let v): return String(format: "%g", v)
        case .bytes(let b): return "\(b.count) bytes"
        case .doubles(let v): return "\(v.count) values"
        }
    }

    /// Parses a ``MetadataKey/datasetSHA256`` value ("file=hex;file=hex;…") into file name →
    /// lower-case hex (file names reduced to their last path component).
    public static func checksums(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in text.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[1].isEmpty else { continue }
            out[pieces[0]] = pieces[1]
        }
        return checksums(out)
    }

    /// `sums` with file names reduced to their last path component and hex in lower case.
    public static func checksums(_ sums: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (file, hex) in sums { out[(file as NSString).lastPathComponent] = hex.lowercased() }
        return out
    }

    /// Whether two sets of file checksums (file name → hex) name different data: some file both
    /// list has different contents. Nil when they share no file (nothing can be said).
    public static func differentData(_ x: [String: String], _ y: [String: String]) -> Bool? {
        let common = Set(x.keys).intersection(y.keys)
        guard !common.isEmpty else { return nil }
        return common.contains { x[$0] != y[$0] }
    }

    /// Warnings for models trained on different data, or evaluated on data other than the data
    /// they were trained on.
    ///
    /// - Parameters:
    ///   - evaluatedDataset: the name of the dataset evaluated on (e.g. "mnist").
    ///   - evaluatedChecksums: its files' SHA-256 (file name → hex, as ``Dataset/sha256``), if known.
    public static func warnings(names: [String], models: [Model], evaluatedDataset: String?,
                                evaluatedChecksums: [String: String]?) -> [String] {
        var out: [String] = []
        let sums = models.map { $0.metadata.string(MetadataKey.datasetSHA256).map(checksums) }
        let datasetNames = models.map { $0.metadata.string(MetadataKey.datasetName) }
        // Pairs trained on different data (by checksum, else by dataset name).
        var differing: [String] = []
        for i in models.indices {
            for j in models.indices where j > i {
                if let a = sums[i], let b = sums[j], differentData(a, b) == true {
                    differing.append("\(names[i]) and \(names[j])")
                } else if (sums[i] == nil || sums[j] == nil), let a = datasetNames[i], let b = datasetNames[j], a != b {
                    differing.append("\(names[i]) (\(escapedForMessage(a))) and \(names[j]) (\(escapedForMessage(b)))")
                }
            }
        }
        if !differing.isEmpty {
            out.append("models were trained on DIFFERENT data: \(differing.joined(separator: ", ")); their figures are not directly comparable")
        }
        // Models evaluated on data other than their training data.
        var foreign: [String] = []
        for i in models.indices {
            if let evaluatedChecksums, let a = sums[i], differentData(a, checksums(evaluatedChecksums)) == true {
                foreign.append(names[i])
            } else if let evaluatedDataset, let a = datasetNames[i], a != evaluatedDataset {
                foreign.append("\(names[i]) (trained on \(escapedForMessage(a)))")
            }
        }
        if !foreign.isEmpty {
            out.append("evaluating on data other than the training data of \(foreign.joined(separator: ", "))"
                       + (evaluatedDataset.map { " (evaluated on \($0))" } ?? ""))
        }
        let unknown = models.indices.filter { sums[$0] == nil && datasetNames[$0] == nil }.map { names[$0] }
        if !unknown.isEmpty && models.count > unknown.count {
            out.append("\(unknown.joined(separator: ", ")) record no training dataset; cannot check that all models saw the same data")
        }
        return out
    }
}
