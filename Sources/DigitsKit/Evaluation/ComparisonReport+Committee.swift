extension ModelComparison {
    /// Runs every side on `images` in one pass (chunk by chunk, all sides per chunk) and compares
    /// their answers; a side is a ``Committee`` (one member: that model's own answers, exactly).
    ///
    /// - Throws: a ``FileError`` naming the member that does not fit the data or gives NaN, or an
    ///   ``EvaluationError``.
    public init(names: [String], sides: [Committee], images: LabeledImages, classCount: Int,
                chunkSize: Int = Evaluation.defaultChunkSize, progress: ((Int) -> Void)? = nil) throws {
        guard sides.count >= 2, names.count == sides.count else {
            throw EvaluationError.tooFewModels(min(names.count, sides.count))
        }
        for side in sides {
            for (name, network) in zip(side.names, side.networks) {
                try withFile(name) { try Evaluation.check(network, fits: images, classCount: classCount) }
            }
        }
        var predictions = [[Int]](repeating: [], count: sides.count)
        try Evaluation.forEachChunk(of: images.count, chunkSize: chunkSize, progress: progress) { range in
            for s in sides.indices { predictions[s] += try sides[s].predictions(for: images, range: range) }
        }
        try self.init(names: names, labels: images.labels.map(Int.init), predictions: predictions, classCount: classCount)
    }
}

extension ComparisonReport {
    /// The report of a comparison whose sides may be committees: `sides[i]` holds the models of
    /// side `i` (one for a plain model), read from `paths[i]`.
    ///
    /// A committee side's summary has `members` (its files; `path` joins them with " + "),
    /// its first member's `sizes` and `cost`, the members' total `parameterCount` and no
    /// training history; its weights are not compared (no single network has them); each
    /// metadata value is the members' common value, or "N values" when they differ.
    public init(_ comparison: ModelComparison, sides: [[Model]], paths: [[String]], dataset: String? = nil,
                split: String? = nil, warnings: [String] = []) {
        precondition(sides.count == paths.count && zip(sides, paths).allSatisfy { $0.count == $1.count && !$0.isEmpty },
                     "one path per model, at least one model per side")
        self.init(comparison, models: sides.map { $0[0] }, paths: paths.map { $0.joined(separator: " + ") },
                  dataset: dataset, split: split, warnings: warnings)
        let names = comparison.names
        for (i, side) in sides.enumerated() where side.count > 1 {
            models[i].members = paths[i]
            models[i].parameterCount = side.reduce(0) { $0 + $1.network.parameterCount }
            models[i].epochs = nil
            models[i].bestValidationAccuracy = nil
        }
        for (j, w) in weights.enumerated() {
            let committee = [0, j + 1].first { sides[$0].count > 1 }
            if let committee {
                weights[j] = WeightDifferences(first: w.first, second: w.second, layers: nil,
                                               omittedBecause: "\(names[committee]) is a committee of \(sides[committee].count) models: no single network's weights to compare")
            }
        }
        metadata = MetadataComparison.rows(sides: sides)
    }
}

extension MetadataComparison {
    /// ``rows(_:)`` of sides of one or more models: a side's value is its models' common
    /// value, "N values" when they record N different ones (a missing value counts as one).
    public static func rows(sides: [[Model]]) -> [MetadataRow] {
        rows(sides.flatMap { $0 }).map { row in
            var values: [String?] = []
            var k = 0
            for side in sides {
                let mine = row.values[k ..< k + side.count]
                k += side.count
                let distinct = Set(mine.map { $0 ?? "\u{0}" }).count
                values.append(distinct == 1 ? mine.first! : "\(distinct) values")
            }
            return MetadataRow(key: row.key, values: values, differs: Set(values.map { $0 ?? "\u{0}" }).count > 1)
        }
    }
}
