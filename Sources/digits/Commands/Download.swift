import ArgumentParser
import DigitsKit
import Foundation

struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a dataset (MNIST by default) and verify every file.",
        discussion: """
            Each file is streamed to NAME.partial, checked against its published size and MD5, \
            and only then renamed to NAME. Mirrors are tried in order: --mirror URLs first, then \
            those in $DIGITS_MIRRORS (separated by spaces or commas), then the built-in ones \
            (unless --no-default-mirrors or DIGITS_NO_DEFAULT_MIRRORS=1). Files already present \
            and valid are skipped; an interrupted download resumes.
            """
    )

    @Option(help: "The dataset: \(DatasetSpec.builtIn.map(\.name).joined(separator: ", ")) (default: mnist).")
    var dataset: String?

    @Option(name: .customLong("spec"), help: ArgumentHelp(
        "A JSON description of another IDX dataset (name, mirrors, files with name/size/md5).",
        valueName: "file"))
    var specFile: String?

    @Option(help: ArgumentHelp("Directory for the files (default: datasets/NAME).", valueName: "dir"))
    var into: String?

    @Option(name: .customLong("mirror"), help: ArgumentHelp(
        "A base URL to try before the others (repeatable).", valueName: "url"))
    var mirrors: [String] = []

    @Flag(help: "Do not try the built-in mirrors (only --mirror and $DIGITS_MIRRORS).")
    var noDefaultMirrors = false

    @Option(help: ArgumentHelp("Copy the files from a local directory instead of downloading.", valueName: "dir"))
    var from: String?

    @Option(help: ArgumentHelp("Seconds without data after which a mirror counts as stalled.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "Print the report as JSON on standard output.")
    var json = false

    func validate() throws {
        if let dataset, DatasetSpec.builtIn.first(where: { $0.name == dataset }) == nil {
            throw ValidationError("unknown dataset '\(dataset)' (expected \(DatasetSpec.builtIn.map(\.name).joined(separator: " or ")))")
        }
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds, not \(timeout)")
        }
        if specFile != nil, dataset != nil {
            throw ValidationError("give either --dataset or --spec, not both")
        }
    }

    func run() throws {
        let spec = try specFile.map { try DatasetSpec.read(jsonFile: $0) }
            ?? DatasetSpec.builtIn.first { $0.name == (dataset ?? DatasetSpec.mnist.name) } ?? .mnist
        let console = DownloadConsole(quiet: json)
        let downloader = DatasetDownloader(spec: spec, directory: into, mirrors: mirrors,
                                           includeBuiltInMirrors: !noDefaultMirrors, timeout: timeout,
                                           progress: console.handle)
        let report = try from.map { try downloader.copy(from: $0) } ?? downloader.run()
        console.finish()
        if json {
            try JSONOutput.print(report)
        } else {
            print("\(report.dataset): \(report.files.count) files verified in \(report.directory)")
        }
    }
}

/// The command's side of the download: a progress bar per file on standard error, a warning per
/// failed mirror, and one summary line per file on standard output.
///
/// Events arrive on the downloader's background thread while the main thread waits, so the lock
/// is for form more than for contention.
final class DownloadConsole: @unchecked Sendable {
    private let quiet: Bool
    private let lock = NSLock()
    private var bar: ProgressBar?
    private var barFile = ""

    init(quiet: Bool) { self.quiet = quiet }

    func handle(_ event: DownloadProgress) {
        lock.withLock {
            switch event {
            case .transfer(let file, _, let bytes, let total):
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
                if !quiet { print(Self.summary(report)); Terminal.flush() }
            }
        }
    }

    func finish() {
        lock.withLock { bar?.finish(); bar = nil }
    }

    /// "train-images-idx3-ubyte.gz  9.5 MiB  downloaded from URL (resumed)".
    static func summary(_ file: DownloadFileReport) -> String {
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
