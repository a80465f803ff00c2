import DigitsTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import DigitsKit

/// `digits download` against hostile mirrors and directories (issue 13), end to end: exit codes,
/// one-line errors, no secret in any output, and a bounded peak memory.
@Suite struct DownloadHardeningCLITests {
    typealias FakeDataset = DownloadCommandTests.FakeDataset

    /// Runs `digits` and samples its own VmHWM (peak RSS of its address space, from /proc) until
    /// it exits: unlike `ru_maxrss` after posix_spawn, it is never the test runner's figure.
    static func runSamplingPeak(_ arguments: [String], in directory: String) throws -> (status: Int32, stderr: String, peak: Int) {
        let errPath = directory + "/sampled-stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([digitsExecutable().path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, digitsExecutable().path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var peak = 0, status: Int32 = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peak = max(peak, kib * 1024)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            usleep(5_000)
        }
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), stderr, peak)
    }

    /// A 512 MiB-of-zeros gzip stream (about 0.5 MiB on the wire) sent with an unasked
    /// `Content-Encoding: gzip`, and a 48 MiB plain body: the download keeps the raw bytes
    /// (they are what the spec describes) and its peak RSS stays within tens of MiB of a tiny
    /// download's.
    @Test func encodedBombAndLargeBodyKeepMemoryBounded() throws {
        let directory = try TestSupport.makeTemporaryDirectory("digits-cli-bomb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bomb = Data(IDXFixtures.gzipZeros(512 << 20))
        let block = Data((0..<(64 << 10)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) })
        var large = Data()
        for _ in 0..<768 { large.append(block) }  // 48 MiB
        let small = Data(repeating: 7, count: 100)
        let names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
        let served = try ServedDataset(name: "bomb", files: [(names[0], bomb), (names[1], small), (names[2], large), (names[3], small)],
                                       specPath: directory + "/bomb.json")
        let tiny = try ServedDataset(name: "tiny", files: names.map { ($0, small) }, specPath: directory + "/tiny.json")
        let contents = served.contents
        let server = try LoopbackHTTPServer { request in
            let data = request.mirror == "tiny" ? small : contents[request.fileName] ?? Data()
            var reply = LoopbackHTTPServer.Reply.file(data, for: request)
            if request.fileName == names[0] { reply.headers.append(("Content-Encoding", "gzip")) }
            return reply
        }
        defer { server.stop() }

        let baseline = try Self.runSamplingPeak(["download", "--spec", tiny.specPath, "--mirror", server.baseURL("tiny"),
                                                 "--no-default-mirrors", "--into", directory + "/tiny"], in: directory)
        #expect(baseline.status == 0, "stderr: \(baseline.stderr)")
        let r = try Self.runSamplingPeak(["download", "--spec", served.specPath, "--mirror", server.baseURL("m"),
                                          "--no-default-mirrors", "--into", directory + "/data"], in: directory)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(FileManager.default.contents(atPath: directory + "/data/" + names[0]) == bomb, "raw bytes, not inflated")
        guard r.peak > 0, baseline.peak > 0 else {
            Issue.record("cannot read VmHWM from /proc on this system: peak memory not measured"); return
        }
        #expect(r.peak < baseline.peak + (40 << 20),
                "peak RSS \(r.peak >> 20) MiB against a tiny download's \(baseline.peak >> 20) MiB")
    }

    @Test func credentialsAreNeverPrinted() throws {
        let fake = try FakeDataset()
        defer { fake.cleanUp() }
        let server = try fake.server()
        defer { server.stop() }
        let secret = { (mirror: String) in server.baseURL(mirror).replacingOccurrences(of: "http://", with: "http://user:s3cret@") }
        // Nothing listens on port 1: connection refused.
        let refused = "http://user:s3cret@127.0.0.1:1/nothing/"
        for json in [false, true] {
            // The first mirror fails (a warning per file), the second serves the files.
            let r = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "--into", fake.target + "\(json)",
                                   "--mirror", refused, "--mirror", secret("m")] + (json ? ["--json"] : []))
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stderr.contains("http://***@127.0.0.1"), "stderr: \(r.stderr)")
            #expect(!(r.stdout + r.stderr).contains("s3cret"), "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        }
        let failed = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "--into", fake.target,
                                    "--mirror", refused])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("every mirror failed: http://***@127.0.0.1") && !failed.stderr.contains("s3cret"),
                "stderr: \(failed.stderr)")
        let bad = try runDigits(["download", "--mirror", "ftp://user:s3cret@example.org/", "--no-default-mirrors",
                                 "--into", fake.target])
        #expect(bad.status == 2 && !bad.stderr.contains("s3cret"), "stderr: \(bad.stderr)")
    }

    @Test(arguments: ["3e15", "3601", "inf", "nan"])
    func timeoutAboveTheBoundIsUsageError(value: String) throws {
        let fake = try FakeDataset()
        defer { fake.cleanUp() }
        let r = try runDigits(["download", "--no-default-mirrors", "--into", fake.target, "--timeout", value])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("at most 3600"), "stderr: \(r.stderr)")
    }

    @Test func plantedSymlinkIsExitTwoAndTheOutsideFileIsUntouched() throws {
        let fake = try FakeDataset()
        defer { fake.cleanUp() }
        let server = try fake.server()
        defer { server.stop() }
        try FileManager.default.createDirectory(atPath: fake.target, withIntermediateDirectories: true)
        let outside = fake.directory + "/outside.txt"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: outside))
        let link = fake.target + "/" + fake.names[1] + ".partial"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
        let r = try runDigits(["download", "--spec", fake.specPath, "--mirror", server.baseURL("m"),
                               "--no-default-mirrors", "--into", fake.target])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.hasSuffix("digits: \(link): a symbolic link, not a regular file; refusing to write through it\n"),
                "stderr: \(r.stderr)")
        #expect(FileManager.default.contents(atPath: outside) == Data("keep me".utf8))
    }

    @Test func specWithCollidingNamesIsExitTwo() throws {
        let fake = try FakeDataset()
        defer { fake.cleanUp() }
        let spec = fake.directory + "/collide.json"
        let md5 = String(repeating: "0", count: 32)
        let files = ["a.gz", "b.gz", "A.GZ", "d.gz"].map { #"{"name": "\#($0)", "size": 1, "md5": "\#(md5)"}"# }
        try Data(#"{"name": "c", "files": [\#(files.joined(separator: ", "))]}"#.utf8).write(to: URL(fileURLWithPath: spec))
        let r = try runDigits(["download", "--spec", spec, "--no-default-mirrors", "--into", fake.target])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("'a.gz' and 'A.GZ' would be the same file"),
                "stderr: \(r.stderr)")
    }
}
