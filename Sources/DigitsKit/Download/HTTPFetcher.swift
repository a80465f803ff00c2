import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Streams one URL into a partial file with AsyncHTTPClient, hashing as the bytes arrive.
///
/// Why not URLSession: on Linux, swift-corelibs FoundationNetworking traps ("Transfer completed,
/// but there's no response") when a server closes the connection in the middle of its headers,
/// and a trap cannot be caught. AsyncHTTPClient (SwiftNIO) reports it as an error instead.
///
/// The body never sits in memory: ``HTTPFetchDelegate`` writes each chunk to the file and feeds
/// it to the MD5 on the event loop before NIO reads the next one (back-pressure), so memory stays
/// at NIO's read buffer whatever the server sends. The body is taken as raw bytes: decompression
/// is disabled, so an unasked `Content-Encoding: gzip` is never inflated (the MD5 decides).
///
/// A watchdog on the waiting thread cancels the transfer when no byte arrived for `timeout`
/// seconds; the delegate stops one that trickles (see ``StallWatch``).
enum HTTPFetcher {
    /// What a successful fetch leaves: the partial file holds exactly `expectedSize` bytes.
    struct Fetched {
        var md5: String
        var resumed: Bool
    }

    /// Downloads `url` into `file` (which already holds `prefix`, if given).
    ///
    /// - Returns: the MD5 of the whole file, or the reason the answer was not the file.
    /// - Throws: only local I/O errors (writing the partial file), which no other mirror can fix.
    static func fetch(_ url: URL, into file: SyncedOutputFile, expectedSize: Int,
                      prefix: (hasher: Insecure.MD5, count: Int)?, timeout: Double,
                      progress: @escaping (Int) -> Void) throws -> Result<Fetched, DownloadFailure> {
        let watch = StallWatch(timeout: timeout)
        let delegate = HTTPFetchDelegate(file: file, expectedSize: expectedSize, prefix: prefix,
                                         watch: watch, progress: progress)
        var request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: MirrorList.withoutCredentials(url.absoluteString), method: .GET)
        } catch {
            return .failure(.transport("not a URL the HTTP client accepts"))
        }
        // The files are already gzip: the bytes must arrive as the server stores them.
        request.headers.add(name: "Accept-Encoding", value: "identity")
        request.headers.add(name: "User-Agent", value: "digits")
        if let user = url.user {
            request.setBasicAuth(username: user.removingPercentEncoding ?? user,
                                 password: url.password.map { $0.removingPercentEncoding ?? $0 } ?? "")
        }
        if let offset = prefix?.count, offset > 0 { request.headers.add(name: "Range", value: "bytes=\(offset)-") }

        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        // The watchdog enforces the stall timeout; connecting is bounded by it as well (the
        // timeout is at most an hour, so the milliseconds fit).
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .milliseconds(Int64(timeout * 1000)), read: nil)
        // Raw bytes: an encoded body is never inflated (that would defeat the MD5 and the memory bound).
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        // A refused connection fails this mirror at once (the next one is tried) instead of
        // being retried until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { try? client.syncShutdown() }

        let done = DispatchSemaphore(value: 0)
        let task = client.execute(request: request, delegate: delegate)
        task.futureResult.whenComplete { _ in done.signal() }

        // Wait for completion, cancelling the transfer when it goes silent.
        while done.wait(timeout: .now() + 0.1) == .timedOut {
            if watch.silentForTimeout() {
                delegate.stop(.stalled(seconds: timeout))
                task.cancel()
                // Give the cancellation a moment to land; the file is no longer written anyway.
                _ = done.wait(timeout: .now() + 2)
                break
            }
        }
        return try delegate.outcome()
    }
}

/// When a transfer counts as stalled: no byte for `timeout` seconds (the watchdog's check), or
/// fewer than ``minimumRate`` bytes per second over a window of `timeout` seconds while bytes do
/// trickle in (checked as each chunk arrives, so a silent server is always "stalled").
final class StallWatch: @unchecked Sendable {
    /// 1 KiB/s: below this for `timeout` seconds a mirror is not worth waiting for.
    static let minimumRate = 1024.0

    let timeout: Double
    private let lock = NSLock()
    private var lastActivity = Date()
    private var windowStart = Date()
    private var windowBytes = 0

    init(timeout: Double) { self.timeout = timeout }

    /// Something arrived (the response head): the window starts again.
    func restart() {
        lock.withLock {
            lastActivity = Date()
            windowStart = lastActivity
            windowBytes = 0
        }
    }

    /// `count` more bytes arrived; returns a failure when the window that just closed was too slow.
    func arrived(_ count: Int) -> DownloadFailure? {
        lock.withLock {
            let now = Date()
            lastActivity = now
            windowBytes += count
            let elapsed = now.timeIntervalSince(windowStart)
            guard elapsed >= timeout else { return nil }
            if Double(windowBytes) < Self.minimumRate * elapsed {
                return .tooSlow(bytes: windowBytes, seconds: elapsed)
            }
            windowStart = now
            windowBytes = 0
            return nil
        }
    }

    /// Whether nothing arrived for `timeout` seconds.
    func silentForTimeout() -> Bool {
        lock.withLock { Date().timeIntervalSince(lastActivity) >= timeout }
    }
}
