import DigitsKit
import Foundation

/// Machine-readable output for `--json`: UTF-8 JSON on standard output, keys sorted.
enum JSONOutput {
    /// Prints `value` as JSON. `compact` gives one line (one object per line, e.g. per epoch).
    static func print<T: Encodable>(_ value: T, compact: Bool = false) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes]
                                           : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try withFile("standard output") { try encoder.encode(value) }
        // Strings from outside (file names, metadata) keep their value but lose their power
        // over a terminal: C1, bidi and line-separator characters become \uXXXX escapes.
        StandardStream.output.write(escapedJSONText(String(decoding: data, as: UTF8.self)) + "\n")
    }
}
