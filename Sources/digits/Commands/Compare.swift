import ArgumentParser
import DigitsKit
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare saved models on the same examples.",
        discussion: """
            Evaluates every model on the same examples in one pass and shows, side by side: the \
            accuracy of each, per-class recall and its change, where the models disagree and \
            which one is right, McNemar's exact test for every pair, the confusion-matrix \
            difference, architecture, training options and history, and, for models of the same \
            shape, how far apart their weights are. The first model (A) is the baseline.

            Examples:
              digits compare models/a.digits models/b.digits
              digits compare epochs/epoch-010.digits epochs/epoch-030.digits --json
              digits compare a.digits b.digits --svg diff.svg --disagreements disagree/
              digits compare a.digits b.digits --images my-digits/
              digits compare a.digits --committee b.digits,c.digits,d.digits

            --committee M1,M2,… adds one more model after the others: the committee of those \
            files, whose answer is the largest mean of their outputs (as 'digits evaluate M1 M2 \
            …' scores it). It is compared like any model (accuracy, recall, McNemar's test \
            against each other model, the matrix difference); its weights are not (no single \
            network has them), and each training option shows the members' common value or how \
            many different values they have. The option can be repeated, one committee each.

            --images DIR compares on your own labelled images, read as 'digits evaluate \
            --images' reads them.

            Exit codes: 0 compared; 2 bad usage or input (fewer than two models, a missing, \
            unreadable or malformed model or dataset file, a model for images of another size, \
            an --images file that could not be used); 1 an I/O failure (e.g. writing --svg or \
            --disagreements).
            """
    )

    @Argument(help: ArgumentHelp("Two or more model files (e.g. checkpoints of one run); one is enough beside a --committee.", valueName: "model"), completion: .file(extensions: ["digits"]))
    var models: [String] = []

    @Option(help: ArgumentHelp("Two or more model files, comma-separated, compared as one model: their committee (the mean of their outputs). Repeatable.", valueName: "m1,m2,…"),
            completion: .file(extensions: ["digits"]))
    var committee: [String] = []

    /// The files of every side: one for a model, several for a committee (after the models).
    var sides: [[String]] {
        models.map { [$0] } + committee.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @OptionGroup var dataOptions: EvaluationDataOptions

    @Flag(help: "Print everything as JSON on standard output.")
    var json = false

    @OptionGroup var color: ColorOption

    @Option(help: ArgumentHelp("Write the confusion-matrix difference B − A as an SVG heatmap (with more models, also FILE-C.svg, …).", valueName: "file"), completion: .file(extensions: ["svg"]))
    var svg: String?

    @Option(help: ArgumentHelp("Write the digits the models disagree on as one montage (FILE.png as PNG, any other name as PGM) or, for a path ending in '/' or an existing directory, one file per digit (see --format).", valueName: "path"), completion: .file())
    var disagreements: String?

    @Option(help: ArgumentHelp("The format of the per-digit files --disagreements writes into a directory: png or pgm.", valueName: "png|pgm"), completion: .list(["png", "pgm"]))
    var format: ImageFileFormat = .pgm

    @Option(parsing: .unconditional, help: ArgumentHelp("The most digits to write with --disagreements.", valueName: "n"))
    var limit: Int = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("Enlarge the --disagreements montage N times (1…\(Montage.maxScale)).", valueName: "n"))
    var scale: Int = Montage.defaultScale

    func validate() throws {
        for list in committee {
            let files = list.split(separator: ",", omittingEmptySubsequences: false)
            guard files.count >= 2, !files.contains(where: \.isEmpty) else {
                throw ValidationError("--committee takes two or more model files separated by commas, got '\(list)'")
            }
        }
        guard sides.count >= 2 else { throw ValidationError("compare needs at least two model files (a --committee counts as one), got \(sides.count)") }
        guard sides.count <= 26 else { throw ValidationError("compare takes at most 26 models, got \(sides.count)") }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more, got \(limit)") }
        try Montage.validateScale(scale)
    }

    /// "A", "B", … for the models in order.
    var names: [String] { sides.indices.map { String(UnicodeScalar(UInt8(65 + $0))) } }

    func run() throws {
        // Output paths are checked before any work (a directory, a missing parent: exit 2).
        if let svg { for path in heatmapPaths(svg) { try AtomicFile.checkOutputFile(path) } }
        if let disagreements { try ImageExport.checkExamplesTarget(disagreements) }
        let sides = self.sides
        let saved = try sides.map { try $0.map { try ModelFile.read($0) } }
        let members = zip(sides.joined(), saved.joined()).map { (path: $0, network: $1.network) }
        let data = try dataOptions.load(models: members)
        let images = data.images
        let classCount = data.classCount
        for (path, network) in members {
            try withFile(path) { try Evaluation.check(network, fits: images, classCount: classCount) }
        }
        let warnings = trainingDataWarnings(saved, data: data)
        for warning in warnings { Terminal.warning(warning) }

        // A plain model is a committee of one: exactly its own answers.
        let committees = try zip(sides, saved).map { paths, models in
            try Committee(zip(paths, models).map { (name: $0, network: $1.network) }, capacity: Evaluation.defaultChunkSize)
        }
        let bar = DelayedProgress(label: "evaluating \(sides.count) models", total: images.count)
        defer { bar.finish() }
        let comparison = try ModelComparison(names: names, sides: committees, images: images, classCount: classCount,
                                             progress: bar.update)
        bar.finish()
        var report = ComparisonReport(comparison, sides: saved, paths: sides, dataset: data.datasetName,
                                      split: data.split?.rawValue, warnings: warnings)
        if let set = data.imageSet { report.add(set, comparison: comparison) }
        if json {
            try JSONOutput.print(report)
        } else {
            CompareText(report: report, colour: color.stdout, data: data.description).print()
            if let line = data.failureSummary { print(line) }
        }
        if let svg { try writeHeatmaps(report, on: data, to: svg) }
        if let disagreements { try writeDisagreements(comparison, images: images, to: disagreements) }
        if let code = data.exitCode { throw code }
    }

    /// Warnings about the data the models were trained on and the data they are evaluated on.
    /// A committee's members are named by side and file ("C: b.digits").
    func trainingDataWarnings(_ saved: [[Model]], data: EvaluationData) -> [String] {
        let memberNames = zip(names, sides).flatMap { name, paths in
            paths.count == 1 ? [name] : paths.map { "\(name): \(escapedForMessage(($0 as NSString).lastPathComponent))" }
        }
        var warnings = MetadataComparison.warnings(names: memberNames, models: Array(saved.joined()),
                                                   evaluatedDataset: data.datasetName, evaluatedChecksums: data.checksums)
        if data.split == .train {
            warnings.append("evaluating on the training split: the models have seen these examples, so accuracy is optimistic")
        }
        return warnings
    }

    /// The heatmap files for `--svg path`: `path` for B − A, then `path-C.svg`, … for C − A, ….
    func heatmapPaths(_ path: String) -> [String] {
        names.dropFirst().enumerated().map { j, name in j == 0 ? path : Self.path(path, suffix: "-\(name)") }
    }

    /// One heatmap per later model: the difference from A.
    func writeHeatmaps(_ report: ComparisonReport, on data: EvaluationData, to path: String) throws {
        for (j, diff) in report.confusionDifferences.enumerated() {
            let target = j == 0 ? path : Self.path(path, suffix: "-\(diff.second)")
            let title = "confusion difference \(diff.second) − \(diff.first) on \(data.description)"
            let files = "\(diff.second) = \(Self.fileName(report, diff.second)), \(diff.first) = \(Self.fileName(report, diff.first))"
            let svg = HeatmapSVG.difference(diff.matrix.flatMap { $0 }, classCount: diff.matrix.count, title: title,
                                            legend: [files,
                                                     "green: \(diff.second) better (more right on the diagonal, fewer mistakes off it); red: worse",
                                                     "outlined: the diagonal; numbers: examples with \(diff.second) minus with \(diff.first)"])
            try AtomicFile.write(svg, to: target)
        }
    }

    /// The file model `name` was read from, without its directories (the SVG escapes it).
    static func fileName(_ report: ComparisonReport, _ name: String) -> String {
        let model = report.models.first { $0.name == name }
        if let members = model?.members { return "committee of \(members.count) models" }
        return ((model?.path ?? name) as NSString).lastPathComponent
    }

    /// `dir/name.ext` → `dir/name<suffix>.ext`.
    static func path(_ path: String, suffix: String) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension
        return ext.isEmpty ? path + suffix : ns.deletingPathExtension + suffix + "." + ext
    }

    /// Writes up to `limit` digits the models disagree on, captioned "truth:A B …".
    func writeDisagreements(_ comparison: ModelComparison, images: LabeledImages, to path: String) throws {
        let all = comparison.disagreements
        let chosen = Array(all.prefix(limit))
        try ImageExport.writeExamples(chosen, of: images, to: path,
            fileName: { i in
                ImageExport.fileName(index: i, truth: comparison.labels[i],
                                     answers: names.indices.map { (names[$0], comparison.predictions[$0][i]) }, format: format)
            },
            caption: { i in "\(comparison.labels[i]):" + comparison.predictions.map { String($0[i]) }.joined(separator: " ") },
            scale: scale)
        Terminal.writeError("wrote \(Format.grouped(chosen.count)) of \(Format.grouped(all.count)) disagreements to \(escapedForMessage(path))"
                            + " (caption: true digit, then the answers of \(names.joined(separator: " ")))\n")
    }
}
