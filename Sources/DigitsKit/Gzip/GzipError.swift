/// What is wrong with a gzip stream; one case per distinct problem.
public enum GzipError: DigitsError, Equatable {
    /// The bytes do not start with the gzip magic `1f 8b`.
    case notGzip
    /// The compression method is not deflate (8).
    case unsupportedMethod(UInt8)
    /// Reserved flag bits are set in the member header.
    case reservedFlags(UInt8)
    /// The optional header CRC16 (FHCRC) does not match the header.
    case headerCRCMismatch
    /// The stream ends before a member is complete (inside its header, data or trailer).
    case truncated
    /// The deflate data is invalid (zlib's message).
    case corruptData(String)
    /// The CRC-32 in a member's trailer does not match the decompressed data.
    case crcMismatch(expected: UInt32, actual: UInt32)
    /// The ISIZE in a member's trailer does not match the decompressed length (mod 2^32).
    case sizeMismatch(expected: UInt32, actual: UInt32)
    /// Bytes after the last member that are not another gzip member.
    case trailingGarbage(offset: Int, count: Int)
    /// The decompressed data is larger than the caller allows.
    case exceedsLimit(Int)
    /// zlib itself failed (out of memory, version mismatch).
    case zlibFailure(code: Int32)

    public var kind: FailureKind {
        if case .zlibFailure = self { return .runtime }
        return .badInput
    }

    public var description: String {
        switch self {
        case .notGzip: return "not a gzip stream (no 1f 8b magic)"
        case .unsupportedMethod(let m): return "gzip: unsupported compression method \(m), expected 8 (deflate)"
        case .reservedFlags(let f): return "gzip: reserved header flags set (0x\(zeroPaddedHex(f, width: 2)))"
        case .headerCRCMismatch: return "gzip: header CRC16 mismatch"
        case .truncated: return "gzip: truncated (the stream ends before the gzip member is complete)"
        case .corruptData(let msg): return "gzip: corrupt deflate data (\(msg))"
        case .crcMismatch(let e, let a):
            return "gzip: CRC-32 mismatch (trailer says 0x\(zeroPaddedHex(e, width: 8)), data has 0x\(zeroPaddedHex(a, width: 8)))"
        case .sizeMismatch(let e, let a): return "gzip: ISIZE mismatch (trailer says \(e) bytes, data has \(a) mod 2^32)"
        case .trailingGarbage(let offset, let count):
            return "gzip: \(count) byte(s) of trailing garbage at offset \(offset) after the gzip stream"
        case .exceedsLimit(let limit): return "gzip: decompresses to more than \(limit) bytes"
        case .zlibFailure(let code): return "zlib failure (code \(code))"
        }
    }
}
