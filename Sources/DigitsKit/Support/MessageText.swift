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
            if isUnsafeForTerminal(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

/// Whether `scalar` is escaped rather than printed: a control character (C0, DEL, C1: line
/// breaks, ESC), a format character (bidi overrides and isolates, zero-width marks), a line
/// or paragraph separator, or a code point that is unassigned or private.
func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
        return true
    default:
        return false
    }
}

/// JSON text (as `JSONEncoder` writes it) with the same characters ``escapedForMessage(_:escapingQuotes:)``
/// escapes written as `\uXXXX` inside its strings: the same JSON value, but a file name holding
/// C1 controls, bidi overrides or U+2028 cannot act on a terminal that shows the JSON.
///
/// Only non-ASCII scalars and DEL are rewritten: outside strings JSON text is ASCII (its line
/// breaks and indentation must stay), and the encoder already escapes C0 controls in strings.
public func escapedJSONText(_ json: String) -> String {
    var out = ""
    out.reserveCapacity(json.utf8.count)
    for scalar in json.unicodeScalars {
        if (scalar.value >= 0x7F) && isUnsafeForTerminal(scalar) {
            for unit in String(scalar).utf16 { out += "\\u" + zeroPaddedHex(unit, width: 4) }
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// `value` in lower-case hex, zero-padded to `width` digits.
func zeroPaddedHex<T: BinaryInteger>(_ value: T, width: Int) -> String {
    let s = String(value, radix: 16)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
