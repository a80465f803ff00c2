import DigitsKit
import Foundation

/// Runs a ``Trainer`` for `digits train`: progress bar, per-epoch lines or JSON Lines, the
/// checkpoint and history files every epoch, the final model, and Ctrl-C.
struct TrainingReport {
    let command: Train
    let files: TrainingFiles

    /// One epoch, as `--json` prints it: the record's fields (``EpochRecord``) with its type and
    /// the run's planned epochs.
    struct EpochJSON: Encodable {
        var record: EpochRecord
        var epochs: Int
        private enum Keys: String, CodingKey { case type, epochs }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("epoch", forKey: .type)
            try c.encode(epochs, forKey: .epochs)
            try record.encode(to: encoder)
        }
    }

    /// The final `--json` object.
    struct SummaryJSON: Encodable {
        var type = "summary"
        var model, checkpoint, csv, svg: String
        var layers: [Int]
        var seed: UInt64
        var recipe: String?
        var augment: String
        var epochs, keptEpoch: Int
        var stoppedEarly: Bool
        var validationAccuracy: Double?
        var testAccuracy: Double
        var testCorrect, testCount: Int
        var seconds: Double
    }

    func run(_ trainer: Trainer) throws {
        let start = Date()
        let json = command.json, quiet = command.quiet, options = trainer.options, dataset = trainer.dataset
        if !quiet && !json {
            Terminal.writeError("training \(options.layers.map(String.init).joined(separator: ",")) on \(escapedForMessage(dataset.name)): "
                + "\(Format.grouped(dataset.training.count)) training, \(Format.grouped(dataset.validation.count)) validation, "
                + "\(Format.grouped(dataset.test.count)) test images; seed \(options.seed)"
                + (trainer.recipe.map { "; recipe \(escapedForMessage($0))" } ?? "")
                + (trainer.augmentation.kind == .none ? "" : "; distortions \(escapedForMessage(trainer.augmentation.summary))") + "\n")
        }
        var bar: ProgressBar?, barEpoch = 0
        if !quiet && Terminal.stderrIsTTY {
            trainer.onProgress = { p in
                if p.epoch != barEpoch {
                    barEpoch = p.epoch
                    bar = ProgressBar(label: "epoch \(p.epoch)/\(options.epochs)", total: p.total, unit: .items("img"))
                }
                bar?.update(p.done, note: p.runningCost.map { "cost \(String(format: "%.4f", $0))" })
            }
        }
        trainer.provenance = Metadata([(MetadataKey.createdAt, .string(ISO8601DateFormatter().string(from: Date()))),
                                       (MetadataKey.toolVersion, .string(Digits.version))])
        var saved = command.resume  // the checkpoint a stopped run resumes from
        let result = try StopSignal.whileRunning(stop: trainer.stop) {
            do {
                return try files.train(trainer, everyEpoch: command.saveEveryEpoch) { record in
                    bar?.finish()
                    saved = files.checkpoint
                    if json {
                        try JSONOutput.print(EpochJSON(record: record, epochs: options.epochs), compact: true)
                    } else if !quiet {
                        print(Self.line(record, epochs: options.epochs))
                    }
                    Terminal.flush()
                }
            } catch TrainingError.stopped(let done) {
                bar?.finish()
                throw Stopped(epochs: done, checkpoint: saved)
            }
        }
        bar?.finish()

        let seconds = Date().timeIntervalSince(start), testAccuracy = result.testAccuracy ?? 0
        if json {
            try JSONOutput.print(SummaryJSON(model: files.model, checkpoint: files.checkpoint, csv: files.csv, svg: files.svg,
                                             layers: options.layers, seed: options.seed, recipe: trainer.recipe,
                                             augment: trainer.augmentation.kind.rawValue, epochs: result.history.count,
                                             keptEpoch: result.keptEpoch, stoppedEarly: result.stoppedEarly,
                                             validationAccuracy: result.model.metadata.double(MetadataKey.validationAccuracy),
                                             testAccuracy: testAccuracy, testCorrect: result.testCorrect, testCount: dataset.test.count,
                                             seconds: seconds), compact: true)
        } else {
            if result.stoppedEarly {
                print("stopped early after epoch \(result.history.last?.epoch ?? 0); kept epoch \(result.keptEpoch) (best validation accuracy)")
            }
            print("test accuracy \(Format.percent(testAccuracy)) (\(Format.grouped(result.testCorrect))/\(Format.grouped(dataset.test.count))) — run took \(Format.duration(seconds))")
            print("saved \(escapedForMessage(files.model)) (history: \(escapedForMessage(files.csv)), \(escapedForMessage(files.svg)))")
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
        parts += ["η \(r.learningRate)", "took \(Format.duration(r.seconds))"]
        return parts.joined(separator: "  ")
    }

    /// Ctrl-C (or SIGTERM) stopped the run: exit 1, saying how to go on.
    struct Stopped: DigitsError {
        let epochs: Int
        let checkpoint: String?
        var kind: FailureKind { .runtime }
        var description: String {
            guard let checkpoint, epochs > 0 else { return "stopped before the first epoch finished; nothing was saved" }
            return "stopped after epoch \(epochs), saved in \(escapedForMessage(checkpoint)); "
                + "resume with: digits train --resume \(escapedForMessage(checkpoint))"
        }
    }
}
