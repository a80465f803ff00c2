import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams one URL into a partial file with URLSession, hashing as the bytes arrive.
///
/// The body never sits in memory: each chunk the delegate receives is written to the file and
/// fed to the MD5 at once. The transfer stops (and fails) as soon as the status, the announced
/// length or the running size shows that the answer cannot be the file. A watchdog on the
/// waiting thread cancels the task when no byte arrived for `timeout` seconds (URLSession's own
/// request timeout is not relied on: swift-corelibs-foundation applies it differently).
///
/// Memory: this code keeps no chunk once it is written, but swift-corelibs-foundation hands each
/// chunk to the delegate queue without back-pressure and cannot pause a transfer (its
/// NativeProtocol says "Need to solve pausing receive"), so chunks that arrive faster than they
/// are written wait in memory. At network speeds this backlog stays empty; over loopback in a
/// debug build a 381 MB body peaked at 188 MB resident, a 9.9 MB one (MNIST's largest) at 42 MB.
final class HTTPFetcher: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// What a successful fetch leaves: the partial file holds exactly `expectedSize` bytes.
    struct Fetched {
        var md5: String
        var resumed: Bool
    }

    private let url: URL
    private let file: SyncedOutputFile
    private let expectedSize: Int
    private let resumeOffset: Int
    private let progress: (Int) -> Void

    // Shared between the delegate queue and the waiting thread: guarded by `lock`.
    private let lock = NSLock()
    private var hasher: Insecure.MD5
    private var received: Int
    private var resumed = false
    private var failure: DownloadFailure?
    private var ioError: (any Error)?
    private var transportError: (any Error)?
    private var lastActivity = Date()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - prefix: the MD5 state and length of bytes already in `file` (a resumed download), or
    ///     nil to start from nothing (`file` must then be empty).
    private init(url: URL, file: SyncedOutputFile, expectedSize: Int,
                 prefix: (hasher: Insecure.MD5, count: Int)?, progress: @escaping (Int) -> Void) {
        self.url = url
        self.file = file
        self.expectedSize = expectedSize
        self.resumeOffset = prefix?.count ?? 0
        self.hasher = prefix?.hasher ?? Insecure.MD5()
        self.received = prefix?.count ?? 0
        self.progress = progress
    }

    /// Downloads `url` into `file` (which already holds `prefix`, if given).
    ///
    /// - Returns: the MD5 of the whole file, or the reason the answer was not the file.
    /// - Throws: only local I/O errors (writing the partial file), which no other mirror can fix.
    static func fetch(_ url: URL, into file: SyncedOutputFile, expectedSize: Int,
                      prefix: (hasher: Insecure.MD5, count: Int)?, timeout: Double,
                      progress: @escaping (Int) -> Void) throws -> Result<Fetched, DownloadFailure> {
        let fetcher = HTTPFetcher(url: url, file: file, expectedSize: expectedSize, prefix: prefix, progress: progress)
        return try fetcher.run(timeout: timeout)
    }

    private func run(timeout: Double) throws -> Result<Fetched, DownloadFailure> {
        let configuration = URLSessionConfiguration.ephemeral
        // The watchdog below enforces the stall timeout; these only bound a hung connection.
        configuration.timeoutIntervalForRequest = max(timeout * 4, 60)
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        defer { session.invalidateAndCancel() }

        var request = URLRequest(url: url)
        // The files are already gzip: a transparently decoded body would not match the MD5.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if resumeOffset > 0 { request.setValue("bytes=\(resumeOffset)-", forHTTPHeaderField: "Range") }
        let task = session.dataTask(with: request)
        lock.withLock { lastActivity = Date() }
        task.resume()

        // Wait for completion, cancelling the task when it stalls.
        while done.wait(timeout: .now() + 0.1) == .timedOut {
            let idle = lock.withLock { Date().timeIntervalSince(lastActivity) }
            if idle >= timeout {
                stop(.stalled(seconds: timeout))
                task.cancel()
                // Give the cancellation a moment to land; the file is no longer written anyway.
                _ = done.wait(timeout: .now() + 2)
                break
            }
        }

        return try lock.withLock { () throws -> Result<Fetched, DownloadFailure> in
            stopped = true
            if let ioError { throw ioError }
            if let failure { return .failure(failure) }
            if let transportError { return .failure(.transport(Self.describe(transportError))) }
            if received < expectedSize { return .failure(.truncated(received: received, expected: expectedSize)) }
            return .success(Fetched(md5: FileSync.hex(hasher), resumed: resumed))
        }
    }

    /// Records the first failure and stops accepting bytes. Call without holding the lock.
    private func stop(_ reason: DownloadFailure) {
        lock.withLock {
            if failure == nil, ioError == nil { failure = reason }
            stopped = true
        }
    }

    // MARK: URLSessionDataDelegate

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let verdict: DownloadFailure? = lock.withLock {
            lastActivity = Date()
            guard let http = response as? HTTPURLResponse else { return .transport("not an HTTP response") }
            return check(http)
        }
        if let verdict {
            stop(verdict)
            completionHandler(.cancel)
        } else {
            completionHandler(.allow)
        }
    }

    /// Whether `response` can carry the file (nil) or why not. Called with the lock held.
    private func check(_ response: HTTPURLResponse) -> DownloadFailure? {
        let status = response.statusCode
        let announced = response.expectedContentLength
        if Self.header("Content-Type", in: response)?.lowercased().contains("text/html") == true, status == 200 || status == 206 {
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
            let range = Self.header("Content-Range", in: response) ?? ""
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

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let outcome: (count: Int, overflow: Bool)? = lock.withLock {
            guard !stopped else { return nil }
            lastActivity = Date()
            guard received + data.count <= expectedSize else { return (received, true) }
            do {
                try data.withUnsafeBytes { try file.write($0) }
            } catch {
                ioError = error
                stopped = true
                return nil
            }
            hasher.update(data: data)
            received += data.count
            return (received, false)
        }
        guard let outcome else { dataTask.cancel(); return }
        if outcome.overflow {
            stop(.tooLong(expected: expectedSize))
            dataTask.cancel()
            return
        }
        progress(outcome.count)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock {
            if let error, failure == nil, ioError == nil { transportError = error }
        }
        done.signal()
    }

    // MARK: Helpers

    /// A response header, looked up without regard to case.
    private static func header(_ name: String, in response: HTTPURLResponse) -> String? {
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, key.caseInsensitiveCompare(name) == .orderedSame { return value as? String }
        }
        return nil
    }

    /// A short, one-line description of a URLSession error.
    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSURLErrorDomain {
            switch ns.code {
            case NSURLErrorCannotConnectToHost: return "connection refused"
            case NSURLErrorNetworkConnectionLost: return "connection lost"
            case NSURLErrorTimedOut: return "timed out"
            case NSURLErrorCannotFindHost: return "unknown host"
            case NSURLErrorNotConnectedToInternet: return "no network"
            case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted: return "TLS failure"
            default: break
            }
        }
        return oneLine(ns.localizedDescription)
    }
}
