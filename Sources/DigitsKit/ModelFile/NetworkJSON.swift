/// Interoperability with the JSON files of Nielsen's `network2.py` (`Network.save`/`load`):
///
///     {"sizes": [784, 30, 10],
///      "weights": [w^1 as 30 rows of 784 numbers, w^2 as 10 rows of 30],
///      "biases": [b^1 as 30 one-number rows, b^2 as 10 one-number rows],
///      "cost": "CrossEntropyCost"}
///
/// Every layer is sigmoid, as in network2.py, except that `"LogLikelihoodCost"` (not a
/// network2.py cost) marks a network whose output layer is a softmax, trained with the
/// log-likelihood cost.
///
/// Input is hostile: at most ``maxInputSize`` bytes, strict JSON, shapes checked against
/// `sizes`, every number finite and within Float32 range. Numbers are rounded to the nearest
/// Float32 directly from their decimal text (network2.py writes float64). Output prints each
/// Float32 in its shortest form that reads back to the same Float32, so Float32 → JSON →
/// Float32 keeps every weight exactly. Metadata has no place in this format and is dropped.
public enum NetworkJSON {
    /// The largest JSON input accepted: 256 MiB (about ten million parameters at the ~25
    /// characters per number network2.py writes).
    public static let maxInputSize = 256 << 20

    /// Parses network2.py JSON into a model with empty metadata.
    public static func decode(_ bytes: [UInt8]) throws -> Model {
        guard bytes.count <= maxInputSize else { throw NetworkJSONError.tooLarge(bytes.count) }
        guard case .object(let members) = try JSONParser.parse(bytes) else {
            throw NetworkJSONError.wrongType(path: "top level", expected: "an object")
        }
        var fields: [String: JSONValue] = [:]
        for (key, value) in members {
            guard fields.updateValue(value, forKey: key) == nil else { throw NetworkJSONError.duplicateKey(key) }
        }
        func field(_ name: String) throws -> JSONValue {
            guard let v = fields[name] else { throw NetworkJSONError.missingKey(name) }
            return v
        }

        func array(_ v: JSONValue, _ path: String) throws -> [JSONValue] {
            guard let a = JSONParser.elements(v, in: bytes) else { throw NetworkJSONError.wrongType(path: path, expected: "an array") }
            return a
        }
        let sizes = try array(try field("sizes"), "sizes").enumerated().map { (i, v) in
            try layerSize(v, "sizes[\(i)]")
        }
        do { try Network.validate(sizes: sizes) } catch { throw NetworkJSONError.badSizes(oneLine(error)) }
        let layers = sizes.count - 1

        let weightList = try array(try field("weights"), "weights")
        let biasList = try array(try field("biases"), "biases")
        guard weightList.count == layers else { throw NetworkJSONError.shape(path: "weights", "\(weightList.count) matrices for \(layers) layers") }
        guard biasList.count == layers else { throw NetworkJSONError.shape(path: "biases", "\(biasList.count) vectors for \(layers) layers") }
        var weights: [[Float]] = [], biases: [[Float]] = []
        for l in 0..<layers {
            let rows = sizes[l + 1], columns = sizes[l]
            weights.append(try matrix(weightList[l], "weights[\(l)]", rows: rows, columns: columns, in: bytes))
            biases.append(try matrix(biasList[l], "biases[\(l)]", rows: rows, columns: 1, in: bytes))
        }

        guard case .string(let costName) = try field("cost") else {
            throw NetworkJSONError.wrongType(path: "cost", expected: "a string")
        }
        guard let cost = Cost.allCases.first(where: { Self.costName(for: $0) == costName }) else {
            throw NetworkJSONError.unknownCost(costName)
        }
        // Sigmoid layers; a log-likelihood network's output layer is its softmax.
        let network = try Network(sizes: sizes, weights: weights, biases: biases,
                                  activations: Array(repeating: .sigmoid, count: layers - 1) + [cost.outputActivation])
        return Model(network: network, cost: cost)
    }

