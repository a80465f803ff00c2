import DigitsTestSupport
@testable import DigitsKit
import Testing

/// The streaming reader never decompresses more than it is asked for (what defuses bombs).
@Suite struct GzipReaderTests {
    @Test func bombIsNotInflatedBeyondWhatTheCallerReads() throws {
        // 256 MiB of zeros as 64 members of 4 MiB.
        let member = IDXFixtures.gzipZeros(4 << 20)
        let bomb = [[UInt8]](repeating: member, count: 64).flatMap { $0 }
        try bomb.withUnsafeBytes { raw in
            let reader = try GzipReader(raw)
            var buffer = [UInt8](repeating: 1, count: 1000)
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            #expect(n == 1000 && buffer.allSatisfy { $0 == 0 })
            #expect(try reader.hasMoreOutput())
            #expect(reader.totalOutput == 1001)
        }
    }

    @Test func readsExactlyAcrossMembersAndThenReportsTheEnd() throws {
        let bytes = IDXFixtures.gzip([1, 2, 3]) + IDXFixtures.gzip([]) + IDXFixtures.gzip([4, 5])
        try bytes.withUnsafeBytes { raw in
            let reader = try GzipReader(raw)
            var buffer = [UInt8](repeating: 0, count: 5)
            #expect(try buffer.withUnsafeMutableBytes { try reader.read(into: $0) } == 5)
            #expect(buffer == [1, 2, 3, 4, 5])
            #expect(try !reader.hasMoreOutput())
            #expect(try buffer.withUnsafeMutableBytes { try reader.read(into: $0) } == 0)
        }
    }
}
