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
public struct Metadata: Equatable, Sendable, Sequence {
    public private(set) var entries: [(key: String, value: MetadataValue)] = []

    public init() {}
    public init(_ entries: [(String, MetadataValue)]) {
        for (k, v) in entries { self[k] = v }
    }

    public subscript(key: String) -> MetadataValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
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
            guard case .doubles(let v)? = self[MetadataKey.history], v.count % 6 == 0 else { return nil }
            func opt(_ x: Double) -> Double? { x.isNaN ? nil : x }
            var records: [EpochRecord] = []
            for i in stride(from: 0, to: v.count, by: 6) {
                let epoch = v[i].isFinite ? Int(v[i].rounded()) : 0
                records.append(EpochRecord(epoch: epoch, trainingCost: v[i + 1],
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
