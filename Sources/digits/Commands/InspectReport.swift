import DigitsKit
import Foundation

/// What `digits inspect` shows about a model file, as text or JSON.
struct InspectReport: Encodable {
    var file: String
    var format: String
    var elementType: String
    var fileSize: Int
    var checksum: String
    var crc32: String
    var sizes: [Int]
    var activations: [String]
    var cost: String
    var parameterCount: Int
    var parameterSHA256: String
    var metadata: [Entry]
    var ignoredMetadataEntries: Int
    var history: [EpochRecord]?

    /// One metadata entry with its type name.
    struct Entry: Encodable {
        var key: String
        var type: String
        var value: Value
    }

    /// A metadata value as JSON: bytes as a hex string, NaN as "nan".
    enum Value: Encodable {
        case string(String), int(Int64), double(Double), doubles([Double])
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .int(let i): try c.encode(i)
            case .double(let d): try c.encode(d)
            case .doubles(let ds): try c.encode(ds)
            }
        }
    }

    init(path: String, info: ModelFileInfo) {
        let net = info.model.network
        file = path
        format = "\(info.major).\(info.minor)"
        elementType = info.elementType
        fileSize = info.fileSize
        checksum = "ok"
        crc32 = "0x" + String(format: "%08x", info.checksum)
        sizes = net.sizes
        activations = net.activations.map(\.rawValue)
        cost = info.model.cost.rawValue
        parameterCount = net.parameterCount
        parameterSHA256 = ModelFile.parameterSHA256(net)
        ignoredMetadataEntries = info.ignoredMetadataEntries
        history = info.model.metadata.history
        metadata = info.model.metadata.map { key, value in
            switch value {
            case .string(let s): return Entry(key: key, type: "string", value: .string(s))
            case .int(let i): return Entry(key: key, type: "int64", value: .int(i))
            case .double(let d): return Entry(key: key, type: "float64", value: .double(d))
            case .bytes(let b): return Entry(key: key, type: "bytes", value: .string(b.map { String(format: "%02x", $0) }.joined()))
            case .doubles(let ds): return Entry(key: key, type: "float64-array", value: .doubles(ds))
            }
        }
    }

    /// The human-readable report: aligned "name: value" lines.
    var text: String {
        var lines: [(String, String)] = [
            ("file", Self.printable(file)),
            ("format", "v\(format), \(elementType), \(Format.bytes(fileSize))"),
            ("checksum", "CRC-32 \(crc32) ok"),
            ("architecture", sizes.map(String.init).joined(separator: "-") + " (\(Self.activationSummary(activations)))"),
            ("parameters", Format.grouped(parameterCount)),
            ("parameter sha256", parameterSHA256),
            ("cost", cost),
        ]
        if ignoredMetadataEntries > 0 {
            lines.append(("ignored", "\(ignoredMetadataEntries) metadata entries of types this version does not know"))
        }
        var out = Self.aligned(lines)
        out += metadata.isEmpty ? "metadata: none\n" : "metadata:\n"
        out += Self.aligned(metadata.map { ("  " + Self.printable($0.key), summary($0)) })
        return out
    }

    /// "sigmoid", or "sigmoid, softmax output" for a network whose output layer is a softmax.
    static func activationSummary(_ activations: [String]) -> String {
        guard activations.last == Activation.softmax.rawValue else { return Set(activations).sorted().joined(separator: ", ") }
        return (Set(activations.dropLast()).sorted() + ["softmax output"]).joined(separator: ", ")
    }

    private func summary(_ entry: Entry) -> String {
        if entry.key == MetadataKey.history, let history {
            return Self.historySummary(history)
        }
        switch entry.value {
        case .string(let s): return entry.type == "bytes" ? "\(s.count / 2) bytes: \(s.prefix(64))\(s.count > 64 ? "…" : "")" : Self.printable(s)
        case .int(let i): return String(i)
        case .double(let d):
            if entry.key.hasSuffix("accuracy"), d.isFinite, (0...1).contains(d) { return Format.percent(d) }
            return String(d)
        case .doubles(let ds):
            let shown = ds.prefix(6).map { String($0) }.joined(separator: ", ")
            return "[\(shown)\(ds.count > 6 ? ", … (\(ds.count) values)" : "")]"
        }
    }

    /// "30 epochs; last: validation 95.10%, test 95.00%; best validation 95.30% (epoch 27)".
    static func historySummary(_ h: [EpochRecord]) -> String {
        guard let last = h.last else { return "0 epochs" }
        var parts = ["\(h.count) epoch\(h.count == 1 ? "" : "s")"]
        var lastParts: [String] = []
        if let v = last.validationAccuracy { lastParts.append("validation \(Format.percent(v))") }
        if let t = last.testAccuracy { lastParts.append("test \(Format.percent(t))") }
        lastParts.append("cost \(String(format: "%.4g", last.trainingCost))")
        parts.append("last: " + lastParts.joined(separator: ", "))
        if let best = h.filter({ $0.validationAccuracy != nil }).max(by: { $0.validationAccuracy! < $1.validationAccuracy! }) {
            parts.append("best validation \(Format.percent(best.validationAccuracy!)) (epoch \(best.epoch))")
        }
        if let best = h.filter({ $0.testAccuracy != nil }).max(by: { $0.testAccuracy! < $1.testAccuracy! }) {
            parts.append("best test \(Format.percent(best.testAccuracy!)) (epoch \(best.epoch))")
        }
        return parts.joined(separator: "; ")
    }

    private static func aligned(_ lines: [(String, String)]) -> String {
        let width = (lines.map { $0.0.count }.max() ?? 0) + 1
        var out = ""
        for (name, value) in lines {
            let label: String = name + ":"
            out += label + String(repeating: " ", count: max(1, width + 1 - label.count))
            out += value + "\n"
        }
        return out
    }

    /// `s` safe for a terminal (``escapedForMessage(_:escapingQuotes:)``), at most 200 characters.
    static func printable(_ s: String) -> String {
        let shown = escapedForMessage(String(s.unicodeScalars.prefix(200)))
        return s.unicodeScalars.count > 200 ? shown + "…" : shown
    }
}
