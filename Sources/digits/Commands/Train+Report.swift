import DigitsKit
import Foundation

/// Runs a ``Trainer`` for `digits train`: progress bar, per-epoch lines or JSON, checkpoints,
/// and the final model with its history files.
struct TrainingReport {
    let command: Train
    let options: TrainingOptions
    let dataset: Dataset
    let paths: OutputPaths
    /// The per-epoch distortions (recorded in every checkpoint so --resume repeats them).
    let augmentation: AugmentationOptions
    let fieldPoolSize: Int
    /// The --recipe the run started from.
    let recipe: String?

    /// One epoch, as `--json` prints it.
    struct EpochJSON: Encodable {
        var type = "epoch"
        var epoch: Int
        var epochs: Int
        var trainingCost: Double
        var validationAccuracy: Double?
        var testAccuracy: Double?
        var learningRate: Double
        /// The whole epoch: training pass, validation (and test) measurement.
        var seconds: Double
        /// The training pass alone (the gradient steps over the training images).
        var trainingSeconds: Double?
    }

    /// The final `--json` object.
    struct SummaryJSON: Encodable {
        var type = "summary"
        var model: String
        var checkpoint: String
        var csv: String
        var svg: String
        var layers: [Int]
        var seed: UInt64
        var recipe: String?
        var augment: String
        var epochs: Int
        var keptEpoch: Int
        var stoppedEarly: Bool
        var validationAccuracy: Double?
        var testAccuracy: Double
        var testCorrect: Int
        var testCount: Int
        var seconds: Double
    }

    func run(_ trainer: Trainer) throws {
        let start = Date()
        let json = command.json, quiet = command.quiet
        if !quiet && !json {
            Terminal.writeError("training \(options.layers.map(String.init).joined(separator: ",")) on \(escapedForMessage(dataset.name)): "
                + "\(Format.grouped(dataset.training.count)) training, \(Format.grouped(dataset.validation.count)) validation, "
                + "\(Format.grouped(dataset.test.count)) test images; seed \(options.seed)"
                + (recipe.map { "; recipe \(escapedForMessage($0))" } ?? "")  // a resumed run's comes from the checkpoint
                + (augmentation.kind == .none ? "" : "; distortions \(escapedForMessage(augmentation.summary))") + "\n")
        }
        var bar: ProgressBar?
        var barEpoch = 0
        if !quiet && Terminal.stderrIsTTY {
            trainer.onProgress = { [unowned trainer] epoch, done, total in
                if epoch != barEpoch {
                    barEpoch = epoch
                    bar = ProgressBar(label: "epoch \(epoch)/\(options.epochs)", total: total, unit: .items("img"))
                }
                bar?.update(done, note: trainer.runningCost.map { "cost \(String(format: "%.4f", $0))" })
            }
        }
        let provenance = self.provenance()
        let saveEvery = command.saveEveryEpoch
        let checkpointPath = paths.checkpoint
        trainer.onEpoch = { [unowned trainer] record, checkpoint in
            bar?.finish()
            var model = checkpoint
            for (k, v) in provenance { model.metadata[k] = v }
            // The checkpoint is replaced atomically: a killed run loses at most this epoch.
            try ModelFile.write(model, to: [checkpointPath] + (saveEvery.map { [$0 + "/" + String(format: "epoch-%03d.digits", record.epoch)] } ?? []))
            if json {
                try JSONOutput.print(EpochJSON(epoch: record.epoch, epochs: options.epochs, trainingCost: record.trainingCost,
                                               validationAccuracy: record.validationAccuracy, testAccuracy: record.testAccuracy,
                                               learningRate: record.learningRate, seconds: record.seconds,
                                               trainingSeconds: trainer.lastEpochTrainingSeconds), compact: true)
            } else if !quiet {
                print(Self.line(record, epochs: options.epochs))
            }
            Terminal.flush()
        }
        let result = try trainer.run()
        bar?.finish()

        // Final evaluation on the test set, on no more threads than the training had.
        let predicted = try FastKernels.withThreadLimit(options.threads) { try result.model.network.predictions(for: dataset.test) }
        let correct = zip(predicted, dataset.test.labels).filter { $0 == Int($1) }.count
        let testAccuracy = dataset.test.count > 0 ? Double(correct) / Double(dataset.test.count) : 0
        var model = result.model
        for (k, v) in provenance { model.metadata[k] = v }
        model.metadata[MetadataKey.testAccuracy] = .double(testAccuracy)
        try ModelFile.write(model, to: paths.model)
        try write(TrainingHistoryReport.csv(result.history), to: paths.csv)
        var title = "\(dataset.name) [\(options.layers.map(String.init).joined(separator: ", "))], \(options.cost.rawValue), η = \(options.eta)"
        if options.lambda > 0 { title += ", λ = \(options.lambda)" }
        if options.momentum > 0 { title += ", μ = \(options.momentum)" }
        if augmentation.kind != .none { title += ", \(augmentation.kind.rawValue) distortions" }
        try write(TrainingHistoryReport.svg(result.history, title: title), to: paths.svg)

        let seconds = Date().timeIntervalSince(start)
        if json {
            try JSONOutput.print(SummaryJSON(model: paths.model, checkpoint: paths.checkpoint, csv: paths.csv, svg: paths.svg,
                                             layers: options.layers, seed: options.seed, recipe: recipe,
                                             augment: augmentation.kind.rawValue, epochs: result.history.count,
                                             keptEpoch: result.keptEpoch, stoppedEarly: result.stoppedEarly,
                                             validationAccuracy: model.metadata.double(MetadataKey.validationAccuracy),
                                             testAccuracy: testAccuracy, testCorrect: correct, testCount: dataset.test.count,
                                             seconds: seconds), compact: true)
        } else {
            if result.stoppedEarly {
                print("stopped early after epoch \(result.history.last?.epoch ?? 0); kept epoch \(result.keptEpoch) (best validation accuracy)")
            }
            print("test accuracy \(Format.percent(testAccuracy)) (\(Format.grouped(correct))/\(Format.grouped(dataset.test.count))) — run took \(Format.duration(seconds))")
            print("saved \(escapedForMessage(paths.model)) (history: \(escapedForMessage(paths.csv)), \(escapedForMessage(paths.svg)))")
        }
    }

