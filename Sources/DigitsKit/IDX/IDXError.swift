/// What is wrong with an IDX file; one case per distinct problem.
public enum IDXError: DigitsError, Equatable {
    /// The file has no bytes at all.
    case empty
    /// Fewer bytes than the header needs (magic + dimensions).
    case truncatedHeader(length: Int, needed: Int)
    /// The first four bytes are not `00 00 type ndims` (and the file is not gzip either).
    case badMagic(UInt32)
    /// The element type is not unsigned byte (0x08).
    case unsupportedType(UInt8)
    /// Wrong number of dimensions for the expected content (3 for images, 1 for labels).
    case wrongDimensionCount(found: Int, expected: Int)
    /// Dimension `index` (0-based) is zero.
    case zeroDimension(index: Int)
    /// Dimension `index` is larger than the documented bound.
    case dimensionTooLarge(index: Int, value: Int, limit: Int)
    /// The product of the dimensions exceeds the payload bound (or overflows).
    case payloadTooLarge(limit: Int)
    /// The header implies more data than the (compressed) file could possibly hold.
    case impliedSizeExceedsInput(implied: Int, maximum: Int)
    /// The data after the header is shorter than the dimensions imply.
    case shortPayload(expected: Int, actual: Int)
    /// There are bytes after the `expected` payload bytes.
    case trailingBytes(expected: Int)
    /// Label `index` is `label`, not below the class count.
    case labelOutOfRange(index: Int, label: UInt8, classCount: Int)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .empty: return "empty file"
        case .truncatedHeader(let length, let needed):
            return "truncated IDX header (\(length) bytes, the header needs \(needed))"
        case .badMagic(let magic):
            return "not an IDX file (magic 0x\(hex(magic, width: 8)); expected 00 00 08 0N, raw or gzip)"
        case .unsupportedType(let type):
            return "unsupported IDX element type 0x\(hex(type, width: 2)), expected 0x08 (unsigned byte)"
        case .wrongDimensionCount(let found, let expected):
            return "IDX file has \(found) dimension(s), expected \(expected) (\(expected == 3 ? "images" : "labels"), magic 0x0000080\(expected))"
        case .zeroDimension(let index): return "IDX dimension \(index) is zero"
        case .dimensionTooLarge(let index, let value, let limit):
            return "IDX dimension \(index) is \(value), more than the limit \(limit)"
        case .payloadTooLarge(let limit): return "IDX dimensions imply more than \(limit) bytes of data"
        case .impliedSizeExceedsInput(let implied, let maximum):
            return "IDX header implies \(implied) bytes of data but the file can hold at most \(maximum)"
        case .shortPayload(let expected, let actual):
            return "IDX data too short: \(actual) bytes, the dimensions imply \(expected)"
        case .trailingBytes(let expected):
            return "IDX data too long: trailing bytes after the \(expected) bytes the dimensions imply"
        case .labelOutOfRange(let index, let label, let classCount):
            return "label \(label) at index \(index) is out of range 0..<\(classCount)"
        }
    }
}
