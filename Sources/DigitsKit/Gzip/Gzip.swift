/// gzip decompression of in-memory bytes (RFC 1952), bounded by a caller-given limit.
///
/// Byte-level API, no file I/O: usable by fuzzers and tests. See ``GzipReader`` for the rules
/// (multiple members are concatenated; anything else after the last member is an error).
public enum Gzip {
    /// Whether `bytes` starts with the gzip magic `1f 8b` (content decides, not the file name).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { GzipHeader.hasMagic($0) }
    }

    /// Decompresses a whole gzip stream, never producing more than `limit` bytes.
    ///
    /// - Throws: ``GzipError``; `.exceedsLimit(limit)` as soon as the data would exceed `limit`.
    public static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        precondition(limit >= 0, "negative limit")
        return try bytes.withUnsafeBytes { raw in
            let reader = try GzipReader(raw)
            var output: [UInt8] = []
            // Grow geometrically from a guess, never beyond the limit.
            var capacity = min(limit, max(1 << 16, raw.count.multipliedReportingOverflow(by: 4).partialValue))
            while true {
                let start = output.count
                output.append(contentsOf: repeatElement(0, count: capacity - start))
                let n = try output.withUnsafeMutableBytes { buffer in
                    try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
                }
                if start + n < capacity {
                    output.removeLast(capacity - start - n)
                    return output
                }
                if capacity == limit {
                    if try reader.hasMoreOutput() { throw GzipError.exceedsLimit(limit) }
                    return output
                }
                capacity = limit - capacity > capacity ? capacity * 2 : limit
            }
        }
    }
}