    /// network2.py JSON for `model` (its metadata is not included).
    ///
    /// - Throws: ``NetworkJSONError/notFinite(path:_:)`` for a NaN or infinite parameter, which
    ///   JSON cannot hold.
    public static func encode(_ model: Model) throws -> [UInt8] {
        let net = model.network
        var out = "{\"sizes\": [" + net.sizes.map(String.init).joined(separator: ", ") + "], \"weights\": ["
        for (l, w) in net.weights.enumerated() {
            if l > 0 { out += ", " }
            let columns = net.sizes[l]
            out += "["
            for r in 0..<net.sizes[l + 1] {
                if r > 0 { out += ", " }
                out += "["
                for c in 0..<columns {
                    if c > 0 { out += ", " }
                    out += try number(w[r * columns + c], "weights[\(l)][\(r)][\(c)]")
                }
                out += "]"
            }
            out += "]"
        }
        out += "], \"biases\": ["
        for (l, b) in net.biases.enumerated() {
            if l > 0 { out += ", " }
            out += "[" + (try b.enumerated().map { "[" + (try number($1, "biases[\(l)][\($0)][0]")) + "]" }.joined(separator: ", ")) + "]"
        }
        out += "], \"cost\": \"\(Self.costName(for: model.cost))\"}"
        return Array(out.utf8)
    }

    /// The class names network2.py stores for each cost. network2.py has no log-likelihood cost
    /// (its softmax layer is network3.py's): `LogLikelihoodCost` is this tool's name for one, with
    /// a softmax output layer, which network2.py itself refuses to load (no such class).
    static func costName(for cost: Cost) -> String {
        switch cost {
        case .quadratic: return "QuadraticCost"
        case .crossEntropy: return "CrossEntropyCost"
        case .logLikelihood: return "LogLikelihoodCost"
        }
    }

    /// The shortest decimal that reads back as exactly `x`.
    private static func number(_ x: Float, _ path: String) throws -> String {
        guard x.isFinite else { throw NetworkJSONError.notFinite(path: path, x.description) }
        return x.description
    }

    /// A layer size: a non-negative integer literal (range checked by `Network.validate`).
    private static func layerSize(_ v: JSONValue, _ path: String) throws -> Int {
        guard case .number(let text) = v else { throw NetworkJSONError.wrongType(path: path, expected: "an integer") }
        guard let n = Int(text), n >= 0 else {
            throw NetworkJSONError.wrongType(path: path, expected: "a non-negative integer, not \(text.prefix(30))")
        }
        return n
    }

    /// A (rows × columns) list of lists of numbers, flattened row-major.
    private static func matrix(_ v: JSONValue, _ path: String, rows: Int, columns: Int, in bytes: [UInt8]) throws -> [Float] {
        guard let list = JSONParser.elements(v, in: bytes) else { throw NetworkJSONError.wrongType(path: path, expected: "an array") }
        guard list.count == rows else { throw NetworkJSONError.shape(path: path, "\(list.count) rows, expected \(rows)") }
        var out: [Float] = []
        // Reserve only once every row is known to hold `columns` values: they then exist in the
        // parsed input, so a lying `sizes` (e.g. [1048576, 2000] with empty rows) cannot make a
        // few KiB of JSON reserve gigabytes. Otherwise the loop below throws the shape error.
        let rowsAreFull = list.allSatisfy { row in
            switch row {
            case .array(let values): return values.count == columns
            case .numbers(let offsets): return offsets.count == columns
            default: return false
            }
        }
        if rowsAreFull { out.reserveCapacity(rows * columns) }
        for (r, rowValue) in list.enumerated() {
            switch rowValue {
            case .numbers(let offsets) where offsets.count == columns:
                // The common case, without a value per number: each text read back from the input.
                for (c, offset) in offsets.enumerated() {
                    out.append(try float(JSONParser.numberText(bytes, at: offset), "\(path)[\(r)][\(c)]"))
                }
            default:
                guard let row = JSONParser.elements(rowValue, in: bytes) else {
                    throw NetworkJSONError.wrongType(path: "\(path)[\(r)]", expected: "an array")
                }
                guard row.count == columns else {
                    throw NetworkJSONError.shape(path: "\(path)[\(r)]", "\(row.count) numbers, expected \(columns)")
                }
                for (c, x) in row.enumerated() {
                    guard case .number(let text) = x else {
                        throw NetworkJSONError.wrongType(path: "\(path)[\(r)][\(c)]", expected: "a number")
                    }
                    out.append(try float(text, "\(path)[\(r)][\(c)]"))
                }
            }
        }
        return out
    }

