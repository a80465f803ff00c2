import DigitsKit
import Foundation

/// A command's dataset made present: downloaded into its directory when any file is missing,
/// with the same progress as `digits download`.
enum DatasetPresence {
    /// Downloads `spec` into `directory` when any of its files is missing. When all are there
    /// they are left alone (whatever they hold: the loader judges them), so a dataset of one's
    /// own is never replaced. `json`/`quiet`: no summaries (and, quiet, no progress) on stderr.
    static func ensure(_ spec: DatasetSpec, in directory: String, json: Bool, quiet: Bool) throws {
        if let problem = Dataset.directoryProblem(directory) {
            guard problem == .missingDirectory else { throw FileError(path: directory, problem) }
            try AtomicFile.checkOutputDirectory(directory)  // to be created: a file among its parents is exit 2 now
        }
        let absent = spec.files.filter { !FileManager.default.fileExists(atPath: spec.path(of: $0, in: directory)) }
        guard !absent.isEmpty else { return }
        if !json && !quiet {
            Terminal.writeError("\(escapedForMessage(spec.name)): \(absent.count) of \(spec.files.count) files missing in "
                                + "\(escapedForMessage(directory)), downloading\n")
        }
        let console = DownloadConsole(summaries: json || quiet ? .none : .standardError, showsProgress: !quiet)
        let downloader = DatasetDownloader(spec: spec, directory: directory, progress: console.handle)
        defer { console.finish() }
        _ = try downloader.run()
    }
}
