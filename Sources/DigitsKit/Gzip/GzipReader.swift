import CZlib

/// Decompresses a gzip stream held in memory, on demand, into buffers the caller provides.
///
/// The caller decides how much to decompress: read a few header bytes, work out how much data
/// there must be, then read exactly that into its final buffer and ask ``hasMoreOutput()``.
/// Nothing beyond what the caller asks for is ever decompressed, which is what defuses gzip bombs.
///
/// Members are checked one by one: the header (RFC 1952), the raw deflate data (zlib), then the
/// trailer's CRC-32 and ISIZE. A stream may hold several members (RFC 1952 §2.2): their data is
/// concatenated, as `gzip -d` does. Any other bytes after a member are trailing garbage.
///
/// `input` must stay valid for the reader's lifetime (use it inside `withUnsafeBytes`).
final class GzipReader {
    private let input: UnsafeRawBufferPointer
    /// Offset of the first input byte not yet consumed.
    private var position: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var state: State
    /// CRC-32 and length (mod 2^32) of the current member's output so far.
    private var memberCRC: uLong = 0
    private var memberSize: UInt32 = 0
    /// Total bytes decompressed so far, over all members.
    private(set) var totalOutput = 0

    private enum State { case inMember, betweenMembers, finished }

    /// Starts reading; parses the first member header.
    ///
    /// - Throws: ``GzipError`` when the stream does not start with a valid gzip header.
    init(_ input: UnsafeRawBufferPointer) throws {
        self.input = input
        self.position = try GzipHeader.parse(input, at: 0)
        self.stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Raw deflate (negative window bits): the gzip wrapper is checked here, so that a bad CRC,
        // a bad ISIZE and trailing garbage are told apart.
        let status = inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw GzipError.zlibFailure(code: status)
        }
        self.state = .inMember
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decompresses into `buffer` until it is full or the stream ends; returns the bytes written.
    ///
    /// - Throws: ``GzipError`` for a truncated or corrupt stream, a CRC or ISIZE mismatch, or
    ///   trailing garbage reached while filling the buffer.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            switch state {
            case .finished:
                return filled
            case .betweenMembers:
                try startNextMember()
                continue
            case .inMember:
                break
            }
            let inputLeft = input.count - position
            let room = buffer.count - filled
            let out = (base + filled).assumingMemoryBound(to: Bytef.self)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map {
                ($0 + position).assumingMemoryBound(to: Bytef.self)
            })
            stream.pointee.avail_in = uInt(min(inputLeft, Int(uInt.max)))
            stream.pointee.next_out = out
            stream.pointee.avail_out = uInt(min(room, Int(uInt.max)))
            let availIn = stream.pointee.avail_in, availOut = stream.pointee.avail_out
            let status = inflate(stream, Z_NO_FLUSH)
            let consumed = Int(availIn - stream.pointee.avail_in)
            let produced = Int(availOut - stream.pointee.avail_out)
            if produced > 0 {
                memberCRC = crc32_z(memberCRC, out, z_size_t(produced))
                memberSize &+= UInt32(truncatingIfNeeded: produced)
            }
            position += consumed
            filled += produced
            totalOutput += produced
            switch status {
            case Z_STREAM_END:
                try finishMember()
            case Z_OK:
                if consumed == 0 && produced == 0 { throw GzipError.truncated }
            case Z_BUF_ERROR:
                // No progress possible: with room left in the buffer, that means no input left.
                throw GzipError.truncated
            case Z_DATA_ERROR, Z_NEED_DICT:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                throw GzipError.corruptData(message)
            default:
                throw GzipError.zlibFailure(code: status)
            }
        }
        return filled
    }

    /// Whether the stream holds more data; checks the rest of the stream (trailers, further
    /// members, trailing garbage) when it does not. Decompresses at most one more byte.
    func hasMoreOutput() throws -> Bool {
        var byte: UInt8 = 0
        let n = try withUnsafeMutableBytes(of: &byte) { try read(into: $0) }
        return n > 0
    }

    /// Checks the trailer of the member that just ended.
    private func finishMember() throws {
        guard input.count - position >= 8 else { throw GzipError.truncated }
        let crc = littleEndianUInt32(at: position)
        let size = littleEndianUInt32(at: position + 4)
        let actualCRC = UInt32(truncatingIfNeeded: memberCRC)
        guard crc == actualCRC else { throw GzipError.crcMismatch(expected: crc, actual: actualCRC) }
        guard size == memberSize else { throw GzipError.sizeMismatch(expected: size, actual: memberSize) }
        position += 8
        state = .betweenMembers
    }

    /// At the end of a member: the input ends, or another member starts, or it is garbage.
    private func startNextMember() throws {
        if position == input.count {
            state = .finished
            return
        }
        guard GzipHeader.hasMagic(input, at: position) else {
            throw GzipError.trailingGarbage(offset: position, count: input.count - position)
        }
        position = try GzipHeader.parse(input, at: position)
        let status = inflateReset(stream)
        guard status == Z_OK else { throw GzipError.zlibFailure(code: status) }
        memberCRC = 0
        memberSize = 0
        state = .inMember
    }

    private func littleEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(input[offset]) | UInt32(input[offset + 1]) << 8 | UInt32(input[offset + 2]) << 16
            | UInt32(input[offset + 3]) << 24
    }
}
