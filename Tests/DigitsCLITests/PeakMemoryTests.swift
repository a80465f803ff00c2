import DigitsTestSupport
import Foundation
import Testing

/// Decompression bombs and absurd dimensions are rejected before any large allocation: the
/// child runs with its address space limited to 768 MiB, so allocating the 1–4 GiB the inputs
/// imply would crash it (exit by signal, not 2), and its peak RSS stays small.
///
/// On Linux a child spawned by vfork (as posix_spawn does) inherits its parent's RSS high-water
/// mark into `ru_maxrss` when it execs, so while the test runner itself is larger than the limit
/// the figure is the runner's, not the child's; then only the address-space cap speaks (see
/// ``checkPeak(_:)``).
@Suite struct PeakMemoryTests {
    static let addressSpaceLimitKiB = 768 << 10
    /// A debug `digits verify` of a tiny dataset peaks around 30 MB.
    static let peakLimit = 200 << 20

    /// `digits verify` on a dataset whose training images are `bytes`: exit 2, one line, small peak.
    func verify(images bytes: [UInt8], expecting message: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-bad-inputs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = "\(dir)/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try BadInputFixtureCLITests.writeTinyDataset(data)
        let path = "\(data)/\(BadInputFixtureCLITests.datasetNames[0])"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try runDigitsMeasured(["verify", data], addressSpaceLimitKiB: Self.addressSpaceLimitKiB, in: dir)
        #expect(r.signal == nil, "killed by signal \(r.signal ?? 0): \(r.stderr)")
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr == "digits: \(path): \(message)\n")
        checkPeak(r)
    }

    /// The child's peak RSS is under ``peakLimit`` unless the figure is only the runner's own
    /// high-water mark (read after the child ended, so it is at least what the child inherited).
    func checkPeak(_ r: MeasuredRunResult) {
        let runner = Self.runnerHighWaterMark()
        #expect(r.peakRSS > 0 && (r.peakRSS < Self.peakLimit || r.peakRSS <= runner),
                "peak RSS \(r.peakRSS) bytes (test runner's own high-water mark \(runner))")
    }

    /// VmHWM of this process, in bytes (0 when /proc is not there).
    static func runnerHighWaterMark() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kib * 1024
    }

    /// 4 MiB of gzip that inflates to 4 GiB (1024 members of 4 MiB of zeros after a valid
    /// 2-image header and data): the reader stops one byte after the 32 bytes the header implies.
    @Test func gzipBombInflatingToFourGiB() throws {
        let head = IDXFixtures.gzip(IDXFixtures.idx(dimensions: [2, 4, 4], data: []) + [UInt8](repeating: 0, count: 32), level: 9)
        let zeros = IDXFixtures.gzip([UInt8](repeating: 0, count: 4 << 20), level: 9)
        var bomb = head
        for _ in 0..<1024 { bomb += zeros }
        #expect(bomb.count < 8 << 20)
        try verify(images: bomb, expecting: "IDX data too long: trailing bytes after the 32 bytes the dimensions imply")
    }

    /// A few KiB of gzip whose header promises 1 GiB of images (16384 × 256 × 256, the bound).
    @Test func gzipHeaderClaimingOneGiB() throws {
        let file = IDXFixtures.gzip(IDXFixtures.idx(dimensions: [16384, 256, 256], data: []) + [UInt8](repeating: 0, count: 1 << 20),
                                    level: 9)
        try verify(images: file, expecting: "IDX header implies 1073741824 bytes of data but the file can hold at most \(file.count * 1040)")
    }

    /// A raw IDX header implying 4 GiB (65536 × 256 × 256, each dimension within its bound)
    /// followed by 64 bytes of data.
    @Test func rawHeaderClaimingFourGiB() throws {
        try verify(images: IDXFixtures.idx(dimensions: [65536, 256, 256], data: []) + [UInt8](repeating: 7, count: 64),
                   expecting: "IDX dimensions imply more than 1073741824 bytes of data")
    }

    /// A 64-byte model file whose header has valid sizes implying an 8 GiB file ([1048576, 2047,
    /// 1]: just under 2^31 float32 parameters): `inspect` compares the implied size with the
    /// file's before reading or allocating.
    @Test func modelHeaderClaimingEightGiB() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-bad-inputs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes: [UInt8] = [0x89, 0x44, 0x47, 0x54, 0x0d, 0x0a, 0x1a, 0x0a, 1, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0]
        for size in [UInt32(1 << 20), 2047, 1] { bytes += (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) } }
        bytes += [1, 1] + [UInt8](repeating: 0, count: 30)
        let parameters = (1 << 20) * 2047 + 2047 + 2047 + 1
        let path = "\(dir)/huge.digits"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try runDigitsMeasured(["inspect", path], addressSpaceLimitKiB: Self.addressSpaceLimitKiB, in: dir)
        #expect(r.signal == nil, "killed by signal \(r.signal ?? 0): \(r.stderr)")
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr == "digits: \(path): truncated model file: 64 bytes, the header implies at least \(34 + parameters * 4 + 4)\n")
        checkPeak(r)
    }
}
