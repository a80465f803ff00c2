import ArgumentParser
import DigitsKit
import Foundation

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model: accuracy, confusion matrix, per-class figures.",
        discussion: """
            Rows of the confusion matrix are true classes, columns predicted classes. Precision of \
            a class never predicted and recall of a class with no examples count as 0; macro \
            averages are over the classes that occur as a label or a prediction.

            Where the dataset names its classes (fashion-mnist, a --spec file with classNames; \
            with --images, the built-in dataset the model was trained on), the matrix rows, the \
            per-class figures and the confusions say '0 T-shirt/top' and --json has classNames.

            Examples:
              digits evaluate models/best.digits
              digits evaluate models/best.digits --split validation --json
              digits evaluate models/best.digits --svg cm.svg --misclassified wrong.png
              digits evaluate models/best.digits --images mine/ --misclassified w.pgm
              digits evaluate models/best.digits --scores scores.f32
              digits evaluate a.digits b.digits c.digits

            Several models are evaluated as a committee: its output for an image is the mean of \
            the models' output activations and its answer the largest mean. The report (matrix, \
            per-class figures, --json, --csv, --svg, --misclassified, --scores) is then the \
            committee's, after one line per model with its own accuracy. The models must take \
            the same inputs and have as many outputs.

            --images DIR evaluates on your own labelled images: one folder per class \
            (DIR/7/a.png) or files named by their label (DIR/7-a.png, DIR/7_b.pgm). Each is \
            prepared as 'classify' prepares it; --misclassified shows the 28×28 input the \
            network saw. A file that cannot be used is listed on standard error and not counted.

            Exit codes: 0 evaluated; 2 bad usage or input (a missing, unreadable or malformed \
            model or dataset file, a model for images of another size or another number of \
            classes, an --images file that could not be used); 1 an I/O failure (e.g. writing \
            --csv, --svg, --misclassified or --scores).
            """
    )

    @Argument(help: ArgumentHelp("The model file; several are evaluated as a committee (the mean of their outputs).", valueName: "model"),
              completion: .file(extensions: ["digits"]))
    var models: [String]

    /// The first (or only) model.
    var model: String { models[0] }

    @OptionGroup var dataOptions: EvaluationDataOptions

    @Flag(help: "Print everything as JSON on standard output.")
    var json = false

    @OptionGroup var color: ColorOption

    @Option(help: ArgumentHelp("Write the confusion matrix as CSV (with a header row and column).", valueName: "file"), completion: .file(extensions: ["csv"]))
    var csv: String?

    @Option(help: ArgumentHelp("Write the confusion matrix as an SVG heatmap.", valueName: "file"), completion: .file(extensions: ["svg"]))
    var svg: String?

    @Option(help: ArgumentHelp("Write the misclassified digits as one montage (FILE.png as PNG, any other name as PGM) or, for a path ending in '/' or an existing directory, one file per digit (see --format).", valueName: "path"), completion: .file())
    var misclassified: String?

    @Option(help: ArgumentHelp("The format of the per-digit files --misclassified writes into a directory: png or pgm.", valueName: "png|pgm"), completion: .list(["png", "pgm"]))
    var format: ImageFileFormat = .pgm

    @Option(help: ArgumentHelp("Write the network's output activations: per example, in order, one row of as many float32 as there are classes, little-endian, no header (numpy: np.fromfile(FILE, '<f4').reshape(-1, CLASSES)).", valueName: "file"), completion: .file())
    var scores: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Images per call to the network (1: one image at a time, as when classifying single pictures; a forward pass takes at most \(Predictor.maxCapacity)).", valueName: "n"))
    var batch: Int = Evaluation.defaultChunkSize

    @Option(parsing: .unconditional, help: ArgumentHelp("The most misclassified digits to write with --misclassified.", valueName: "n"))
    var limit: Int = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("Enlarge the --misclassified montage N times (1…\(Montage.maxScale)).", valueName: "n"))
    var scale: Int = Montage.defaultScale

    /// For tools/bench: run the network over the examples this many times and report the median
    /// time (numpy's side is timed the same way, warm).
    @Option(name: .customLong("time"), help: .hidden)
    var timeRuns: Int?

    /// How many of the largest confusions to list (and to highlight in the matrix).
    static let confusionsShown = 10
    static let confusionsHighlighted = 5

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more, got \(limit)") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch)") }
        try Montage.validateScale(scale)
        if let timeRuns, timeRuns < 1 { throw ValidationError("--time must be at least 1, got \(timeRuns)") }
    }

    func run() throws {
        // Output paths are checked before any work (a directory, a missing parent: exit 2).
        for path in [csv, svg, scores].compactMap({ $0 }) {
            for model in models { try AtomicFile.checkOutputFile(path, notSameAs: model) }
        }
        if let misclassified { try ImageExport.checkExamplesTarget(misclassified) }
        let saved = try models.map { try ModelFile.read($0) }
        let members = zip(models, saved).map { (path: $0, network: $1.network) }
        var data = try dataOptions.load(models: members)
        if data.imageSet != nil { data.classNames = DatasetSpec.classNames(trainedOn: saved) }
        let images = data.images
        for (path, network) in members {
            try withFile(path) { try Evaluation.check(network, fits: images, classCount: data.classCount) }
        }
        let committee = models.count > 1 ? try Committee(members.map { (name: $0.path, network: $0.network) }, capacity: batch) : nil
        for warning in MetadataComparison.warnings(names: models, models: saved, evaluatedDataset: data.datasetName,
                                                   evaluatedChecksums: data.checksums) {
            Terminal.warning(warning)
        }
        var times: [Double] = []
        var evaluation: Evaluation
        var memberEvaluation: CommitteeEvaluation?
        repeat {
            let start = Date()
            if let committee {
                memberEvaluation = try EvaluationRun.evaluate(committee, on: images, classCount: data.classCount, chunkSize: batch)
                evaluation = memberEvaluation!.committee
            } else {
                evaluation = try withFile(model) {
                    try EvaluationRun.evaluate(saved[0].network, on: images, classCount: data.classCount, chunkSize: batch)
                }
            }
            times.append(Date().timeIntervalSince(start))
        } while times.count < (timeRuns ?? 1)
        let seconds = times.sorted()[times.count / 2]
        var report = memberEvaluation.map { EvaluationReport($0, paths: models, dataset: data.datasetName, split: data.split?.rawValue) }
            ?? EvaluationReport(evaluation, model: model, dataset: data.datasetName, split: data.split?.rawValue)
        report.seconds = seconds
        report.classNames = data.classNames
        if let set = data.imageSet { report.add(set, evaluation: evaluation) }

        if json {
            try JSONOutput.print(report)
        } else {
            printReport(report, on: data, seconds: seconds) {
                if let set = data.imageSet { printImageSetLines(set, evaluation: evaluation, data: data) }
            }
        }
        if let csv { try AtomicFile.write(Self.csv(report.matrix), to: csv) }
        if let svg {
            let title = "\(Self.modelsTitle(models)) on \(data.description): accuracy \(Format.percent(report.accuracy))"
            try AtomicFile.write(HeatmapSVG.confusionMatrix(evaluation.matrix, title: title, classNames: data.classNames), to: svg)
        }
        if let misclassified { try writeMisclassified(evaluation, images: images, to: misclassified) }
        if let scores {
            var bytes = LittleEndianWriter(capacity: 4 * images.count * saved[0].network.outputSize)
            if let committee {
                bytes.f32s(try committee.outputs(for: images, range: 0..<images.count).mean)
            } else {
                bytes.f32s(try withFile(model) { try saved[0].network.outputs(for: images) })
            }
            try AtomicFile.write(bytes.bytes, to: scores)
        }
        if let code = data.exitCode { throw code }
    }

    /// What the --svg title calls the models: the file name, or "committee of N models".
    static func modelsTitle(_ models: [String]) -> String {
        models.count == 1 ? (models[0] as NSString).lastPathComponent : "committee of \(models.count) models"
    }

    /// The matrix as CSV: a header row of predicted classes, each row led by its true class.
    static func csv(_ matrix: [[Int]]) -> String {
        var out = "true\\predicted," + matrix.indices.map(String.init).joined(separator: ",") + "\n"
        for (t, row) in matrix.enumerated() {
            out += "\(t)," + row.map(String.init).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes up to `limit` misclassified digits, captioned "true→predicted".
    func writeMisclassified(_ evaluation: Evaluation, images: LabeledImages, to path: String) throws {
        let wrong = evaluation.misclassified
        let chosen = Array(wrong.prefix(limit))
        try ImageExport.writeExamples(chosen, of: images, to: path,
            fileName: { i in ImageExport.fileName(index: i, truth: evaluation.labels[i], answers: [("pred", evaluation.predictions[i])], format: format) },
            caption: { i in "\(evaluation.labels[i])→\(evaluation.predictions[i])" }, scale: scale)
        Terminal.writeError("wrote \(Format.grouped(chosen.count)) of \(Format.grouped(wrong.count)) misclassified digits to \(escapedForMessage(path))\n")
    }
}

/// Runs inference with a progress bar that appears only when it takes more than a moment.
enum EvaluationRun {
    static func evaluate(_ network: Network, on images: LabeledImages, classCount: Int, label: String = "evaluating",
                         chunkSize: Int = Evaluation.defaultChunkSize) throws -> Evaluation {
        let bar = DelayedProgress(label: label, total: images.count)
        defer { bar.finish() }
        return try Evaluation(network: network, images: images, classCount: classCount, chunkSize: chunkSize,
                              progress: bar.update)
    }

    /// The committee's evaluation and its members', with the same progress bar.
    static func evaluate(_ committee: Committee, on images: LabeledImages, classCount: Int,
                         chunkSize: Int = Evaluation.defaultChunkSize) throws -> CommitteeEvaluation {
        let bar = DelayedProgress(label: "evaluating a committee of \(committee.count) models", total: images.count)
        defer { bar.finish() }
        return try CommitteeEvaluation(committee, images: images, classCount: classCount, chunkSize: chunkSize,
                                       progress: bar.update)
    }
}

/// A ``ProgressBar`` that is shown only once work has taken longer than `delay` seconds, and
/// not at all when the work is done by then.
final class DelayedProgress {
    private let start = Date()
    private let delay: Double
    private let total: Int
    private let bar: ProgressBar

    init(label: String, total: Int, delay: Double = 0.3) {
        self.total = total
        self.delay = delay
        bar = ProgressBar(label: label, total: total, unit: .items("img"))
    }

    func update(_ done: Int) {
        guard done < total, Date().timeIntervalSince(start) >= delay else { return }
        bar.update(done)
    }

    func finish() { bar.finish() }
}
