/// Where an IDX parser takes its bytes from: the raw file, or a gzip stream decompressed on demand.
enum IDXByteSource {
    case raw(RawBytes)
    case gzip(GzipReader, compressedSize: Int)

    /// The largest raw deflate expansion: 258 bytes from 2 bits (1032:1); rounded up for safety.
    static let maxDeflateRatio = 1040

    var isGzip: Bool {
        if case .gzip = self { return true }
        return false
    }

    /// Fills `buffer` unless the data ends first; returns the bytes written.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch self {
        case .raw(let bytes): return bytes.read(into: buffer)
        case .gzip(let reader, _): return try reader.read(into: buffer)
        }
    }

    /// Whether any data is left (for gzip: also checks the rest of the stream when none is).
    func hasMore() throws -> Bool {
        switch self {
        case .raw(let bytes): return bytes.remaining > 0
        case .gzip(let reader, _): return try reader.hasMoreOutput()
        }
    }

    /// An upper bound on the data left: exact for raw bytes, the deflate limit for gzip. Lets a
    /// header that promises more than the file can hold be rejected before allocating.
    var maximumRemaining: Int {
        switch self {
        case .raw(let bytes): return bytes.remaining
        case .gzip(_, let compressedSize):
            return compressedSize.multipliedReportingOverflow(by: Self.maxDeflateRatio).partialValue
        }
    }
}

/// Uncompressed bytes read front to back.
final class RawBytes {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, remaining)
        guard n > 0, let source = bytes.baseAddress, let target = buffer.baseAddress else { return 0 }
        target.copyMemory(from: source + position, byteCount: n)
        position += n
        return n
    }
}
