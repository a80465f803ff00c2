import Crypto
import Foundation

/// Downloads the four files of a dataset into a directory, trusting nothing it has not verified.
///
/// Each file is streamed to `NAME.partial` in the target directory while its MD5 is computed,
/// fsynced, checked against the published size and MD5, and only then renamed to `NAME` (and the
/// directory fsynced). Mirrors are tried in order; any failure (HTTP status, HTML page, wrong
/// length, truncation, reset, stall, checksum) moves on to the next. Files already present and
/// valid are skipped; a `.partial` left by an interrupted run is resumed with an HTTP Range
/// request and still verified as a whole.
///
///     let report = try DatasetDownloader(spec: .mnist, directory: "datasets/mnist").run()
public struct DatasetDownloader {
    public var spec: DatasetSpec
    public var directory: String
    /// Mirrors tried before those of the environment (`DIGITS_MIRRORS`) and the built-in ones.
    public var mirrors: [String]
    /// Whether `spec.mirrors` are tried (also turned off by `DIGITS_NO_DEFAULT_MIRRORS=1`).
    public var includeBuiltInMirrors: Bool
    /// Seconds without a byte (or below 1 KiB/s) after which a transfer counts as stalled: more
    /// than 0, at most ``maximumTimeout``.
    public var timeout: Double
    /// The largest ``timeout`` (one hour): longer would let one dead mirror hold a run for hours.
    public static let maximumTimeout = 3600.0
    /// The environment consulted for `DIGITS_MIRRORS` and `DIGITS_NO_DEFAULT_MIRRORS`.
    public var environment: [String: String]
    /// Called as the work goes on, from a background thread.
    public var progress: ((DownloadProgress) -> Void)?

    public init(spec: DatasetSpec, directory: String? = nil, mirrors: [String] = [],
                includeBuiltInMirrors: Bool = true, timeout: Double = 30,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                progress: ((DownloadProgress) -> Void)? = nil) {
        self.spec = spec
        self.directory = directory ?? spec.defaultDirectory
        self.mirrors = mirrors
        self.includeBuiltInMirrors = includeBuiltInMirrors
        self.timeout = timeout
        self.environment = environment
        self.progress = progress
    }

    /// The mirrors in the order they are tried.
    ///
    /// - Throws: ``DownloadError/badMirror(_:)`` when one is not an http(s) URL.
    public func resolvedMirrors() throws -> [String] {
        try MirrorList.resolve(first: mirrors, builtIn: spec.mirrors,
                               includeBuiltIn: includeBuiltInMirrors, environment: environment)
    }

    /// Whether all four files are in `directory` with the expected size (or, for accepted local
    /// copies, the recorded size). Cheap: no checksum is computed, nothing is fetched.
    public static func isComplete(directory: String, spec: DatasetSpec) -> Bool {
        let record = LocalCopies.load(directory: directory)
        return spec.files.allSatisfy { file in
            guard let size = FileSync.size(path(directory, file.name)) else { return false }
            return size == file.size || record.entries[file.name]?.size == size
        }
    }

    /// Makes every file of the dataset present and verified in `directory`.
    ///
    /// - Throws: ``DownloadError`` (`.network` when every mirror failed for a file, naming each
    ///   mirror's reason; `.badInput` for a bad mirror URL or timeout, or a symbolic link or other
    ///   non-regular file under a name it would write), or a ``FileError`` for local I/O. A failed
    ///   run leaves no empty directory it created.
    public func run() throws -> DownloadReport {
        guard timeout > 0, timeout <= Self.maximumTimeout else { throw DownloadError.badTimeout(timeout) }
        let mirrors = try resolvedMirrors()
        let created = CreatedDirectories(for: directory)
        try FileSync.makeDirectory(directory)
        return try created.cleaningUpOnFailure { try fetchAll(from: mirrors) }
    }

    private func fetchAll(from mirrors: [String]) throws -> DownloadReport {
        let record = LocalCopies.load(directory: directory)
        var reports: [DownloadFileReport] = []
        for file in spec.files {
            if let present = try verifiedExisting(file, record: record) {
                reports.append(present)
                progress?(.finished(present))
                continue
            }
            let report = try fetch(file, from: mirrors)
            reports.append(report)
            progress?(.finished(report))
        }
        return DownloadReport(dataset: spec.name, directory: directory, files: reports)
    }

    // MARK: One file

    /// The report for `file` if it is already in place and valid; otherwise removes whatever is
    /// under its name (so that the final name only ever holds a verified file; unless
    /// `removeInvalid` is false) and returns nil.
    ///
    /// - Throws: ``DownloadError/notRegularFile(path:what:)`` when the final name or its
    ///   `.partial` is a symbolic link or not a regular file: it is left alone, nothing is
    ///   written through it.
    func verifiedExisting(_ file: DatasetSpec.File, record: LocalCopies, removeInvalid: Bool = true) throws -> DownloadFileReport? {
        let target = Self.path(directory, file.name)
        try FileSync.requireRegularOrAbsent(target)
        try FileSync.requireRegularOrAbsent(target + ".partial")
        guard let size = FileSync.size(target, followingLinks: false) else { return nil }
        let local = record.entries[file.name]
        if size == file.size || size == local?.size {
            let md5 = try FileSync.hex(FileSync.md5(of: target, followingLinks: false).hasher)
            if size == file.size, md5 == file.md5 {
                return DownloadFileReport(name: file.name, outcome: .alreadyValid, source: nil, size: size, md5: md5,
                                  matchesPublished: true, resumed: false, failedAttempts: [], note: nil)
            }
            if let local, local == LocalCopies.Entry(md5: md5, size: size) {
                return DownloadFileReport(name: file.name, outcome: .alreadyValid, source: nil, size: size, md5: md5,
                                  matchesPublished: false, resumed: false, failedAttempts: [],
                                  note: LocalCopy.acceptedNote)
            }
        }
        if removeInvalid {
            FileSync.remove(target)
            FileSync.syncDirectory(of: target)
        }
        return nil
    }

