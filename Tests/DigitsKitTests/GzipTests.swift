import DigitsTestSupport
import DigitsKit
import Testing

@Suite struct GzipTests {
    let payload: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 31 + $0 / 7) }

    @Test func roundTripsZlibOutput() throws {
        let gz = IDXFixtures.gzip(payload)
        #expect(Gzip.isGzip(gz))
        #expect(try Gzip.decompress(gz, limit: 10_000) == payload)
        #expect(try Gzip.decompress(gz, limit: payload.count) == payload)
    }

    @Test func emptyPayload() throws {
        #expect(try Gzip.decompress(IDXFixtures.gzip([]), limit: 0) == [])
    }

    @Test func concatenatedMembersAreOneStream() throws {
        let gz = IDXFixtures.gzip(Array(payload[..<1000])) + IDXFixtures.gzip([]) + IDXFixtures.gzip(Array(payload[1000...]))
        #expect(try Gzip.decompress(gz, limit: 1 << 20) == payload)
    }

    @Test func optionalHeaderFieldsAreSkipped() throws {
        let gz = IDXFixtures.gzip(payload)
        // FEXTRA (2 bytes), FNAME "a.idx", FCOMMENT "c", FHCRC (low 16 bits of the header's CRC-32).
        var header: [UInt8] = [0x1f, 0x8b, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3]
        header += [2, 0, 0xAB, 0xCD] + Array("a.idx".utf8) + [0] + Array("c".utf8) + [0]
        let crc = crc32Of(header)
        header += [UInt8(crc & 0xff), UInt8(crc >> 8 & 0xff)]
        #expect(try Gzip.decompress(header + gz[10...], limit: 1 << 20) == payload)
        var badHeaderCRC = header
        badHeaderCRC[badHeaderCRC.count - 1] ^= 0xff
        #expect(throws: GzipError.headerCRCMismatch) { try Gzip.decompress(badHeaderCRC + gz[10...], limit: 1 << 20) }
    }

    @Test func notGzip() {
        #expect(throws: GzipError.notGzip) { try Gzip.decompress(Array("hello".utf8), limit: 100) }
        #expect(throws: GzipError.notGzip) { try Gzip.decompress([], limit: 100) }
    }

    @Test func unsupportedMethodAndReservedFlags() {
        var gz = IDXFixtures.gzip(payload)
        gz[2] = 7
        #expect(throws: GzipError.unsupportedMethod(7)) { try Gzip.decompress(gz, limit: 1 << 20) }
        gz = IDXFixtures.gzip(payload)
        gz[3] = 0x20
        #expect(throws: GzipError.reservedFlags(0x20)) { try Gzip.decompress(gz, limit: 1 << 20) }
    }

    @Test(arguments: [2, 5, 9, 10, 11, 100, -9, -8, -5, -1])
    func truncatedAtEveryKindOfOffset(cut: Int) {
        let gz = IDXFixtures.gzip(payload)
        let length = cut >= 0 ? cut : gz.count + cut
        #expect(throws: GzipError.truncated) { try Gzip.decompress(Array(gz[..<length]), limit: 1 << 20) }
    }

    @Test func badCRC() {
        var gz = IDXFixtures.gzip(payload)
        gz[gz.count - 8] ^= 0x01
        #expect {
            try Gzip.decompress(gz, limit: 1 << 20)
        } throws: { error in
            if case GzipError.crcMismatch = error { return true }
            return false
        }
    }

    @Test func badISIZE() {
        var gz = IDXFixtures.gzip(payload)
        gz[gz.count - 4] ^= 0x01
        #expect(throws: GzipError.sizeMismatch(expected: UInt32(payload.count) ^ 1, actual: UInt32(payload.count))) {
            try Gzip.decompress(gz, limit: 1 << 20)
        }
    }

    @Test func trailingGarbageAfterTheStream() {
        let gz = IDXFixtures.gzip(payload)
        #expect(throws: GzipError.trailingGarbage(offset: gz.count, count: 3)) {
            try Gzip.decompress(gz + [0, 0, 0], limit: 1 << 20)
        }
        #expect(throws: GzipError.trailingGarbage(offset: gz.count, count: 1)) {
            try Gzip.decompress(gz + [0x1f], limit: 1 << 20)
        }
    }

    @Test func corruptDeflateData() {
        var gz = IDXFixtures.gzip(payload)
        gz[10] = 0xff  // block type 3 (reserved) in the first deflate block header
        #expect {
            try Gzip.decompress(gz, limit: 1 << 20)
        } throws: { error in
            if case GzipError.corruptData = error { return true }
            return false
        }
    }

    @Test func bombStopsAtTheLimit() {
        // 64 MiB of zeros in about 64 KiB.
        let bomb = IDXFixtures.gzipZeros(64 << 20)
        #expect(bomb.count < 200_000)
        #expect(throws: GzipError.exceedsLimit(1 << 16)) { try Gzip.decompress(bomb, limit: 1 << 16) }
    }

    private func crc32Of(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
