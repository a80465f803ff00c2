import DigitsKit

/// The model's metadata as string pairs, for formats whose metadata is text only (ONNX
/// `metadata_props`, the safetensors `__metadata__`).
///
/// Every entry of the model file's metadata keeps its key (the names `digits inspect` shows:
/// training options, `dataset-sha256`, `test-accuracy`, …) with its value as text: strings as
/// they are, integers in decimal, doubles in the shortest form that reads back to the same
/// double (`nan`, `inf`, `-inf` for the non-finite), double arrays (the training history) as
/// those numbers separated by commas, bytes as lower-case hex. Then four entries describing the
/// network itself, which replace any metadata entry of the same name: ``architectureKey``
/// (layer sizes, `784-30-10`), ``activationsKey`` (one per layer, comma-separated),
/// ``costKey`` and ``parameterHashKey`` (``ModelFile/parameterSHA256(_:)``).
///
/// The pairs are sorted by key (bytewise UTF-8), so the same model always gives the same bytes.
public enum ExportMetadata {
    public static let architectureKey = "architecture"
    public static let activationsKey = "activations"
    public static let costKey = MetadataKey.cost
    public static let parameterHashKey = "parameter-sha256"

    /// The pairs for `model`, sorted by key.
    public static func pairs(_ model: Model) -> [(key: String, value: String)] {
        var byKey: [String: String] = [:]
        for (key, value) in model.metadata { byKey[key] = text(value) }
        let net = model.network
        byKey[architectureKey] = net.sizes.map(String.init).joined(separator: "-")
        byKey[activationsKey] = net.activations.map(\.rawValue).joined(separator: ",")
        byKey[costKey] = model.cost.rawValue
        byKey[parameterHashKey] = ModelFile.parameterSHA256(net)
        return byKey.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { (key: $0.key, value: $0.value) }
    }

    /// One metadata value as text (see the type's documentation).
    static func text(_ value: MetadataValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return number(d)
        case .doubles(let ds): return ds.map(number).joined(separator: ",")
        case .bytes(let b): return DatasetChecksum.hex(b)
        }
    }

    /// The shortest round-tripping decimal, with lower-case names for the non-finite values.
    private static func number(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }
}
