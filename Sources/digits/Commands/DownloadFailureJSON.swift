import DigitsKit
import Foundation

/// `digits download --json` when the download fails: the files finished before the failure, the
/// mirrors tried for the file that failed (each with its reason) and the error, as one JSON
/// document on standard output. The exit code and the one-line error on standard error stay
/// those of any failure.
struct DownloadFailureJSON: Encodable {
    struct Failure: Encodable {
        /// The error's one line (as on standard error, without the hint).
        var message: String
        /// "bad-input" (exit 2), or "io", "network", "runtime" (exit 1).
        var kind: String
        var exitCode: Int32
        /// The file that failed, when the error is about one dataset file.
        var file: String?
        /// Each mirror tried for `file`, in order, and why it did not count.
        var attempts: [DownloadAttempt]?
        /// Whether no mirror could be reached at all (``DownloadError/allUnreachable``).
        var allUnreachable: Bool
        /// What to do then (see ``OfflineHint``).
        var hint: String?
    }

    var dataset: String
    var directory: String
    /// The files in place and verified before the failure.
    var files: [DownloadFileReport]
    var error: Failure

    init(dataset: String, directory: String, finished: [DownloadFileReport], error: any Error) {
        self.dataset = dataset
        self.directory = directory
        files = finished
        let kind = (error as? any DigitsError)?.kind ?? .io
        var file: String?, attempts: [DownloadAttempt]?
        switch error as? DownloadError {
        case .allMirrorsFailed(let name, let tried)?: file = name; attempts = tried
        case .noMirrors(let name)?: file = name; attempts = []
        default: break
        }
        self.error = Failure(message: (error as? any DigitsError)?.description ?? oneLine(error),
                             kind: Self.name(kind), exitCode: ExitStatus.code(for: kind), file: file,
                             attempts: attempts, allUnreachable: (error as? DownloadError)?.allUnreachable ?? false,
                             hint: OfflineHint.hint(for: error))
    }

    private static func name(_ kind: FailureKind) -> String {
        switch kind {
        case .badInput: return "bad-input"
        case .io: return "io"
        case .network: return "network"
        case .runtime: return "runtime"
        }
    }
}

/// The files a download finished, collected from its progress events (which arrive on the
/// downloader's thread).
final class FinishedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [DownloadFileReport] = []

    func record(_ event: DownloadProgress) {
        if case .finished(let report) = event { lock.withLock { reports.append(report) } }
    }

    var all: [DownloadFileReport] { lock.withLock { reports } }
}
