import CZlib

/// zlib's CRC-32 (the one in gzip and PNG: polynomial 0xEDB88320, reflected, initial and final
/// XOR 0xFFFFFFFF) of `bytes[range]`.
func crc32(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
    bytes.withUnsafeBufferPointer { buf -> UInt32 in
        var crc: uLong = CZlib.crc32(0, nil, 0)
        var start = range.lowerBound
        // zlib takes a uInt length: feed huge ranges in chunks.
        while start < range.upperBound {
            let n = Swift.min(range.upperBound - start, 1 << 30)
            crc = CZlib.crc32(crc, buf.baseAddress! + start, uInt(n))
            start += n
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
