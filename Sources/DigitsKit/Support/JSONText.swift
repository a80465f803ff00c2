/// JSON text written by hand where the bytes must be exact (exported headers) or fast (the
/// server's answers); one quoting rule for both.
public enum JSONText {
    /// `text` as a JSON string literal (RFC 8259): `"` and `\` escaped, the C0 controls as
    /// `\n`, `\t`, `\r` or `\u00XX`; every other character as it is (UTF-8).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += "\\u" + zeroPaddedHex(scalar.value, width: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
