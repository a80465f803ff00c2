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
