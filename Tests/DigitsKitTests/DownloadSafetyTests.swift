import DigitsTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import DigitsKit

/// What a download writes stays inside its directory, what it prints keeps mirror credentials
/// secret, and its timeout is bounded (issue 13).
@Suite struct DownloadSafetyTests {
    /// A file outside the download directory that a planted symlink points at.
    struct Outside {
        let directory: String
        let path: String
        static let content = Data("precious, not a dataset file\n".utf8)

        init() throws {
            directory = try TestSupport.makeTemporaryDirectory("digits-outside")
            path = directory + "/precious.txt"
            try Self.content.write(to: URL(fileURLWithPath: path))
        }
    }

    @Test(arguments: ["", ".partial"])
    func plantedSymlinkIsRefusedAndNothingOutsideIsWritten(suffix: String) throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let outside = try Outside()
        defer { TestSupport.removeDirectory(outside.directory) }
        let server = try fixture.server()
        defer { server.stop() }
        let link = fixture.path(fixture.spec.trainImages.name) + suffix
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside.path)

        #expect(throws: DownloadError.notRegularFile(path: link, what: "a symbolic link")) {
            _ = try fixture.downloader([server.baseURL("a")]).run()
        }
        #expect(DownloadError.notRegularFile(path: link, what: "a symbolic link").kind == .badInput)
        #expect(FileManager.default.contents(atPath: outside.path) == Outside.content)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == outside.path, "the link is left alone")
        #expect(server.requests.isEmpty, "nothing fetched")
    }

    /// A symlink that appears under `.partial` after the checks (a race) is still not followed:
    /// the open itself refuses it.
    @Test func partialFileIsOpenedWithoutFollowingALink() throws {
        let outside = try Outside()
        defer { TestSupport.removeDirectory(outside.directory) }
        let link = outside.directory + "/x.partial"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside.path)
        for append in [false, true] {
            #expect(throws: DownloadError.notRegularFile(path: link, what: "a symbolic link")) {
                _ = try SyncedOutputFile(path: link, append: append)
            }
        }
        #expect(FileManager.default.contents(atPath: outside.path) == Outside.content)
    }

    /// A FIFO under `.partial` is refused at once (opening it for writing would wait for a reader).
    @Test func fifoUnderThePartialNameIsRefusedWithoutHanging() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let fifo = fixture.path(fixture.spec.trainImages.name) + ".partial"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: DownloadError.notRegularFile(path: fifo, what: "a FIFO")) {
            _ = try fixture.downloader(["http://127.0.0.1:9/"]).run()
        }
        #expect(throws: DownloadError.notRegularFile(path: fifo, what: "a FIFO or socket")) {
            _ = try SyncedOutputFile(path: fifo, append: false)
        }
    }

    @Test func credentialsInAMirrorURLAreSentButNeverShown() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, _ in request.mirror == "down" ? .status(404) : nil }
        defer { server.stop() }
        let withCredentials = { (mirror: String) in
            server.baseURL(mirror).replacingOccurrences(of: "http://", with: "http://alice:s3cr%65t@") }
        var events: [String] = []
        let lock = NSLock()
        var downloader = fixture.downloader([withCredentials("down"), withCredentials("up")])
        downloader.progress = { event in lock.withLock { events.append("\(event)") } }
        let report = try downloader.run()
        fixture.expectComplete()

        // Sent as Basic authentication (percent-decoded), in the Authorization header only.
        let expected = "Basic " + Data("alice:s3cret".utf8).base64EncodedString()
        #expect(!server.requests.isEmpty && server.requests.allSatisfy { $0.headers["authorization"] == expected })
        let shown = String(decoding: try JSONEncoder().encode(report), as: UTF8.self) + lock.withLock { events.joined() }
        #expect(!shown.contains("s3cr") && !shown.contains("alice"), "\(shown)")
        #expect(report.files[0].source == "http://***@127.0.0.1:\(server.port)/up/\(fixture.spec.trainImages.name)")
        #expect(report.files[0].failedAttempts.first?.url.hasPrefix("http://***@127.0.0.1") == true)

        // In an error message too (into a fresh directory: the first has every file by now).
        let empty = try DownloadFixture()
        defer { empty.cleanUp() }
        let error = empty.expectDownloadError {
            _ = try empty.downloader([withCredentials("down")]).run()
        }
        let text = error?.description ?? ""
        #expect(text.contains("http://***@") && !text.contains("s3cr") && !text.contains("alice"), "\(text)")
        let bad = DownloadError.badMirror("ftp://bob:hunter2@example.org/x/").description
        #expect(!bad.contains("hunter2") && bad.contains("ftp://***@example.org"), "\(bad)")
    }

    @Test func redactionFindsTheCredentialsOfTheAuthorityOnly() {
        #expect(MirrorList.redacted("https://u:p@host:8/a/") == "https://***@host:8/a/")
        #expect(MirrorList.redacted("https://u:p@q@host/a@b/") == "https://***@host/a@b/")
        #expect(MirrorList.redacted("https://host/a@b/") == "https://host/a@b/")
        #expect(MirrorList.redacted("not a url") == "not a url")
        #expect(MirrorList.withoutCredentials("http://u:p@h/x") == "http://h/x")
    }

    @Test(arguments: [0, -1, 3600.5, 3e15, .infinity, .nan])
    func timeoutOutOfRangeIsBadInput(timeout: Double) throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader(["http://127.0.0.1:9/"], timeout: timeout).run() }
        guard case .badTimeout? = error else { Issue.record("expected badTimeout, got \(String(describing: error))"); return }
        #expect(error?.kind == .badInput)
        #expect(error?.description.contains("at most 3600 seconds") == true)
    }

    @Test func largestTimeoutIsAccepted() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        _ = try fixture.downloader([server.baseURL("a")], timeout: DatasetDownloader.maximumTimeout).run()
        fixture.expectComplete()
    }
}
