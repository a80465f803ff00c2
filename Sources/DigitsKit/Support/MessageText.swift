/// Text helpers for one-line error messages, shared by every reader's error type.

/// `text` in double quotes, with quotes, backslashes and control, format and line-separator
/// characters escaped as `\u{…}`: a key or name read from a hostile file cannot break the
/// one-line error message or send escape sequences to the terminal.
func quotedForMessage<S: StringProtocol>(_ text: S) -> String {
    "\"" + escapedForMessage(text, escapingQuotes: true) + "\""
}

/// `text` with control, format and line-separator characters (and, with `escapingQuotes`,
/// double quotes and backslashes) escaped as `\u{…}`, for a message that quotes it its own way:
/// text from a file (a name, a metadata value) kept to one line and free of terminal escapes.
public func escapedForMessage<S: StringProtocol>(_ text: S, escapingQuotes: Bool = false) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"" where escapingQuotes: out += "\\\""
        case "\\" where escapingQuotes: out += "\\\\"
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

/// `value` in lower-case hex, zero-padded to `width` digits.
func zeroPaddedHex<T: BinaryInteger>(_ value: T, width: Int) -> String {
    let s = String(value, radix: 16)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
