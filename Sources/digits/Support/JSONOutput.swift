import Foundation

/// Machine-readable output for `--json`: UTF-8 JSON on standard output, keys sorted.
enum JSONOutput {
    /// Prints `value` as JSON. `compact` gives one line (one object per line, e.g. per epoch).
    static func print<T: Encodable>(_ value: T, compact: Bool = false) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes]
                                           : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