    /// Downloads `file` from the first mirror that delivers it intact.
    private func fetch(_ file: DatasetSpec.File, from mirrors: [String]) throws -> DownloadFileReport {
        let target = Self.path(directory, file.name)
        let partial = target + ".partial"
        if let finished = try finishedPartial(file, partial: partial, target: target) { return finished }
        guard !mirrors.isEmpty else { throw DownloadError.noMirrors(file: file.name) }

        var failed: [DownloadAttempt] = []
        for base in mirrors {
            let url = base + file.name
            // What reports, progress and messages show: never the mirror's credentials.
            let shown = MirrorList.redacted(url)
            var mayResume = true
            while true {
                let outcome = try attempt(file, url: url, partial: partial, mayResume: mayResume)
                switch outcome {
                case .success(let resumed):
                    try FileSync.commit(partial, to: target)
                    return DownloadFileReport(name: file.name, outcome: .downloaded, source: shown, size: file.size,
                                      md5: file.md5, matchesPublished: true, resumed: resumed,
                                      failedAttempts: failed, note: nil)
                case .failure(let failure, let wasResumed):
                    let attempt = DownloadAttempt(url: shown, failure: failure)
                    failed.append(attempt)
                    progress?(.attemptFailed(file: file.name, attempt: attempt))
                    if !Self.keepsPartial(failure) || FileSync.size(partial, followingLinks: false) == 0 { FileSync.remove(partial) }
                    // A resumed transfer that did not verify may owe it to a stale prefix:
                    // try the same mirror once more from the first byte.
                    if wasResumed, mayResume, Self.mayBlamePrefix(failure) {
                        FileSync.remove(partial)
                        mayResume = false
                        continue
                    }
                }
                break
            }
        }
        throw DownloadError.allMirrorsFailed(file: file.name, attempts: failed)
    }

    private enum AttemptOutcome {
        case success(resumed: Bool)
        case failure(DownloadFailure, resumed: Bool)
    }

    /// One transfer from `url` into `partial`, resuming it when it holds a usable prefix.
    private func attempt(_ file: DatasetSpec.File, url: String, partial: String, mayResume: Bool) throws -> AttemptOutcome {
        guard let address = URL(string: url) else { throw DownloadError.badMirror(url) }
        var prefix: (hasher: Insecure.MD5, count: Int)?
        if mayResume, let size = FileSync.size(partial, followingLinks: false), size > 0, size < file.size {
            prefix = try FileSync.md5(of: partial, limit: size, followingLinks: false)
        }
        let output = try SyncedOutputFile(path: partial, append: prefix != nil)
        let name = file.name, total = file.size, progress = self.progress, shown = MirrorList.redacted(url)
        let result = try HTTPFetcher.fetch(address, into: output, expectedSize: file.size, prefix: prefix,
                                           timeout: timeout) { bytes in
            progress?(.transfer(file: name, source: shown, bytes: bytes, total: total))
        }
        try output.syncAndClose()
        switch result {
        case .success(let fetched):
            guard fetched.md5 == file.md5 else {
                return .failure(.md5Mismatch(actual: fetched.md5, expected: file.md5), resumed: fetched.resumed)
            }
            return .success(resumed: fetched.resumed)
        case .failure(let failure):
            return .failure(failure, resumed: prefix != nil)
        }
    }

    /// A `.partial` that already holds the whole file (an earlier run was stopped between the
    /// transfer and the rename) is committed once it verifies; otherwise it is left for resuming,
    /// or removed when it is too long.
    private func finishedPartial(_ file: DatasetSpec.File, partial: String, target: String) throws -> DownloadFileReport? {
        guard let size = FileSync.size(partial, followingLinks: false), size >= file.size else { return nil }
        if size == file.size, try FileSync.hex(FileSync.md5(of: partial, followingLinks: false).hasher) == file.md5 {
            try FileSync.commit(partial, to: target)
            return DownloadFileReport(name: file.name, outcome: .downloaded, source: nil, size: size, md5: file.md5,
                              matchesPublished: true, resumed: true, failedAttempts: [],
                              note: "completed by an earlier run")
        }
        FileSync.remove(partial)
        return nil
    }

    /// Interruptions leave a prefix worth resuming; every other failure leaves bytes that are not
    /// the file's.
    private static func keepsPartial(_ failure: DownloadFailure) -> Bool {
        switch failure {
        case .transport, .unreachable, .stalled, .tooSlow, .truncated: return true
        default: return false
        }
    }

    /// Failures of a resumed transfer that a bad or stale prefix could explain.
    private static func mayBlamePrefix(_ failure: DownloadFailure) -> Bool {
        switch failure {
        case .md5Mismatch, .badContentRange, .httpStatus(416): return true
        default: return false
        }
    }

    static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }
}
