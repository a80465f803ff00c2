import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// The downloader against a loopback server that misbehaves in every way issue 8 lists: each
/// test checks that the final names hold nothing or a verified file, and the error it reports.
@Suite struct DownloadFaultTests {
    typealias Reply = LoopbackHTTPServer.Reply

    @Test func downloadsAllFourFilesAndReportsThem() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        var events: [String] = []
        var downloader = fixture.downloader([server.baseURL("a")])
        let lock = NSLock()
        downloader.progress = { event in
            if case .finished(let report) = event { lock.withLock { events.append(report.name) } }
        }
        let report = try downloader.run()
        fixture.expectComplete()
        #expect(report.files.map(\.outcome) == [.downloaded, .downloaded, .downloaded, .downloaded])
        #expect(report.files.map(\.name) == fixture.spec.files.map(\.name))
        #expect(report.files[0].source == server.baseURL("a") + fixture.spec.files[0].name)
        #expect(report.files.allSatisfy { $0.failedAttempts.isEmpty && $0.matchesPublished })
        #expect(lock.withLock { events } == fixture.spec.files.map(\.name))
    }

    @Test func notFoundOnFirstMirrorFallsBackToSecond() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, _ in request.mirror == "down" ? .status(404) : nil }
        defer { server.stop() }
        let report = try fixture.downloader([server.baseURL("down"), server.baseURL("up")]).run()
        fixture.expectComplete()
        for file in report.files {
            #expect(file.source?.hasPrefix(server.baseURL("up")) == true)
            #expect(file.failedAttempts.map(\.failure) == [.httpStatus(404)])
        }
    }

    @Test(arguments: [403, 404, 500])
    func errorStatusFailsWithTheStatusInTheMessage(status: Int) throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { _, _ in .status(status, "<html>nope</html>") }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        let name = fixture.spec.trainImages.name
        #expect(error == .allMirrorsFailed(file: name, attempts: [
            DownloadAttempt(url: server.baseURL("a") + name, failure: .httpStatus(status))]))
        #expect(error?.kind == .network)
        #expect(error?.description.hasPrefix("\(name): every mirror failed: ") == true)
        #expect(error?.description.contains("(HTTP \(status))") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.path(name)))
        #expect(!FileManager.default.fileExists(atPath: fixture.path(name) + ".partial"))
    }

    @Test func everyMirrorsReasonIsOnTheOneLine() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, _ in request.mirror == "a" ? .status(403) : .status(500) }
        defer { server.stop() }
        let error = fixture.expectDownloadError {
            _ = try fixture.downloader([server.baseURL("a"), server.baseURL("b")]).run()
        }
        let text = error?.description ?? ""
        #expect(text.contains(server.baseURL("a")) && text.contains("HTTP 403"), "\(text)")
        #expect(text.contains(server.baseURL("b")) && text.contains("HTTP 500"), "\(text)")
    }

    @Test func flippedByteIsAChecksumFailureAndLeavesNothing() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, data in
            var bad = data
            bad[bad.count / 2] ^= 0x01
            return .file(bad, for: request)
        }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        guard case .allMirrorsFailed(_, let attempts)? = error, case .md5Mismatch(_, let expected)? = attempts.first?.failure else {
            Issue.record("expected an MD5 mismatch, got \(String(describing: error))"); return
        }
        #expect(expected == fixture.spec.trainImages.md5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }

    @Test func truncatedBodyNeverReachesTheFinalName() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, data in
            var reply = Reply.file(data, for: request)
            reply.sendBytes = data.count / 3
            return reply
        }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        #expect(error?.kind == .network)
        fixture.expectNothingUnverified()
        #expect(!FileManager.default.fileExists(atPath: fixture.path(fixture.spec.trainImages.name)))
        // What arrived is kept for resuming, and it is only a prefix.
        let partial = FileManager.default.contents(atPath: fixture.path(fixture.spec.trainImages.name) + ".partial") ?? Data()
        #expect(partial.count < fixture.spec.trainImages.size)
        #expect(partial == fixture.data(fixture.spec.trainImages.name).prefix(partial.count))
    }

    @Test(arguments: [100, -100])
    func lyingContentLengthIsRejected(delta: Int) throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { _, data in
            Reply(status: 200, headers: [("Content-Length", "\(data.count + delta)")], body: data)
        }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        let size = fixture.spec.trainImages.size
        guard case .allMirrorsFailed(_, let attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts.first?.failure == .wrongContentLength(announced: Int64(size + delta), expected: size))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }

    @Test func bodyLongerThanExpectedIsCutOff() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        // No Content-Length: the body runs until the connection closes, past the expected size.
        let server = try fixture.server { _, data in
            Reply(status: 200, headers: [], body: data + Data(repeating: 0x55, count: 50_000))
        }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        guard case .allMirrorsFailed(_, let attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts.first?.failure == .tooLong(expected: fixture.spec.trainImages.size))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }

    @Test func htmlPageWithStatus200IsRejected() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let page = Data("<!DOCTYPE html><html><body>Please sign in</body></html>".utf8)
        let server = try fixture.server { _, _ in
            Reply(status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "\(page.count)")], body: page)
        }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        guard case .allMirrorsFailed(_, let attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts.first?.failure == .htmlPage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }

    @Test func connectionResetMidBodyFailsThenNextMirrorResumes() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let cut = Int.random(in: 1_000..<90_000)
        let server = try fixture.server { request, data in
            guard request.mirror == "flaky" else { return nil }
            var reply = Reply.file(data, for: request)
            reply.sendBytes = min(cut, reply.body.count - 1)  // never a whole body, resumed or not
            reply.ending = .reset
            return reply
        }
        defer { server.stop() }
        // Alone, the flaky mirror fails and leaves nothing under the final name.
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("flaky")]).run() }
        #expect(error?.kind == .network, "cut at \(cut)")
        fixture.expectNothingUnverified()
        #expect(!FileManager.default.fileExists(atPath: fixture.path(fixture.spec.trainImages.name)))
        // With a good second mirror, the run completes (resuming what arrived, if anything did).
        let report = try fixture.downloader([server.baseURL("flaky"), server.baseURL("good")]).run()
        fixture.expectComplete()
        #expect(report.files.allSatisfy { $0.source?.hasPrefix(server.baseURL("good")) == true })
    }

    @Test func stallingServerTimesOut() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, data in
            var reply = Reply.file(data, for: request)
            reply.sendBytes = 1_000
            reply.ending = .stall
            return reply
        }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")], timeout: 1).run() }
        guard case .allMirrorsFailed(_, let attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts.first?.failure == .stalled(seconds: 1))
        #expect(error?.description.contains("stalled (no data for 1s)") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.path(fixture.spec.trainImages.name)))
    }

    @Test func unreachableMirrorIsANetworkError() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        // A port that was just free: nothing listens there.
        let server = try fixture.server()
        let base = server.baseURL("a")
        server.stop()
        Thread.sleep(forTimeInterval: 0.3)
        let error = fixture.expectDownloadError { _ = try fixture.downloader([base]).run() }
        #expect(error?.kind == .network)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }
}
