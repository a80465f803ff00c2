// The training history: one record per epoch, and how a model file stores it.

/// One row of the training history: what an epoch measured.
///
/// Equality compares the figures by bit pattern (as ``MetadataValue`` does), so a record read
/// from a file, where NaN marks a figure not measured, equals itself.
public struct EpochRecord: Equatable, Sendable, Codable {
    public var epoch: Int
    /// The mean cost over the epoch's training examples (each measured before its mini-batch's
    /// update) plus the L2 term.
    public var trainingCost: Double
    public var validationAccuracy: Double?
    public var testAccuracy: Double?
    /// The learning rate η the epoch trained with.
    public var learningRate: Double
    /// The whole epoch: its training pass and its measurements.
    public var seconds: Double
    /// The training pass alone (the gradient steps over the training images); nil in a
    /// history read from a file, which stores only ``seconds``.
    public var trainingSeconds: Double?

    public init(epoch: Int, trainingCost: Double, validationAccuracy: Double? = nil,
                testAccuracy: Double? = nil, learningRate: Double, seconds: Double, trainingSeconds: Double? = nil) {
        self.epoch = epoch
        self.trainingCost = trainingCost
        self.validationAccuracy = validationAccuracy
        self.testAccuracy = testAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
        self.trainingSeconds = trainingSeconds
    }

    public static func == (a: EpochRecord, b: EpochRecord) -> Bool {
        func same(_ x: Double?, _ y: Double?) -> Bool { x?.bitPattern == y?.bitPattern }
        return a.epoch == b.epoch && same(a.trainingCost, b.trainingCost) && same(a.validationAccuracy, b.validationAccuracy)
            && same(a.testAccuracy, b.testAccuracy) && same(a.learningRate, b.learningRate) && same(a.seconds, b.seconds)
            && same(a.trainingSeconds, b.trainingSeconds)
    }
}

extension Metadata {
    /// The per-epoch training history, stored under ``MetadataKey/history`` as `.doubles`: six
    /// values per epoch (epoch, training cost, validation accuracy, test accuracy, learning rate,
    /// seconds), NaN where a figure was not measured.
    public var history: [EpochRecord]? {
        get {
            // A history that breaks its rule (only possible for metadata built in memory: the
            // reader rejects it) reads as none, never as a trap.
            guard let value = self[MetadataKey.history], case .doubles(let v) = value,
                  Metadata.satisfies(value, MetadataKey.rules, MetadataKey.history) else { return nil }
            func opt(_ x: Double) -> Double? { x.isNaN ? nil : x }
            var records: [EpochRecord] = []
            records.reserveCapacity(v.count / 6)
            for i in stride(from: 0, to: v.count, by: 6) {
                records.append(EpochRecord(epoch: Int(v[i]), trainingCost: v[i + 1],
                                           validationAccuracy: opt(v[i + 2]), testAccuracy: opt(v[i + 3]),
                                           learningRate: v[i + 4], seconds: v[i + 5]))
            }
            return records
        }
        set {
            guard let newValue else { self[MetadataKey.history] = nil; return }
            self[MetadataKey.history] = .doubles(newValue.flatMap {
                [Double($0.epoch), $0.trainingCost, $0.validationAccuracy ?? .nan,
                 $0.testAccuracy ?? .nan, $0.learningRate, $0.seconds]
            })
        }
    }
}

extension EpochRecord {
    /// Why `values` is not a stored history, or nil when it is one: six values per epoch, a
    /// whole epoch number 1…``TrainingOptions/maxEpochs``, then a cost ≥ 0, two accuracies in
    /// [0, 1], η > 0 and seconds ≥ 0, each finite or NaN (not measured).
    static func problem(inHistory values: [Double]) -> String? {
        guard values.count % 6 == 0 else { return "\(values.count) values, not 6 per epoch" }
        let maxEpoch = Double(TrainingOptions.maxEpochs)
        for start in stride(from: 0, to: values.count, by: 6) {
            let epoch = values[start]
            guard epoch >= 1, epoch <= maxEpoch, epoch == epoch.rounded() else {
                return "record \(start / 6 + 1): the epoch is \(epoch), not a whole number 1…\(TrainingOptions.maxEpochs)"
            }
            let figures: [(String, String, (Double) -> Bool)] = [
                ("training cost", "≥ 0", { $0 >= 0 }), ("validation accuracy", "in [0, 1]", { (0...1).contains($0) }),
                ("test accuracy", "in [0, 1]", { (0...1).contains($0) }), ("learning rate", "> 0", { $0 > 0 }),
                ("seconds", "≥ 0", { $0 >= 0 }),
            ]
            for (k, (name, range, isValid)) in figures.enumerated() {
                let x = values[start + 1 + k]
                if !x.isNaN && !(x.isFinite && isValid(x)) {
                    return "record \(start / 6 + 1): the \(name) is \(x), not a finite number \(range) (or NaN: not measured)"
                }
            }
        }
        return nil
    }
}
