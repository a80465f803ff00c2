import DigitsKit
import Foundation

/// How a download shows itself (for `digits download` and `digits train`): a progress bar per
/// file on standard error, a warning per failed mirror, and one summary line per file.
///
/// Events arrive on the downloader's background thread while the main thread waits, so the lock
/// is for form more than for contention.
final class DownloadConsole: @unchecked Sendable {
    /// Where the one-line summary of each finished file goes.
    enum Summaries {
        case standardOutput, standardError, none
    }

    private let summaries: Summaries
    private let showsProgress: Bool
    private let lock = NSLock()
    private var bar: ProgressBar?
    private var barFile = ""

    /// - Parameter showsProgress: draw the per-file progress bar (plain lines every few seconds
    ///   when standard error is not a terminal).
    init(summaries: Summaries, showsProgress: Bool = true) {
        self.summaries = summaries
        self.showsProgress = showsProgress
    }

    func handle(_ event: DownloadProgress) {
        lock.withLock {
            switch event {
            case .transfer(let file, _, let bytes, let total):
                guard showsProgress else { return }
                if bar == nil || barFile != file {
                    bar?.finish()
                    bar = ProgressBar(label: file, total: total, unit: .bytes, plainLines: true)
                    barFile = file
                }
                bar?.update(bytes)
            case .attemptFailed(let file, let attempt):
                Terminal.warning("\(file): \(attempt.url): \(attempt.failure)")
            case .finished(let report):
                bar?.finish()
                bar = nil
                switch summaries {
                case .standardOutput: print(Self.summary(report)); Terminal.flush()
                case .standardError: Terminal.writeError(Self.summary(report) + "\n")
                case .none: break
                }
            }
        }
    }

    func finish() {
        lock.withLock { bar?.finish(); bar = nil }
    }

    /// "train-images-idx3-ubyte.gz  9.5 MiB  downloaded from URL (resumed)", escaped
    /// (``escapedForMessage(_:escapingQuotes:)``: the name and source come from a spec file).
    static func summary(_ file: DownloadFileReport) -> String {
        escapedForMessage(summaryText(file))
    }

    private static func summaryText(_ file: DownloadFileReport) -> String {
        var what: String
        switch file.outcome {
        case .alreadyValid: what = "already present, verified"
        case .downloaded: what = file.source.map { "downloaded from \($0)" } ?? "downloaded"
        case .copied: what = "copied from \(file.source ?? "?")"
        }
        if file.resumed { what += " (resumed)" }
        var line = "\(file.name)  \(Format.bytes(file.size))  \(what)  md5 \(file.md5)"
        if let note = file.note { line += "  (\(note))" }
        return line
    }
}
