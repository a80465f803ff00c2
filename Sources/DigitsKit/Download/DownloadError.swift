/// Why one attempt to fetch a file from one mirror did not produce a verified file.
///
/// One case per distinct problem; `description` is short because several of them may share the
/// one line of an ``DownloadError/allMirrorsFailed(file:attempts:)`` message.
public enum DownloadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with a status other than 200 (or 206 for a resumed range).
    case httpStatus(Int)
    /// The server answered 200 with an HTML page instead of the file.
    case htmlPage
    /// The server announced a Content-Length that is not the size still expected.
    case wrongContentLength(announced: Int64, expected: Int)
    /// A 206 answer whose Content-Range does not continue the partial file.
    case badContentRange(String)
    /// The body grew past the expected size (the transfer was stopped there).
    case tooLong(expected: Int)
    /// The body ended before the expected size.
    case truncated(received: Int, expected: Int)
    /// The bytes arrived but their MD5 is not the published one.
    case md5Mismatch(actual: String, expected: String)
    /// No byte arrived for the timeout.
    case stalled(seconds: Double)
    /// Bytes trickled in below 1 KiB/s for the timeout: `bytes` in `seconds`.
    case tooSlow(bytes: Int, seconds: Double)
    /// The connection failed once made, or for a reason other than reaching the host (reset,
    /// TLS, …).
    case transport(String)
    /// The host could not be resolved or reached (unknown host, connection refused, network
    /// unreachable, no route to host, connect timed out): what an offline computer sees.
    case unreachable(String)

    public var description: String {
        switch self {
        case .httpStatus(let code): return "HTTP \(code)"
        case .htmlPage: return "an HTML page instead of the file"
        case .wrongContentLength(let announced, let expected):
            return "Content-Length \(announced), expected \(expected)"
        case .badContentRange(let range): return "bad Content-Range '\(escapedForMessage(range))'"
        case .tooLong(let expected): return "body longer than the expected \(expected) bytes"
        case .truncated(let received, let expected): return "truncated at \(received) of \(expected) bytes"
        case .md5Mismatch(let actual, let expected): return "MD5 \(actual), expected \(expected)"
        case .stalled(let seconds): return "stalled (no data for \(Self.seconds(seconds)))"
        case .tooSlow(let bytes, let seconds):
            return "stalled (\(bytes) bytes in \(Self.seconds((seconds * 10).rounded() / 10)), under 1 KiB/s)"
        case .transport(let message), .unreachable(let message): return message
        }
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))s" : "\(s)s"
    }
}

/// An error from ``DatasetDownloader``: one line naming the file and the problem.
public enum DownloadError: DigitsError, Equatable {
    /// A mirror URL that is not an absolute http(s) URL.
    case badMirror(String)
    /// There is no mirror to try (the built-in ones were turned off and none was given).
    case noMirrors(file: String)
    /// Every mirror failed for `file`; each attempt says which mirror and why.
    case allMirrorsFailed(file: String, attempts: [DownloadAttempt])
    /// `--from`: the source file does not exist.
    case sourceMissing(path: String)
    /// `--from`: the source file is not the dataset file (wrong structure).
    case sourceInvalid(path: String, reason: String)
    /// A dataset description file (`--spec`) that cannot be used.
    case badSpec(path: String, reason: String)
    /// A stall timeout that is not a number of seconds in (0, ``DatasetDownloader/maximumTimeout``].
    case badTimeout(Double)
    /// `path` (a file's final name or its `.partial`) exists but is not a regular file (a
    /// symbolic link, a directory, a device…): nothing is written through it.
    case notRegularFile(path: String, what: String)

    public var kind: FailureKind {
        switch self {
        case .badMirror, .noMirrors, .sourceMissing, .sourceInvalid, .badSpec, .badTimeout, .notRegularFile: return .badInput
        case .allMirrorsFailed: return .network
        }
    }

    /// Whether every mirror failed because its host could not be resolved or reached
    /// (``DownloadFailure/unreachable(_:)``): most likely this computer is offline, and a local
    /// copy or another mirror is the way on.
    public var allUnreachable: Bool {
        guard case .allMirrorsFailed(_, let attempts) = self, !attempts.isEmpty else { return false }
        return attempts.allSatisfy {
            if case .unreachable = $0.failure { return true }
            return false
        }
    }

    public var description: String {
        switch self {
        case .badMirror(let url):
            return "bad mirror URL '\(escapedForMessage(MirrorList.redacted(url)))': expected an absolute http:// or https:// URL"
        case .noMirrors(let file):
            return "\(file): no mirror to download from (built-in mirrors are off and none was given)"
        case .allMirrorsFailed(let file, let attempts):
            let reasons = attempts.map { "\($0.url) (\($0.failure))" }.joined(separator: "; ")
            return "\(file): every mirror failed: \(reasons)"
        case .sourceMissing(let path):
            return "\(path): no such file"
        case .sourceInvalid(let path, let reason):
            return "\(path): not a valid dataset file: \(reason)"
        case .badSpec(let path, let reason):
            return "\(path): bad dataset description: \(reason)"
        case .badTimeout(let seconds):
            return "bad timeout \(seconds): expected more than 0 and at most \(Int(DatasetDownloader.maximumTimeout)) seconds"
        case .notRegularFile(let path, let what):
            return "\(escapedForMessage(path)): \(what), not a regular file; refusing to write through it"
        }
    }
}
