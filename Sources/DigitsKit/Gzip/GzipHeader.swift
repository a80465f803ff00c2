import CZlib

/// The fixed and optional fields of a gzip member header (RFC 1952 §2.3), parsed only to skip it.
enum GzipHeader {
    static let magic: (UInt8, UInt8) = (0x1f, 0x8b)

    // FLG bits.
    private static let fhcrc: UInt8 = 0x02
    private static let fextra: UInt8 = 0x04
    private static let fname: UInt8 = 0x08
    private static let fcomment: UInt8 = 0x10
    private static let reserved: UInt8 = 0xe0

    /// Whether `bytes` starts with the gzip magic.
    static func hasMagic(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> Bool {
        bytes.count - offset >= 2 && bytes[offset] == magic.0 && bytes[offset + 1] == magic.1
    }

    /// Parses the member header starting at `offset` and returns the offset of the deflate data.
    ///
    /// - Throws: ``GzipError`` (`.notGzip`, `.truncated`, `.unsupportedMethod`, `.reservedFlags`,
    ///   `.headerCRCMismatch`).
    static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws -> Int {
        let end = bytes.count
        guard end - offset >= 2 else { throw end == offset ? GzipError.notGzip : GzipError.truncated }
        guard hasMagic(bytes, at: offset) else { throw GzipError.notGzip }
        // ID1 ID2 CM FLG MTIME(4) XFL OS: 10 bytes.
        guard end - offset >= 10 else { throw GzipError.truncated }
        let method = bytes[offset + 2], flags = bytes[offset + 3]
        guard method == 8 else { throw GzipError.unsupportedMethod(method) }
        guard flags & reserved == 0 else { throw GzipError.reservedFlags(flags) }
        var p = offset + 10
        if flags & fextra != 0 {
            guard end - p >= 2 else { throw GzipError.truncated }
            let xlen = Int(bytes[p]) | Int(bytes[p + 1]) << 8
            guard end - p - 2 >= xlen else { throw GzipError.truncated }
            p += 2 + xlen
        }
        for flag in [fname, fcomment] where flags & flag != 0 {
            // A zero-terminated string.
            while true {
                guard p < end else { throw GzipError.truncated }
                p += 1
                if bytes[p - 1] == 0 { break }
            }
        }
        if flags & fhcrc != 0 {
            guard end - p >= 2 else { throw GzipError.truncated }
            // The low 16 bits of the CRC-32 of the header bytes before it.
            let stored = UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
            let crc = crc32_z(0, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + offset, z_size_t(p - offset))
            guard UInt16(truncatingIfNeeded: crc) == stored else { throw GzipError.headerCRCMismatch }
            p += 2
        }
        return p
    }
}