    /// "epoch  3/30  cost 0.0712  validation 93.41%  test 93.10%  η 3.0  took 2.1s" (the epoch:
    /// its training pass and its measurements)
    static func line(_ r: EpochRecord, epochs: Int) -> String {
        let width = String(epochs).count
        var parts = ["epoch \(String(repeating: " ", count: max(0, width - String(r.epoch).count)))\(r.epoch)/\(epochs)",
                     "cost \(String(format: "%.4f", r.trainingCost))"]
        if let v = r.validationAccuracy { parts.append("validation \(Format.percent(v))") }
        if let t = r.testAccuracy { parts.append("test \(Format.percent(t))") }
        parts.append("η \(r.learningRate)")
        parts.append("took \(Format.duration(r.seconds))")
        return parts.joined(separator: "  ")
    }

    /// Metadata the library does not know: when, by what, and on which files.
    func provenance() -> [(String, MetadataValue)] {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        var out: [(String, MetadataValue)] = [
            (MetadataKey.createdAt, .string(iso.string(from: Date()))),
            (MetadataKey.toolVersion, .string(Digits.version)),
        ]
        out += augmentation.metadataEntries(fieldPoolSize: fieldPoolSize)
        if let recipe { out.append((AugmentationMetadataKey.recipe, .string(recipe))) }
        if !dataset.sha256.isEmpty {
            let files = DatasetSpecFiles.names(for: dataset.name)
            let ordered = files.isEmpty ? dataset.sha256.keys.sorted() : files
            out.append((MetadataKey.datasetSHA256, .string(ordered.compactMap { name in dataset.sha256[name].map { "\(name)=\($0)" } }.joined(separator: ";"))))
        }
        return out
    }

    /// Writes text atomically (``AtomicFile/write(_:to:)``, the library's one output writer).
    func write(_ text: String, to path: String) throws {
        try AtomicFile.write(text, to: path)
    }
}

/// The spec's file names in their canonical order, for the checksum string.
enum DatasetSpecFiles {
    static func names(for dataset: String) -> [String] {
        DatasetSpec.builtIn.first { $0.name == dataset }?.files.map(\.name) ?? []
    }
}
