import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// Mirrors that misbehave at the HTTP layer (issue 13): each one fails with a reason and the
/// download moves on to the next mirror. With URLSession on Linux the first of these trapped
/// inside FoundationNetworking ("Transfer completed, but there's no response").
@Suite struct DownloadHTTPLayerTests {
    typealias Reply = LoopbackHTTPServer.Reply

    /// A reply whose bytes on the wire start with `head` (sent as is) followed by `body`.
    static func raw(_ head: String, body: Data = Data()) -> Reply {
        var reply = Reply(status: 200, headers: [], body: body)
        reply.rawHead = Data(head.utf8)
        return reply
    }

    /// Runs a download from mirror "bad" (answered by `fault`) then mirror "good", and checks
    /// that every file came from "good" after one failed attempt on "bad" that `failure` accepts.
    func failsOverFromBadMirror(_ fault: @escaping @Sendable (LoopbackHTTPServer.Request, Data) -> Reply,
                                failure: (DownloadFailure) -> Bool,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, data in request.mirror == "bad" ? fault(request, data) : nil }
        defer { server.stop() }
        // Alone, the bad mirror is a network failure naming it; nothing unverified is left.
        let error = fixture.expectDownloadError({ _ = try fixture.downloader([server.baseURL("bad")], timeout: 3).run() },
                                                sourceLocation: sourceLocation)
        #expect(error?.kind == .network, sourceLocation: sourceLocation)
        #expect(error?.description.contains(server.baseURL("bad")) == true, "\(String(describing: error))",
                sourceLocation: sourceLocation)
        fixture.expectNothingUnverified(sourceLocation: sourceLocation)

        let report = try fixture.downloader([server.baseURL("bad"), server.baseURL("good")], timeout: 3).run()
        fixture.expectComplete(sourceLocation: sourceLocation)
        for file in report.files {
            #expect(file.source?.hasPrefix(server.baseURL("good")) == true, sourceLocation: sourceLocation)
            #expect(file.failedAttempts.count == 1, "\(file.failedAttempts)", sourceLocation: sourceLocation)
            if let attempt = file.failedAttempts.first {
                #expect(failure(attempt.failure), "\(attempt.failure)", sourceLocation: sourceLocation)
                #expect(!attempt.failure.description.isEmpty && !attempt.failure.description.contains("\n"),
                        sourceLocation: sourceLocation)
            }
        }
    }

    static func isTransport(_ failure: DownloadFailure) -> Bool {
        if case .transport = failure { return true }
        return false
    }

    @Test func connectionClosedInTheMiddleOfTheHeadersFailsThatMirror() throws {
        try failsOverFromBadMirror({ _, _ in Self.raw("HTTP/1.1 200 OK\r\nContent-Len") }, failure: Self.isTransport)
    }

    @Test func connectionClosedInTheMiddleOfTheStatusLineFailsThatMirror() throws {
        try failsOverFromBadMirror({ _, _ in Self.raw("HTTP/1.") }, failure: Self.isTransport)
    }

    @Test func continueThenCloseFailsThatMirror() throws {
        try failsOverFromBadMirror({ _, _ in Self.raw("HTTP/1.1 100 Continue\r\n\r\n") }, failure: Self.isTransport)
    }

    @Test func garbageInsteadOfAStatusLineFailsThatMirror() throws {
        try failsOverFromBadMirror({ _, _ in Self.raw("SSH-2.0-OpenSSH_9.2\r\n\r\n") }, failure: Self.isTransport)
    }

    /// 1 MiB of header: the client's parser refuses it (bounded), it is not buffered forever.
    @Test func endlessHeaderFailsThatMirror() throws {
        let line = "X-Filler: " + String(repeating: "a", count: 1 << 20) + "\r\n"
        try failsOverFromBadMirror({ _, _ in Self.raw("HTTP/1.1 200 OK\r\n" + line + "\r\n") }, failure: Self.isTransport)
    }

    @Test func malformedChunkedBodyFailsThatMirror() throws {
        try failsOverFromBadMirror({ _, _ in
            Self.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\nzz\r\n")
        }, failure: Self.isTransport)
    }

    @Test func twoDifferentContentLengthsFailThatMirror() throws {
        try failsOverFromBadMirror({ _, data in
            Self.raw("HTTP/1.1 200 OK\r\nContent-Length: \(data.count)\r\nContent-Length: 5\r\n\r\n", body: data)
        }, failure: Self.isTransport)
    }

    @Test func continueThenTheRealAnswerIsTheFile() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { _, data in
            Self.raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: \(data.count)\r\n"
                     + "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n", body: data)
        }
        defer { server.stop() }
        let report = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        #expect(report.files.allSatisfy { $0.failedAttempts.isEmpty })
    }

    /// One byte a second: never silent for the 2 s timeout, but far below 1 KiB/s, so the mirror
    /// counts as stalled after about one timeout instead of holding the download for a day.
    @Test func oneBytePerSecondCountsAsStalled() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let first = fixture.spec.trainImages.name
        let server = try fixture.server { request, data in
            guard request.mirror == "drip", request.fileName == first else { return nil }
            var reply = Reply.file(data, for: request)
            reply.dripInterval = 1
            return reply
        }
        defer { server.stop() }
        let report = try fixture.downloader([server.baseURL("drip"), server.baseURL("good")], timeout: 2).run()
        fixture.expectComplete()
        let attempts = report.files[0].failedAttempts
        #expect(attempts.count == 1)
        guard case .tooSlow(let bytes, let seconds)? = attempts.first?.failure else {
            Issue.record("expected a too-slow failure, got \(attempts)"); return
        }
        #expect(bytes < 2048 && seconds >= 2, "\(bytes) bytes in \(seconds) s")
        #expect(attempts.first?.failure.description.contains("under 1 KiB/s") == true)
        #expect(report.files[0].source?.hasPrefix(server.baseURL("good")) == true)
    }

    /// `Content-Encoding: gzip` that nobody asked for: the bytes are kept as sent (they are the
    /// published .gz file), never inflated.
    @Test func unaskedContentEncodingIsTakenAsRawBytes() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let server = try fixture.server { request, data in
            var reply = Reply.file(data, for: request)
            reply.headers.append(("Content-Encoding", "gzip"))
            return reply
        }
        defer { server.stop() }
        let report = try fixture.downloader([server.baseURL("a")]).run()
        fixture.expectComplete()
        #expect(report.files.allSatisfy { $0.failedAttempts.isEmpty })
        #expect(server.requests.allSatisfy { $0.headers["accept-encoding"] == "identity" })
    }
}
