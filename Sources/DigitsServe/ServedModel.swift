import DigitsKit

/// A model loaded once at start, with the classifier every request uses.
public struct ServedModel: Sendable {
    /// The name requests pick it by: the file name without its extension.
    public let name: String
    /// The file it was read from.
    public let path: String
    public let model: Model
    /// Preprocessing and inference, the same as `digits classify`.
    public let classifier: DigitClassifier

    /// Reads the model at `path` (``ModelFile/read(_:)``); errors name the file.
    public init(path: String) throws {
        let model = try ModelFile.read(path)
        do {
            classifier = try DigitClassifier(network: model.network)
        } catch let error as any DigitsError {
            throw error.about(path)
        }
        self.model = model
        self.path = path
        self.name = ServedModel.name(of: path)
    }

    /// `models/best.digits` → `best`.
    static func name(of path: String) -> String {
        var base = Substring(path)
        while base.count > 1, base.hasSuffix("/") { base = base.dropLast() }
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = base[..<dot] }
        return String(base)
    }

    /// What `GET /api/models` says about it.
    var summary: ModelSummary {
        let metadata = model.metadata
        var entries: [String: MetadataJSON] = [:]
        for (key, value) in metadata where key != MetadataKey.history {
            switch value {
            case .string(let s): entries[key] = .string(s)
            case .int(let i): entries[key] = .number(Double(i))
            case .double(let d): entries[key] = d.isFinite ? .number(d) : .null
            case .bytes, .doubles: continue  // raw data, not a fact for the page
            }
        }
        let accuracy = metadata.double(MetadataKey.testAccuracy)
        return ModelSummary(name: name, layers: model.network.sizes, cost: model.cost.rawValue,
                            parameters: model.network.sizes.indices.dropFirst().reduce(0) {
                                $0 + model.network.sizes[$1] * (model.network.sizes[$1 - 1] + 1)
                            },
                            testAccuracy: accuracy.flatMap { $0.isFinite ? $0 : nil },
                            metadata: entries)
    }
}

/// One entry of `GET /api/models`.
struct ModelSummary: Encodable {
    var name: String
    var layers: [Int]
    var cost: String
    var parameters: Int
    /// The `test-accuracy` metadata entry, in [0, 1], when the model has one.
    var testAccuracy: Double?
    /// String and number metadata entries (the training history and raw arrays left out).
    var metadata: [String: MetadataJSON]
}

/// A metadata value as JSON.
enum MetadataJSON: Encodable {
    case string(String)
    case number(Double)
    case null

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d): try c.encode(d)
        case .null: try c.encodeNil()
        }
    }
}