    /// The Float32 nearest the number's decimal text; NaN, ±Infinity and overflow rejected.
    /// (`path` is built only for an error.)
    private static func float(_ text: String, _ path: @autoclosure () -> String) throws -> Float {
        guard let x = Float(text), !x.isNaN else { throw NetworkJSONError.notFinite(path: path(), text) }
        guard x.isFinite else {
            if text.contains("Infinity") { throw NetworkJSONError.notFinite(path: path(), text) }
            throw NetworkJSONError.outOfFloat32Range(path: path(), String(text.prefix(40)))
        }
        return x
    }
}

/// What can be wrong with a network2.py JSON file (all `.badInput`).
public enum NetworkJSONError: DigitsError, Equatable {
    /// The input is larger than ``NetworkJSON/maxInputSize``.
    case tooLarge(Int)
    /// Not JSON: the problem and its byte offset.
    case syntax(offset: Int, String)
    case duplicateKey(String)
    case missingKey(String)
    /// A value of the wrong JSON type at `path` (e.g. `weights[0][3]`).
    case wrongType(path: String, expected: String)
    /// `sizes` does not describe a network this library can hold.
    case badSizes(String)
    /// A weight matrix or bias vector does not match `sizes`.
    case shape(path: String, String)
    /// NaN or ±Infinity at `path`.
    case notFinite(path: String, String)
    /// A number whose magnitude exceeds Float32's largest finite value.
    case outOfFloat32Range(path: String, String)
    /// A cost class name other than QuadraticCost and CrossEntropyCost.
    case unknownCost(String)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .tooLarge(let n): return "JSON input of \(n) bytes exceeds the limit of \(NetworkJSON.maxInputSize) bytes"
        case let .syntax(offset, message): return "invalid JSON at byte \(offset): \(message)"
        case .duplicateKey(let k): return "JSON key \(quotedForMessage(k)) appears more than once"
        case .missingKey(let k): return "network JSON has no \"\(k)\""
        case let .wrongType(path, expected): return "\(path) should be \(expected)"
        case .badSizes(let s): return "bad sizes: \(s)"
        case let .shape(path, s): return "\(path) has \(s)"
        case let .notFinite(path, text): return "\(path) is \(text): weights and biases must be finite"
        case let .outOfFloat32Range(path, text): return "\(path) = \(text) is too large for Float32"
        case .unknownCost(let c): return "unknown cost \(quotedForMessage(c.prefix(60))) (expected QuadraticCost, CrossEntropyCost or LogLikelihoodCost)"
        }
    }
}

extension NetworkJSON {
    /// Reads and decodes the JSON file at `path` (bounded before reading); errors name the file.
    public static func read(_ path: String) throws -> Model {
        try withFile(path) { try decode(FileBytes.read(path, limit: maxInputSize)) }
    }

    /// Writes `model` as JSON to `path` atomically.
    public static func write(_ model: Model, to path: String) throws {
        let bytes = try withFile(path) { try encode(model) }
        try AtomicFile.write(bytes, to: path)
    }
}
