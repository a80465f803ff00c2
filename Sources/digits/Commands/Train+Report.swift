import DigitsKit
import Foundation

/// Runs a ``Trainer`` for `digits train`: progress bar, per-epoch lines or JSON Lines, the
/// checkpoint and history files every epoch, the final model, and Ctrl-C.
struct TrainingReport {
    let command: Train
    let files: TrainingFiles

    /// The optional techniques a run uses, for its first line: "Nesterov momentum",
    /// "dropout 0.5", "max-norm 3", "centred inputs".
    static func techniques(_ o: TrainingOptions) -> [String] {
        var out: [String] = []
        if o.nesterov { out.append("Nesterov momentum") }
        if o.dropout > 0 { out.append("dropout \(Format.plain(o.dropout))") }
        if let c = o.maxNorm { out.append("max-norm \(Format.plain(c))") }
        if o.centerInputs { out.append("centred inputs") }
        return out
    }

    func run(_ trainer: Trainer) throws {
        let start = Date()
        let json = command.json, quiet = command.quiet, options = trainer.options, dataset = trainer.dataset
        if !quiet && !json {
            Terminal.writeError("training \(options.layers.map(String.init).joined(separator: ",")) on \(escapedForMessage(dataset.name)): "
                + "\(Format.grouped(dataset.training.count)) training, \(Format.grouped(dataset.validation.count)) validation, "
                + "\(Format.grouped(dataset.test.count)) test images; seed \(options.seed)"
                + (trainer.recipe.map { "; recipe \(escapedForMessage($0))" } ?? "")
                + (trainer.augmentation.kind == .none ? "" : "; distortions \(escapedForMessage(trainer.augmentation.summary))")
                + Self.techniques(options).map { "; \($0)" }.joined() + "\n")
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
                                             augment: trainer.augmentation.kind.rawValue, nesterov: options.nesterov,
                                             dropout: options.dropout, maxNorm: options.maxNorm, centerInputs: options.centerInputs,
                                             epochs: result.history.count,
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
}
