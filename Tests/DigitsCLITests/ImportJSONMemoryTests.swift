import DigitsTestSupport
import Foundation
import Testing

/// `digits import-json` holds the file, a compact parse of it (4 bytes a number) and the
/// parameters: its peak RSS stays within about 3× the file's size above a tiny import's.
///
/// The figure comes from `wait4` on a process that python3 forks and execs (a real fork of a
/// small process): a child spawned straight from the test runner by vfork would report the
/// runner's own high-water mark instead (see ``PeakMemoryTests``).
@Suite struct ImportJSONMemoryTests {
    /// network2.py-style JSON: every number printed like Python's repr of a float64.
    static func networkJSON(sizes: [Int]) -> [UInt8] {
        var out = Array("{\"sizes\": [\(sizes.map(String.init).joined(separator: ", "))], \"weights\": [".utf8)
        var k: UInt64 = 1
        func number() -> [UInt8] {
            k = k &* 6364136223846793005 &+ 1442695040888963407
            // 17 significant digits, as repr gives for most float64s: -0.xxxxxxxxxxxxxxxxx
            let digits = String(k >> 8 % 100_000_000_000_000_000)
            return Array(((k & 1 == 0 ? "-" : "") + "0." + String(repeating: "0", count: max(0, 17 - digits.count)) + digits).utf8)
        }
        for l in 1..<sizes.count {
            if l > 1 { out += Array(", ".utf8) }
            out.append(UInt8(ascii: "["))
            for r in 0..<sizes[l] {
                if r > 0 { out += Array(", ".utf8) }
                out.append(UInt8(ascii: "["))
                for c in 0..<sizes[l - 1] {
                    if c > 0 { out += Array(", ".utf8) }
                    out += number()
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out += Array("], \"biases\": [".utf8)
        for l in 1..<sizes.count {
            if l > 1 { out += Array(", ".utf8) }
            out += Array("[".utf8) + (0..<sizes[l]).map { _ in [UInt8(ascii: "[")] + number() + [UInt8(ascii: "]")] }.joined(separator: Array(", ".utf8)) + Array("]".utf8)
        }
        out += Array("], \"cost\": \"CrossEntropyCost\"}".utf8)
        return out
    }

    /// Peak RSS (bytes) of `digits ARGUMENTS` run as a forked child of python3, or nil without python3.
    static func peakRSS(_ arguments: [String], in dir: String) throws -> (status: Int32, stderr: String, peak: Int)? {
        let script = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                err = os.open(sys.argv[1] + "/stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(err, 2)
                os.execv(sys.argv[2], sys.argv[2:])
            _, status, usage = os.wait4(pid, 0)
            open(sys.argv[1] + "/peak", "w").write("%d %d" % (os.waitstatus_to_exitcode(status), usage.ru_maxrss))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, dir, digitsExecutable().path] + arguments
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let text = try? String(contentsOfFile: dir + "/peak", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ").compactMap { Int($0) }
        guard fields.count == 2 else { return nil }
        let stderr = (try? String(contentsOfFile: dir + "/stderr", encoding: .utf8)) ?? ""
        return (Int32(fields[0]), stderr, fields[1] * 1024)  // ru_maxrss is in KiB on Linux
    }

    @Test func peakIsWithinThreeTimesTheFileSize() throws {
        #if os(Linux)
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let big = Self.networkJSON(sizes: [784, 800, 10])
        try Data(big).write(to: URL(fileURLWithPath: dir + "/big.json"))
        try Data(Self.networkJSON(sizes: [2, 2])).write(to: URL(fileURLWithPath: dir + "/tiny.json"))
        guard let tiny = try Self.peakRSS(["import-json", dir + "/tiny.json", "-o", dir + "/tiny.digits"], in: dir) else {
            Issue.record("cannot measure: python3 is not available to fork the measured process")
            return
        }
        #expect(tiny.status == 0, "\(tiny.stderr)")
        let large = try #require(try Self.peakRSS(["import-json", dir + "/big.json", "-o", dir + "/big.digits"], in: dir))
        #expect(large.status == 0, "\(large.stderr)")
        let ratio = Double(large.peak - tiny.peak) / Double(big.count)
        print("import-json: \(big.count) bytes of JSON, peak RSS \(large.peak) bytes (tiny import \(tiny.peak)): \(ratio)× the file above baseline")
        #expect(ratio <= 3, "peak \(large.peak) bytes, baseline \(tiny.peak), file \(big.count) bytes")
        #else
        Issue.record("peak RSS via wait4 after a fork is measured on Linux only")
        #endif
    }
}
