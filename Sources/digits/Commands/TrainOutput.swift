import DigitsKit

/// What `digits train` prints: the JSON Lines objects (one per epoch, then a summary), the
/// per-epoch line, and the message of a stopped run.
extension TrainingReport {
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
        /// The optional techniques (maxNorm absent when off), as the model records them.
        var nesterov: Bool
        var dropout: Double
        var maxNorm: Double?
        var centerInputs: Bool
        var epochs, keptEpoch: Int
        var stoppedEarly: Bool
        var validationAccuracy: Double?
        var testAccuracy: Double
        var testCorrect, testCount: Int
        var seconds: Double
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
