import Foundation

/// Where a training run writes its files: the final model NAME.digits and, beside it,
/// NAME.checkpoint.digits (the latest epoch, replaced every epoch), NAME.csv and NAME.svg (the
/// history, rewritten every epoch so that they are current when a run is stopped).
public struct TrainingFiles: Sendable, Equatable {
    /// The final model.
    public var model: String
    /// ``model`` without its `.digits` extension: the stem of the files beside it.
    public var stem: String
    public var checkpoint: String { stem + ".checkpoint.digits" }
    public var csv: String { stem + ".csv" }
    public var svg: String { stem + ".svg" }

    public init(model: String) {
        self.model = model
        stem = model.hasSuffix(".digits") ? String(model.dropLast(".digits".count)) : model
    }

    /// The files of the run whose checkpoint is `path`: NAME.checkpoint.digits → NAME.digits (a
    /// resumed run finishes what the original started); another name gets `.resumed.digits`.
    public init(resuming path: String) {
        let suffix = ".checkpoint.digits"
        self.init(model: path.hasSuffix(suffix) ? String(path.dropLast(suffix.count)) + ".digits" : path + ".resumed.digits")
    }

    /// DIRECTORY/DATASET-784-30-10-YYYYMMDD-HHMMSS.digits, the time in UTC.
    public static func defaultModel(in directory: String, dataset: String, layers: [Int], at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(directory)/\(dataset)-\(layers.map(String.init).joined(separator: "-"))-\(formatter.string(from: date)).digits"
    }

    /// Checks every file of the run (``AtomicFile/checkOutputFile(_:createsDirectories:notSameAs:)``)
    /// before any work: a directory name (`-o newdir/`), a directory, or a parent that is a file
    /// is refused before the first epoch.
    public func check() throws {
        for path in [model, checkpoint, csv, svg] { try AtomicFile.checkOutputFile(path, createsDirectories: true) }
    }

    /// Creates the model's directory (and its parents) when missing.
    public func createDirectories() throws {
        let directory = (model as NSString).deletingLastPathComponent
        if !directory.isEmpty { try AtomicFile.createDirectories(directory) }
    }

    /// Writes the history as CSV and as an SVG plot titled `title`, each atomically.
    public func writeHistory(_ history: [EpochRecord], title: String) throws {
        try AtomicFile.write(TrainingHistoryReport.csv(history), to: csv)
        try AtomicFile.write(TrainingHistoryReport.svg(history, title: title), to: svg)
    }

    /// The plot title of a run: dataset, layers, cost and the options that differ from none.
    public static func historyTitle(_ options: TrainingOptions, dataset: String, augmentation: AugmentationOptions) -> String {
        var title = "\(dataset) [\(options.layers.map(String.init).joined(separator: ", "))], \(options.cost.rawValue), η = \(options.eta)"
        if options.lambda > 0 { title += ", λ = \(options.lambda)" }
        if options.momentum > 0 { title += ", μ = \(options.momentum)" }
        if augmentation.kind != .none { title += ", \(augmentation.kind.rawValue) distortions" }
        return title
    }
}
