/// A parsed JSON value. Numbers keep their source text so that each use can convert it exactly
/// (a weight straight to the nearest Float32, a layer size to an integer).
///
/// An array holding only numbers (a row of weights) is kept as the offsets of their texts in
/// the input (``numbers``): 4 bytes a number instead of a value and a string each, so a parsed
/// network2.py file takes a fraction of the file's own size (the texts are read back from the
/// input with ``JSONParser/numberText(_:at:)`` when used).
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// The number's text as written (`NaN`, `Infinity` and `-Infinity`, which Python writes for
    /// non-finite floats, are kept here too so they can be rejected by name).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An array of numbers only, non-empty: each number's byte offset in the parsed input.
    case numbers([UInt32])
    /// Members in source order.
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)), let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.numbers(x), .numbers(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

/// A small strict JSON parser (RFC 8259) for untrusted input: bounded nesting, every index
/// checked, invalid UTF-8 rejected, errors carry the byte offset. Never traps.
struct JSONParser {
    /// The deepest nesting accepted (network2.py files need 4).
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var i = 0

    /// Parses one JSON document (surrounding whitespace allowed, nothing else).
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.fail("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ message: String) -> NetworkJSONError { .syntax(offset: i, message) }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
    }

    private mutating func expect(_ literal: String) throws {
        for c in literal.utf8 {
            guard peek == c else { throw fail("expected \"\(literal)\"") }
            i += 1
        }
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
        guard let c = peek else { throw fail("unexpected end of input") }
        switch c {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "N"), UInt8(ascii: "I"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            try numberToken()
            return .number(String(decoding: bytes[start..<i], as: UTF8.self))
        default: throw fail("unexpected character")
        }
    }

    /// Whether `c` starts a number (or NaN, Infinity, -Infinity).
    private static func startsNumber(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "N") || c == UInt8(ascii: "I") || c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// Skips one number, `NaN`, `Infinity` or `-Infinity` starting at a byte that ``startsNumber(_:)``.
    private mutating func numberToken() throws {
        switch peek {
        case UInt8(ascii: "N"): try expect("NaN")
        case UInt8(ascii: "I"): try expect("Infinity")
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "I"): try expect("-Infinity")
        default: try number()
        }
    }

    /// The text of the number that starts at `offset` of `bytes`, which ``parse(_:)`` accepted
    /// (the offsets a ``JSONValue/numbers(_:)`` holds).
    static func numberText(_ bytes: [UInt8], at offset: UInt32) -> String {
        var p = JSONParser(bytes: bytes)
        p.i = Int(offset)
        try? p.numberToken()
        return String(decoding: bytes[Int(offset)..<p.i], as: UTF8.self)
    }

    /// The elements of an array value, ``JSONValue/numbers(_:)`` spelled out (nil for a non-array).
    static func elements(_ value: JSONValue, in bytes: [UInt8]) -> [JSONValue]? {
        switch value {
        case .array(let a): return a
        case .numbers(let offsets): return offsets.map { .number(numberText(bytes, at: $0)) }
        default: return nil
        }
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let key = try string()
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard let c = peek else { throw fail("unterminated object") }
            i += 1
            if c == UInt8(ascii: "}") { return .object(members) }
            guard c == UInt8(ascii: ",") else { i -= 1; throw fail("expected ',' or '}'") }
        }
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        i += 1
        var elements: [JSONValue] = []
        // While every element so far is a number (and a number is allowed at this depth), only
        // their offsets are kept; the first other element turns them into values.
        var offsets: [UInt32] = []
        var onlyNumbers = depth + 1 < JSONParser.maxDepth
        skipSpace()
        if peek == UInt8(ascii: "]") { i += 1; return .array(elements) }
        while true {
            skipSpace()
            if onlyNumbers, let c = peek, Self.startsNumber(c) {
                offsets.append(UInt32(i))
                try numberToken()
            } else {
                if onlyNumbers {
                    onlyNumbers = false
                    elements = offsets.map { .number(Self.numberText(bytes, at: $0)) }
                    offsets = []
                }
                elements.append(try value(depth: depth + 1))
            }
            skipSpace()
            guard let c = peek else { throw fail("unterminated array") }
            i += 1
            if c == UInt8(ascii: "]") { return onlyNumbers ? .numbers(offsets) : .array(elements) }
            guard c == UInt8(ascii: ",") else { i -= 1; throw fail("expected ',' or ']'") }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws {
        func digits() -> Int {
            let s = i
            while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { i += 1 }
            return i - s
        }
        if peek == UInt8(ascii: "-") { i += 1 }
        if peek == UInt8(ascii: "0") {
            i += 1
        } else if digits() == 0 {
            throw fail("malformed number")
        }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw fail("malformed number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("malformed number") }
        }
    }

    private mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw fail("unterminated string") }
            i += 1
            switch c {
            case UInt8(ascii: "\""):
                guard let s = String(validatingUTF8Bytes: out) else { throw fail("string is not valid UTF-8") }
                return s
            case 0..<0x20:
                i -= 1
                throw fail("control character in string")
            case UInt8(ascii: "\\"):
                guard let e = peek else { throw fail("unterminated string") }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        try expect("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("unpaired surrogate") }
                    out += Array(String(Character(u)).utf8)
                default:
                    throw fail("bad escape")
                }
            default:
                out.append(c)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek, let d = hexDigit(c) else { throw fail("bad \\u escape") }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
