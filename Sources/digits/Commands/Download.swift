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

            Examples:
              digits download                                  # MNIST into datasets/mnist ($DIGITS_DATA/mnist)
              digits download --dataset fashion-mnist -o data/fashion
              digits download --from /mnt/usb/mnist       # copy and verify local files
              digits download --spec kmnist.json --mirror http://example.org/kmnist/

            Exit codes: 0 every file verified; 1 a network or I/O failure (every mirror failed, a \
            write failed); 2 bad usage (unknown dataset, bad --spec file, bad mirror URL, --timeout \
            out of range, --from or --output not a directory, a symbolic link or other non-regular \
            file under a dataset file's name or its NAME.partial in --into). Credentials in a \
            mirror URL (user:password@) are sent as Basic authentication and shown as ***@. With \
            --json a failure is reported on standard output too: the files finished, each mirror \
            tried and its reason, and the error. A failed download leaves no empty directory it \
            created.
            """
    )

    @OptionGroup var selection: DatasetSelection

    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Directory for the files (default: \(DefaultFolders.dataHelp)).", valueName: "dir"), completion: .directory)
    var output: String?
    /// `--into`, the old name of `--output`, still accepted.
    @Option(name: .customLong("into"), help: .hidden)
    var intoAlias: String?
    /// The directory asked for, by either name.
    var into: String? { output ?? intoAlias }

    @Option(name: .customLong("mirror"), help: ArgumentHelp(
        "A base URL to try before the others (repeatable).", valueName: "url"))
    var mirrors: [String] = []

    @Flag(help: "Do not try the built-in mirrors (only --mirror and $DIGITS_MIRRORS).")
    var noDefaultMirrors = false

    @Option(help: ArgumentHelp("Copy the files from a local directory instead of downloading.", valueName: "dir"), completion: .directory)
    var from: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds without data, or below 1 KiB/s, after which a mirror counts as stalled (at most 3600).",
        valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "Print the report as JSON on standard output.")
    var json = false

    func validate() throws {
        if output != nil, intoAlias != nil { throw ValidationError("give --output (or -o) once, not with --into") }
        guard timeout.isFinite, timeout > 0, timeout <= DatasetDownloader.maximumTimeout else {
            throw ValidationError("--timeout must be a positive number of seconds, at most "
                + "\(Int(DatasetDownloader.maximumTimeout)), not \(timeout)")
        }
    }

    func run() throws {
        let spec = try selection.spec()
        let directory = into ?? DefaultFolders.data(for: spec)
        let console = DownloadConsole(summaries: json ? .none : .standardOutput)
        let finished = FinishedFiles()
        let report: DownloadReport
        do {
            if let from { try InputPath.requireDirectory(from) }
            if let into { try AtomicFile.checkOutputDirectory(into) }  // a file, or a file among its parents: exit 2 now
            let downloader = DatasetDownloader(spec: spec, directory: directory, mirrors: mirrors,
                                               includeBuiltInMirrors: !noDefaultMirrors, timeout: timeout,
                                               progress: { console.handle($0); finished.record($0) })
            defer { console.finish() }
            report = try from.map { try downloader.copy(from: $0) } ?? downloader.run()
        } catch {
            // --json: the failure as a document on standard output too; the exit code and the
            // one line on standard error are those of any failure.
            if json { try JSONOutput.print(DownloadFailureJSON(dataset: spec.name, directory: directory,
                                                               finished: finished.all, error: error)) }
            throw error
        }
        if json {
            try JSONOutput.print(report)
        } else {
            print("\(escapedForMessage(report.dataset)): \(report.files.count) files verified in \(escapedForMessage(report.directory))")
        }
    }
}
