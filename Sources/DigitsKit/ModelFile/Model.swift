/// A saved network: its parameters, the cost it was trained with, and metadata.
///
/// This is what a model file (see `FORMAT.md` beside this file) holds.
public struct Model: Equatable, Sendable {
    public var network: Network
    /// The cost function the network was trained with.
    public var cost: Cost
    /// Typed key/value pairs: training options, dataset checksums, accuracies, history.
    public var metadata: Metadata

    public init(network: Network, cost: Cost = .quadratic, metadata: Metadata = Metadata()) {
        self.network = network
        self.cost = cost
        self.metadata = metadata
    }
}

/// One typed metadata value.
///
/// Equality compares doubles by bit pattern, so a value equals itself even when it holds NaN
/// (the training history marks unmeasured figures with NaN) and a model equals its reloaded copy.
public enum MetadataValue: Equatable, Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bytes([UInt8])
    case doubles([Double])

    public static func == (a: MetadataValue, b: MetadataValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x.bitPattern == y.bitPattern
        case let (.bytes(x), .bytes(y)): return x == y
        case let (.doubles(x), .doubles(y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
        default: return false
        }
    }
}

/// Ordered, typed key/value metadata. Keys are unique; setting an existing key replaces its value
/// in place. Unknown keys read from a newer file are kept.
///
/// Lookup goes through a key → position index, so reading or building metadata of n entries
/// costs O(n) (a file may hold 65,536 entries).
public struct Metadata: Equatable, Sendable, Sequence {
    public private(set) var entries: [(key: String, value: MetadataValue)] = []
    /// The position of every key in ``entries``.
    private var positions: [String: Int] = [:]

    public init() {}
    public init(_ entries: [(String, MetadataValue)]) {
        positions.reserveCapacity(entries.count)
        for (k, v) in entries { self[k] = v }
    }

    public subscript(key: String) -> MetadataValue? {
        get { positions[key].map { entries[$0].value } }
        set {
            if let i = positions[key] {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    positions[key] = nil
                    for j in i..<entries.count { positions[entries[j].key] = j }
                }
            } else if let newValue {
                positions[key] = entries.count
                entries.append((key, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: MetadataValue)]> {
        entries.makeIterator()
    }

    public static func == (a: Metadata, b: Metadata) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func string(_ key: String) -> String? { if case .string(let s)? = self[key] { return s }; return nil }
    public func int(_ key: String) -> Int64? { if case .int(let v)? = self[key] { return v }; return nil }
    public func double(_ key: String) -> Double? {
        switch self[key] {
        case .double(let v)?: return v
        case .int(let v)?: return Double(v)
        default: return nil
        }
    }
}

/// The well-known metadata keys. Writers use these names; readers ignore keys they do not know.
public enum MetadataKey {
    public static let createdAt = "created-at"            // string, ISO 8601 UTC
    public static let toolVersion = "tool-version"        // string
    public static let seed = "seed"                       // int
    public static let epochs = "epochs"                   // int: epochs completed
    public static let miniBatchSize = "mini-batch-size"   // int
    public static let learningRate = "learning-rate"      // double: η at the start
    public static let lambda = "lambda"                   // double: L2 strength λ
    public static let momentum = "momentum"               // double
    public static let cost = "cost"                       // string: Cost.rawValue
    public static let initialization = "initialization"   // string
    public static let datasetName = "dataset-name"        // string
    public static let datasetSHA256 = "dataset-sha256"    // string: "file=hex;file=hex;…" over the 4 files
    public static let trainingSize = "training-size"      // int
    public static let validationSize = "validation-size"  // int
    public static let validationAccuracy = "validation-accuracy" // double in [0,1]
    public static let testAccuracy = "test-accuracy"      // double in [0,1]
    public static let history = "history"                 // see TrainingHistory
    public static let threads = "threads"                 // int
}

extension MetadataKey {
    /// What each numeric (or parsed) well-known key must hold; checked when a file is read.
    public static let rules: [String: MetadataRule] = [
        seed: .anyInt,
        epochs: .int(0...Int64(TrainingOptions.maxEpochs)),
        miniBatchSize: .int(1...Int64(TrainingOptions.maxBatchSize)),
        learningRate: .positive,
        lambda: .nonNegative,
        momentum: .number("in [0, 1)") { $0 >= 0 && $0 < 1 },
        initialization: .oneOf(Initialization.self),
        trainingSize: .int(0...Int64(IDXFile.maxCount)),
        validationSize: .int(0...Int64(IDXFile.maxCount)),
        validationAccuracy: .fraction,
        testAccuracy: .fraction,
        history: .doubles { EpochRecord.problem(inHistory: $0) },
        threads: .int(1...Int64(TrainingOptions.maxThreads)),
    ]
}

/// One row of the training history: what an epoch measured.
public struct EpochRecord: Equatable, Sendable, Codable {
    public var epoch: Int
    public var trainingCost: Double
    public var validationAccuracy: Double?
    public var testAccuracy: Double?
    public var learningRate: Double
    public var seconds: Double

    public init(epoch: Int, trainingCost: Double, validationAccuracy: Double? = nil,
                testAccuracy: Double? = nil, learningRate: Double, seconds: Double) {
        self.epoch = epoch
        self.trainingCost = trainingCost
        self.validationAccuracy = validationAccuracy
        self.testAccuracy = testAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
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
