import Foundation
import DigitsTestSupport
import Testing
@testable import DigitsKit

/// Every mirror unreachable (what an offline computer sees) is told apart from mirrors that
/// answered badly, and a failed run takes back the directories it created.
@Suite struct DownloadOfflineTests {
    /// Nothing listens on port 1 of the loopback; `.invalid` never resolves (RFC 6761).
    static let refused = "http://127.0.0.1:1/nothing/"
    static let unknownHost = "http://mirror.digits.invalid/mnist/"

    @Test func refusedAndUnresolvableMirrorsAreAllUnreachable() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([Self.refused, Self.unknownHost], timeout: 5).run() }
        guard case .allMirrorsFailed(_, let attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts.count == 2, "\(attempts)")
        #expect(attempts.first?.failure == .unreachable("connection refused"), "\(attempts)")
        #expect(attempts.last?.failure == .unreachable("unknown host"), "\(attempts)")
        #expect(error?.allUnreachable == true)
        #expect(error?.kind == .network)
    }

    @Test func aMirrorThatAnsweredIsNotUnreachable() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { _, _ in .status(404, "gone") }
        defer { server.stop() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([Self.refused, server.baseURL("m")]).run() }
        guard case .allMirrorsFailed(_, let attempts)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts.map(\.failure) == [.unreachable("connection refused"), .httpStatus(404)])
        #expect(error?.allUnreachable == false)
        // Errors other than every mirror failing never claim it.
        #expect(!DownloadError.noMirrors(file: "x").allUnreachable)
        #expect(!DownloadError.allMirrorsFailed(file: "x", attempts: []).allUnreachable)
    }

    @Test func aFailedDownloadRemovesTheEmptyDirectoriesItCreated() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let target = fixture.directory + "/new/deeper/data"
        var downloader = fixture.downloader([Self.refused])
        downloader.directory = target
        _ = fixture.expectDownloadError { _ = try downloader.run() }
        #expect(!FileManager.default.fileExists(atPath: fixture.directory + "/new"), "created directories left behind")
        // The directory that was there before stays, with whatever else it held.
        #expect(FileManager.default.fileExists(atPath: fixture.directory))
    }

    @Test func aFailedDownloadKeepsADirectoryThatExistedBefore() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let target = fixture.directory + "/data"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        var downloader = fixture.downloader([Self.refused])
        downloader.directory = target
        _ = fixture.expectDownloadError { _ = try downloader.run() }
        #expect(FileManager.default.fileExists(atPath: target), "an existing (empty) directory was removed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
    }

    @Test func aCreatedDirectoryHoldingAPartialFileStaysForResuming() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        // The server cuts the images file off after some bytes, then the run fails: the prefix
        // is kept (to resume), so its directory is not empty and stays.
        let images = fixture.spec.trainImages.name
        let server = try fixture.server { request, data in
            guard request.fileName == images else { return nil }
            var reply = LoopbackHTTPServer.Reply.file(data, for: request)
            reply.sendBytes = 10_000
            return reply
        }
        defer { server.stop() }
        let target = fixture.directory + "/made/here"
        var downloader = fixture.downloader([server.baseURL("m")], timeout: 2)
        downloader.directory = target
        _ = fixture.expectDownloadError { _ = try downloader.run() }
        #expect((FileSync.size(target + "/" + images + ".partial") ?? 0) > 0)
    }

    @Test func aFailedCopyRemovesTheEmptyDirectoriesItCreated() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let source = fixture.directory + "/empty-source"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: false)
        var downloader = fixture.downloader([])
        downloader.directory = fixture.directory + "/copy/into"
        #expect(throws: DownloadError.self) { _ = try downloader.copy(from: source) }
        #expect(!FileManager.default.fileExists(atPath: fixture.directory + "/copy"))
    }
}
