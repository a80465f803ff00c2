/// `text` escaped for XML character data and attribute values (the SVG reports). Control and
/// format characters (a model's file name in a title) are first made visible with
/// ``escapedForMessage(_:escapingQuotes:)``: XML 1.0 forbids most of them outright.
func xmlEscaped(_ text: String) -> String {
    escapedForMessage(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
