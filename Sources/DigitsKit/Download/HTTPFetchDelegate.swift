import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Receives one response for ``HTTPFetcher``: checks the head, then writes each body chunk to the
/// partial file and the MD5 before returning, which is what keeps NIO from reading ahead (the
/// returned future is the back-pressure). It stops the transfer as soon as the status, the
/// announced length or the running size shows that the answer cannot be the file.
final class HTTPFetchDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// Fails the transfer from inside the delegate; the recorded failure says why.
    private struct Stopped: Error {}

    private let file: SyncedOutputFile
    private let expectedSize: Int
    private let resumeOffset: Int
    private let watch: StallWatch
    private let progress: (Int) -> Void

    // Shared between the event loop and the waiting thread: guarded by `lock`.
    private let lock = NSLock()
    private var hasher: Insecure.MD5
    private var received: Int
    private var resumed = false
    private var failure: DownloadFailure?
    private var ioError: (any Error)?
    private var transportError: (any Error)?
    private var stopped = false

    /// - Parameter prefix: the MD5 state and length of bytes already in `file` (a resumed
    ///   download), or nil to start from nothing (`file` must then be empty).
    init(file: SyncedOutputFile, expectedSize: Int, prefix: (hasher: Insecure.MD5, count: Int)?,
         watch: StallWatch, progress: @escaping (Int) -> Void) {
        self.file = file
        self.expectedSize = expectedSize
        self.resumeOffset = prefix?.count ?? 0
        self.hasher = prefix?.hasher ?? Insecure.MD5()
        self.received = prefix?.count ?? 0
        self.watch = watch
        self.progress = progress
    }

    /// Records the first failure and stops accepting bytes.
    func stop(_ reason: DownloadFailure) {
        lock.withLock {
            if failure == nil, ioError == nil { failure = reason }
            stopped = true
        }
    }

    /// The result once the transfer is over.
    func outcome() throws -> Result<HTTPFetcher.Fetched, DownloadFailure> {
        try lock.withLock { () throws -> Result<HTTPFetcher.Fetched, DownloadFailure> in
            stopped = true
            if let ioError { throw ioError }
            if let failure { return .failure(failure) }
            if let transportError { return .failure(HTTPFailureText.failure(for: transportError)) }
            if received < expectedSize { return .failure(.truncated(received: received, expected: expectedSize)) }
            return .success(HTTPFetcher.Fetched(md5: FileSync.hex(hasher), resumed: resumed))
        }
    }

    // MARK: HTTPClientResponseDelegate

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        watch.restart()
        let verdict: DownloadFailure? = lock.withLock { stopped ? .transport("stopped") : check(head) }
        if let verdict {
            stop(verdict)
            return task.eventLoop.makeFailedFuture(Stopped())
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    /// Whether `head` can carry the file (nil) or why not. Called with the lock held.
    private func check(_ head: HTTPResponseHead) -> DownloadFailure? {
        let status = Int(head.status.code)
        let lengths = head.headers["Content-Length"]
        var announced: Int64 = -1
        if let first = lengths.first {
            // Several differing lengths, or one that is not a number, cannot describe this body.
            guard let value = Int64(first.trimmingCharacters(in: .whitespaces)), value >= 0,
                  lengths.allSatisfy({ Int64($0.trimmingCharacters(in: .whitespaces)) == value }) else {
                return .transport("bad Content-Length '\(escapedForMessage(lengths.joined(separator: ", ")))'")
            }
            announced = value
        }
        if head.headers["Content-Type"].first?.lowercased().contains("text/html") == true, status == 200 || status == 206 {
            return .htmlPage
        }
        switch status {
        case 200:
            if resumeOffset > 0 {
                // The server ignored the Range header: start over from the first byte.
                do { try file.truncate() } catch { ioError = error; return .transport("cannot truncate") }
                hasher = Insecure.MD5()
                received = 0
            }
            if announced >= 0, announced != Int64(expectedSize) {
                return .wrongContentLength(announced: announced, expected: expectedSize)
            }
        case 206:
            let range = head.headers["Content-Range"].first ?? ""
            guard resumeOffset > 0, range == "bytes \(resumeOffset)-\(expectedSize - 1)/\(expectedSize)"
                    || range == "bytes \(resumeOffset)-\(expectedSize - 1)/*" else {
                return .badContentRange(range)
            }
            if announced >= 0, announced != Int64(expectedSize - resumeOffset) {
                return .wrongContentLength(announced: announced, expected: expectedSize - resumeOffset)
            }
            resumed = true
        default:
            return .httpStatus(status)
        }
        return nil
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let count = buffer.readableBytes
        let outcome: Int? = lock.withLock {
            guard !stopped else { return nil }
            guard received + count <= expectedSize else {
                failure = failure ?? .tooLong(expected: expectedSize)
                stopped = true
                return nil
            }
            do {
                try buffer.withUnsafeReadableBytes { bytes in
                    try file.write(bytes)
                    hasher.update(bufferPointer: bytes)
                }
            } catch {
                ioError = error
                stopped = true
                return nil
            }
            received += count
            return received
        }
        guard let outcome else { return task.eventLoop.makeFailedFuture(Stopped()) }
        if let slow = watch.arrived(count) {
            stop(slow)
            return task.eventLoop.makeFailedFuture(Stopped())
        }
        progress(outcome)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        lock.withLock {
            if !(error is Stopped), failure == nil, ioError == nil, transportError == nil { transportError = error }
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {}
}
