import Foundation
import DigitsTestSupport
import Testing
@testable import DigitsKit

/// A download that fails: `--json` reports it as a document on standard output, an offline
/// computer (no mirror reachable) is told how to go on, and no empty directory is left behind.
@Suite struct DownloadFailureCLITests {
    /// Nothing listens on port 1 of the loopback; `.invalid` never resolves (RFC 6761).
    static let refused = "http://127.0.0.1:1/nothing/"
    static let unknownHost = "http://mirror.digits.invalid/mnist/"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "stdout: \(text)")
    }

    @Test func offlineDownloadSaysHowToGoOnAndReportsTheAttemptsAsJSON() throws {
        let fake = try DownloadCommandTests.FakeDataset()
        defer { fake.cleanUp() }
        let target = fake.target + "/nested"
        for json in [false, true] {
            let r = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "-o", target,
                                   "--mirror", Self.refused, "--mirror", Self.unknownHost, "--timeout", "5"]
                                  + (json ? ["--json"] : []))
            #expect(r.status == 1, "stderr: \(r.stderr)")
            let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error") || $0.contains("every mirror failed") }
            #expect(lines.count == 1, "one error line: \(r.stderr)")
            for words in ["digits download --from DIR", "DIGITS_MIRRORS", "--data DIR", "unknown host", "connection refused"] {
                #expect(r.stderr.contains(words), "'\(words)' missing: \(r.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: fake.target), "created directory left behind")
            guard json else { #expect(r.stdout.isEmpty, "stdout: \(r.stdout)"); continue }
            let report = try Self.json(r.stdout)
            #expect(report["dataset"] as? String == "fake")
            #expect((report["files"] as? [Any])?.isEmpty == true)
            let error = try #require(report["error"] as? [String: Any])
            #expect(error["kind"] as? String == "network")
            #expect(error["exitCode"] as? Int == 1)
            #expect(error["allUnreachable"] as? Bool == true)
            #expect((error["hint"] as? String)?.contains("digits download --from DIR") == true)
            #expect(error["file"] as? String == fake.names[0])
            #expect((error["message"] as? String)?.contains("every mirror failed") == true)
            let attempts = try #require(error["attempts"] as? [[String: String]])
            #expect(attempts.map { $0["url"] } == [Self.refused + fake.names[0], Self.unknownHost + fake.names[0]])
            #expect(attempts.map { $0["reason"] } == ["connection refused", "unknown host"])
        }
    }

    @Test func aRelativeOutputDirectoryIsRemovedToo() throws {
        let fake = try DownloadCommandTests.FakeDataset()
        defer { fake.cleanUp() }
        for output in ["a", "a/b/", "./c/d"] {
            let r = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "-o", output,
                                   "--mirror", Self.refused], in: fake.directory)
            #expect(r.status == 1, "\(output): \(r.stderr)")
            for name in ["a", "c"] {
                #expect(!FileManager.default.fileExists(atPath: fake.directory + "/" + name), "\(output): \(name) left behind")
            }
        }
    }

    @Test func aMirrorThatAnswersIsNoOfflineCase() throws {
        let fake = try DownloadCommandTests.FakeDataset()
        defer { fake.cleanUp() }
        let server = try fake.server(status: 500)
        defer { server.stop() }
        try FileManager.default.createDirectory(atPath: fake.target, withIntermediateDirectories: false)
        let r = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "-o", fake.target,
                               "--mirror", Self.refused, "--mirror", server.baseURL("m"), "--json"])
        #expect(r.status == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("HTTP 500") && !r.stderr.contains("--from DIR"), "stderr: \(r.stderr)")
        let error = try #require(try Self.json(r.stdout)["error"] as? [String: Any])
        #expect(error["allUnreachable"] as? Bool == false)
        #expect(error["hint"] == nil)
        #expect((error["attempts"] as? [[String: String]])?.map { $0["reason"] } == ["connection refused", "HTTP 500"])
        // The directory was there before: it stays.
        #expect(FileManager.default.fileExists(atPath: fake.target))
    }

    @Test func aFailureAfterSomeFilesListsThemAsJSON() throws {
        let fake = try DownloadCommandTests.FakeDataset()
        defer { fake.cleanUp() }
        // Only the first file is served; the second is missing on the mirror.
        let first = fake.names[0]
        let server = try LoopbackHTTPServer { request in
            guard request.fileName == first, let data = fake.contents[first] else { return .status(404, "no such file") }
            return .file(data, for: request)
        }
        defer { server.stop() }
        let r = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "-o", fake.target,
                               "--mirror", server.baseURL("m"), "--json"])
        #expect(r.status == 1, "stderr: \(r.stderr)")
        let report = try Self.json(r.stdout)
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.map { $0["name"] as? String } == [first])
        let error = try #require(report["error"] as? [String: Any])
        #expect(error["file"] as? String == fake.names[1])
        #expect((error["attempts"] as? [[String: String]])?.map { $0["reason"] } == ["HTTP 404"])
        // The verified first file is kept, so its directory stays.
        #expect(FileManager.default.contents(atPath: fake.target + "/" + first) == fake.contents[first])
    }

    @Test func badInputIsReportedAsJSONWithItsExitCode() throws {
        let fake = try DownloadCommandTests.FakeDataset()
        defer { fake.cleanUp() }
        let r = try runDigits(["download", "--spec", fake.specPath, "--no-default-mirrors", "-o", fake.target,
                               "--from", fake.directory + "/no-such-dir", "--json"])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        let error = try #require(try Self.json(r.stdout)["error"] as? [String: Any])
        #expect(error["kind"] as? String == "bad-input")
        #expect(error["exitCode"] as? Int == 2)
        #expect(!FileManager.default.fileExists(atPath: fake.target))
    }

    @Test func trainsAutomaticDownloadOfflineSaysHowToGoOn() throws {
        let mirror = try TrainDownloadTests.Mirror()
        defer { mirror.remove() }
        let data = mirror.directory + "/data"  // does not exist yet
        let r = try mirror.train(data: data, environment: ["DIGITS_MIRRORS": "\(Self.refused) \(Self.unknownHost)",
                                                           "DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(r.status == 1, "stderr: \(r.stderr)")
        for words in ["every mirror failed", "digits download --from DIR", "DIGITS_MIRRORS", "--data DIR"] {
            #expect(r.stderr.contains(words), "'\(words)' missing: \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: data), "created directory left behind")
    }
}
