import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// Re-running: files already in place are re-verified and skipped, corrupt ones replaced, and a
/// `.partial` from an interrupted run resumed with HTTP Range but never trusted unverified.
@Suite struct DownloadResumeTests {
    typealias Reply = LoopbackHTTPServer.Reply

    @Test func validFilesAlreadyPresentAreSkippedWithoutARequest() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        _ = try fixture.downloader([server.baseURL("a")]).run()
        let asked = server.requests.count
        let report = try fixture.downloader([server.baseURL("a")]).run()
        #expect(report.files.map(\.outcome) == Array(repeating: .alreadyValid, count: 4))
        #expect(server.requests.count == asked)
        fixture.expectComplete()
    }

    @Test func corruptFileAlreadyPresentIsReplaced() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        let name = fixture.spec.testLabels.name
        var corrupt = fixture.data(name)
        corrupt[0] ^= 0xFF  // same size, wrong bytes: only the MD5 can tell
        try corrupt.write(to: URL(fileURLWithPath: fixture.path(name)))
        let report = try fixture.downloader([server.baseURL("a")]).run()
        #expect(report.files.last?.outcome == .downloaded)
        fixture.expectComplete()
    }

    @Test func corruptFileStaysAwayWhenNoMirrorCanReplaceIt() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { _, _ in .status(404) }
        defer { server.stop() }
        let name = fixture.spec.trainImages.name
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: fixture.path(name)))
        _ = fixture.expectDownloadError { _ = try fixture.downloader([server.baseURL("a")]).run() }
        #expect(!FileManager.default.fileExists(atPath: fixture.path(name)))
        #expect(!DatasetDownloader.isComplete(directory: fixture.directory, spec: fixture.spec))
    }

    @Test func partialFileIsResumedWithARangeRequest() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        let name = fixture.spec.trainImages.name
        let kept = 40_000
        try fixture.data(name).prefix(kept).write(to: URL(fileURLWithPath: fixture.path(name) + ".partial"))
        let report = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        #expect(report.files[0].resumed)
        #expect(report.files[0].failedAttempts.isEmpty)
        #expect(server.requests.first { $0.fileName == name }?.rangeStart == kept)
    }

    @Test func stalePartialFailsVerificationAndIsRestartedFromScratch() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        let name = fixture.spec.trainImages.name
        try Data(repeating: 0xAB, count: 10_000).write(to: URL(fileURLWithPath: fixture.path(name) + ".partial"))
        let report = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        let file = report.files[0]
        #expect(!file.resumed)
        guard case .md5Mismatch? = file.failedAttempts.first?.failure else {
            Issue.record("expected the resumed attempt to fail its MD5: \(file.failedAttempts)"); return
        }
        let ranges = server.requests.filter { $0.fileName == name }.map(\.rangeStart)
        #expect(ranges == [10_000, nil])
    }

    @Test func serverIgnoringRangeRestartsTheFileCleanly() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        // Always the whole file with 200, whatever the Range header says.
        let server = try fixture.server { _, data in
            Reply(status: 200, headers: [("Content-Length", "\(data.count)")], body: data)
        }
        defer { server.stop() }
        let name = fixture.spec.trainImages.name
        try fixture.data(name).prefix(30_000).write(to: URL(fileURLWithPath: fixture.path(name) + ".partial"))
        let report = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        #expect(!report.files[0].resumed)
        #expect(report.files[0].failedAttempts.isEmpty)
    }

    @Test func wrongContentRangeIsNotAppended() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        // A 206 that starts at byte 0 instead of where the partial file ends.
        let server = try fixture.server { request, data in
            guard request.rangeStart != nil else { return nil }
            return Reply(status: 206, headers: [("Content-Length", "\(data.count)"),
                                                ("Content-Range", "bytes 0-\(data.count - 1)/\(data.count)")], body: data)
        }
        defer { server.stop() }
        let name = fixture.spec.trainImages.name
        try fixture.data(name).prefix(5_000).write(to: URL(fileURLWithPath: fixture.path(name) + ".partial"))
        let report = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        guard case .badContentRange? = report.files[0].failedAttempts.first?.failure else {
            Issue.record("expected a bad Content-Range: \(report.files[0].failedAttempts)"); return
        }
    }

    @Test func completePartialFromAnEarlierRunIsVerifiedAndKept() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server()
        defer { server.stop() }
        let name = fixture.spec.testLabels.name
        try fixture.data(name).write(to: URL(fileURLWithPath: fixture.path(name) + ".partial"))
        _ = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        #expect(!server.requests.contains { $0.fileName == name })
    }

    @Test func isCompleteChecksPresenceAndSize() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        #expect(!DatasetDownloader.isComplete(directory: fixture.directory, spec: fixture.spec))
        for file in fixture.spec.files {
            try fixture.data(file.name).write(to: URL(fileURLWithPath: fixture.path(file.name)))
        }
        #expect(DatasetDownloader.isComplete(directory: fixture.directory, spec: fixture.spec))
        try Data("short".utf8).write(to: URL(fileURLWithPath: fixture.path(fixture.spec.testImages.name)))
        #expect(!DatasetDownloader.isComplete(directory: fixture.directory, spec: fixture.spec))
    }
}
