import ArgumentParser
import DigitsKit
import Foundation

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a sigmoid network by mini-batch gradient descent.",
        discussion: """
            Defaults reproduce chapter 1 of Nielsen's book: layers 784,30,10, quadratic cost, \
            η = 3.0, mini-batches of 10, 30 epochs, N(0,1) initialisation (about 95% test accuracy). \
            A stronger recipe: --layers 100 --cost cross-entropy --eta 0.5 --lambda 5 --init scaled.

            Named recipes (--recipe) set all the options at once; options given explicitly \
            override the recipe's values:
            \(TrainingRecipe.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

            --augment affine|elastic trains on images distorted afresh every epoch (Simard et al. \
            2003); --preview-augment FILE.png (or .pgm) writes a montage of such distortions and exits.

            Writes the final model to --output (-o), and beside it NAME.csv and NAME.svg (the history) and \
            NAME.checkpoint.digits (the latest epoch, saved atomically every epoch). Resume a killed \
            run with --resume NAME.checkpoint.digits: the result is bit-identical to an \
            uninterrupted run.

            When a dataset file is missing from --data (default $DIGITS_DATA/NAME, else datasets/NAME), the dataset is \
            downloaded first, as 'digits download' does (mirrors from $DIGITS_MIRRORS, then the \
            built-in ones unless DIGITS_NO_DEFAULT_MIRRORS=1). Files that are all present are \
            used as they are.

            Examples:
              digits train                                # Nielsen's chapter 1, about 95%
              digits train --layers 100 --cost cross-entropy --eta 0.5 --lambda 5 \\
                --init scaled --epochs 60
              digits train --epochs 60 --resume models/run.checkpoint.digits
              digits train --dataset fashion-mnist -o models/fashion.digits --json

            Exit codes: 0 trained; 1 an I/O, network or runtime failure (a failed write, every \
            mirror failed, training diverged); 2 bad usage or input (a bad option, a missing or \
            malformed dataset file or checkpoint, a checkpoint for images of another size).
            """
    )

    @Option(help: "Start from a named recipe: \(TrainingRecipe.all.map(\.name).joined(separator: ", ")) (explicit options override it); 'list' prints what each one sets.",
            completion: .list(TrainingRecipe.all.map(\.name) + ["list"]))
    var recipe: String?
    @Option(help: "Directory with the dataset's four IDX files (default: \(DefaultFolders.dataHelp)).", completion: .directory)
    var data: String?
    @OptionGroup var selection: DatasetSelection
    @Option(help: "Layer sizes, e.g. 784,30,10, or hidden sizes only, e.g. 30 or 100,30 (default 30).")
    var layers: String?
    @Option(parsing: .unconditional, help: "Epochs to train (with --resume: the total to reach; default 30).")
    var epochs: Int?
    @Option(parsing: .unconditional, help: "Mini-batch size (default 10).")
    var batch: Int?
    @Option(parsing: .unconditional, help: "Learning rate η (default 3.0).")
    var eta: Double?
    @Option(help: "Cost: quadratic or cross-entropy (default quadratic).", completion: .list(Cost.allCases.map(\.rawValue)))
    var cost: String?
    @Option(parsing: .unconditional, help: "L2 regularisation λ (default 0).")
    var lambda: Double?
    @Option(parsing: .unconditional, help: "Momentum μ in [0, 1) (default 0).")
    var momentum: Double?
    @Option(name: .customLong("init"), help: "Initialisation: normal (N(0,1)) or scaled (weights N(0,1/n_in)) (default normal).",
            completion: .list(Initialization.allCases.map(\.rawValue)))
    var initialization: String?
    @Option(parsing: .unconditional, help: "Random seed (default: a random one, printed and saved in the model).")
    var seed: UInt64?
    @Option(parsing: .unconditional, help: "Training examples held out for validation (default 10000).")
    var validation: Int?
    @Option(name: .customLong("early-stop"), parsing: .unconditional, help: "Stop after PATIENCE epochs without better validation accuracy; keep the best network.")
    var earlyStop: Int?
    @Option(name: .customLong("eta-schedule"), help: "constant, halve-on-plateau[:PATIENCE] or step:EVERY[:FACTOR] (default constant).",
            completion: .list(["constant", "halve-on-plateau", "step:"]))
    var etaSchedule: String?
    @Option(parsing: .unconditional, help: "Threads training may use: mini-batch products large enough to split, and measuring each epoch while the next trains (default: every core). Results do not depend on it.")
    var threads: Int?
    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Where to save the model (default \(DefaultFolders.modelsHelp)/DATASET-LAYERS-TIMESTAMP.digits).", valueName: "file"),
            completion: .file(extensions: ["digits"]))
    var output: String?
    /// `--out`, the old name of `--output`, still accepted.
    @Option(name: .customLong("out"), help: .hidden)
    var outAlias: String?
    /// The model file asked for, by either name.
    var out: String? { output ?? outAlias }
    @Option(help: "Continue the run saved in this checkpoint.", completion: .file(extensions: ["digits"]))
    var resume: String?
    @Option(name: .customLong("save-every-epoch"), help: "Also save each epoch's model as DIR/epoch-NNN.digits.", completion: .directory)
    var saveEveryEpoch: String?
    @OptionGroup var augmentArguments: TrainAugmentArguments
    @Flag(name: .customLong("monitor-test"), help: "Measure test accuracy after every epoch.")
    var monitorTest = false
    @Flag(help: "One JSON object per epoch and a final summary object on standard output.")
    var json = false
    @Flag(help: "No progress bar and no per-epoch lines; only the final result.")
    var quiet = false

    func validate() throws {
        if output != nil, outAlias != nil { throw ValidationError("give --output (or -o) once, not with --out") }
        if recipe == "list" { return }  // run() prints the recipes
        if let layers { _ = try Self.parseLayers(layers) }
        if resume != nil {
            let fixed: [(String, Bool)] = [("--layers", layers != nil), ("--batch", batch != nil), ("--eta", eta != nil),
                                           ("--cost", cost != nil), ("--lambda", lambda != nil), ("--momentum", momentum != nil),
                                           ("--init", initialization != nil), ("--seed", seed != nil),
                                           ("--early-stop", earlyStop != nil), ("--eta-schedule", etaSchedule != nil),
                                           ("--recipe", recipe != nil)] + augmentArguments.given.map { ($0, true) }
            if let name = fixed.first(where: \.1)?.0 {
                throw ValidationError("\(name) cannot be combined with --resume: the checkpoint fixes the training options")
            }
        }
        if let validation, validation < 0 { throw ValidationError("--validation must be ≥ 0, got \(validation)") }
        do {
            var options = try baseOptions()
            options.layers = [1, 1]  // the real sizes are known once the data is loaded
            try options.validate()
            if resume == nil, try augmentationOptions().kind == .none, augmentArguments.preview != nil {
                throw ValidationError(Self.previewNeedsDistortions)
            }
        } catch let error as TrainingError {
            throw ValidationError(error.description)
        }
    }

    /// The recipe named by --recipe, if any.
    func namedRecipe() throws -> TrainingRecipe? {
        try recipe.map(TrainingRecipe.named)
    }

    /// The distortions: the recipe's (or none) with the --augment options applied.
    func augmentationOptions() throws -> AugmentationOptions {
        try augmentArguments.resolve(over: try namedRecipe()?.augmentation ?? .none)
    }

    /// The recipe's options (or the defaults) with the options given on the command line
    /// applied (layers still unresolved).
    func baseOptions() throws -> TrainingOptions {
        var o = try namedRecipe()?.options ?? TrainingOptions()
        if let epochs { o.epochs = epochs }
        if let batch { o.batchSize = batch }
        if let eta { o.eta = eta }
        if let cost {
            guard let c = Cost(rawValue: cost) else { throw TrainingError.badOption("unknown cost '\(cost)' (use quadratic or cross-entropy)") }
            o.cost = c
        }
        if let lambda { o.lambda = lambda }
        if let momentum { o.momentum = momentum }
        if let kind = initialization {
            guard let i = Initialization(rawValue: kind) else { throw TrainingError.badOption("unknown initialisation '\(kind)' (use normal or scaled)") }
            o.initialization = i
        }
        if let earlyStop { o.earlyStopPatience = earlyStop }
        if let etaSchedule { o.etaSchedule = try EtaSchedule(parsing: etaSchedule) }
        if let threads { o.threads = threads }
        if monitorTest { o.monitorTest = true }
        return o
    }

    func run() throws {
        if recipe == "list" { return try Recipes().run() }
        let spec = try selection.spec()
        let directory = data ?? DefaultFolders.data(for: spec)
        try checkLayersEarly(spec)
        // Command-line files are checked before anything is downloaded or written.
        let checkpoint = try resume.map { path in try ModelFile.read(path) }
        if let out { try OutputPaths(out: out).check() }
        if let resume, out == nil { try OutputPaths(out: OutputPaths.finalPath(forCheckpoint: resume)).check() }
        if let saveEveryEpoch { try AtomicFile.checkOutputDirectory(saveEveryEpoch) }
        if let preview = augmentArguments.preview {
            try Montage.validateScale(augmentArguments.previewScale, flag: "--preview-scale")
            try AtomicFile.checkOutputFile(preview)
        }
        try ensureDatasetPresent(spec, directory)
        let validationSize = validation
            ?? checkpoint.flatMap { $0.metadata.int(MetadataKey.validationSize).map(Int.init) }
            ?? Dataset.defaultValidationSize
        let loaded = try Dataset.load(directory: directory, spec: spec, validationSize: validationSize)

        var options: TrainingOptions
        let augmentation: AugmentationOptions
        let fieldPoolSize: Int
        var recipeName = recipe
        if let checkpoint, let resume {
            // Errors about the checkpoint name it.
            options = try withFile(resume) {
                try Evaluation.check(checkpoint.network, fits: loaded.training, classCount: spec.classCount)
                return try TrainingOptions(checkpoint: checkpoint)
            }
            if let epochs { options.epochs = epochs }
            if let threads { options.threads = threads }
            if monitorTest { options.monitorTest = true }
            // The checkpoint's distortions: the resumed epochs see the images an uninterrupted run would.
            augmentation = try withFile(resume) { try AugmentationOptions(metadata: checkpoint.metadata) }
            fieldPoolSize = checkpoint.metadata.augmentationFieldPoolSize
            recipeName = checkpoint.metadata.string(AugmentationMetadataKey.recipe)
        } else {
            options = try baseOptions()
            let hidden = try layers.map(Self.parseLayers) ?? namedRecipe()?.hiddenLayers
            options.layers = try Self.resolveLayers(hidden, inputs: loaded.training.pixelsPerImage, classes: spec.classCount)
            options.seed = seed ?? UInt64.random(in: 0..<(1 << 53))
            augmentation = try augmentationOptions()
            fieldPoolSize = Augmenter.defaultFieldPoolSize
        }
        try options.validate()
        if let preview = augmentArguments.preview {
            try writeAugmentationPreview(augmentation, seed: options.seed, fieldPoolSize: fieldPoolSize,
                                         training: loaded.training, to: preview)
            return
        }
        let trainer = try checkpoint.map { checkpoint in
            try withFile(resume ?? "") { try Trainer(options: options, dataset: loaded, resumingFrom: checkpoint) }
        } ?? Trainer(options: options, dataset: loaded)
        trainer.augment(with: augmentation, fieldPoolSize: fieldPoolSize)
        let paths = OutputPaths(out: out ?? resume.map(OutputPaths.finalPath(forCheckpoint:))
                                ?? OutputPaths.defaultPath(dataset: spec.name, layers: options.layers))
        try paths.check()  // the default name is known only now, still before the first epoch
        try paths.createDirectories(saveEveryEpoch: saveEveryEpoch)
        let report = TrainingReport(command: self, options: options, dataset: loaded, paths: paths,
                                    augmentation: augmentation, fieldPoolSize: fieldPoolSize, recipe: recipeName)
        try report.run(trainer)
    }

    /// Downloads the dataset into `directory` when any of its files is missing, showing the
    /// same progress as `digits download`. When all four files are there they are left alone
    /// (whatever they hold: the loader judges them), so a dataset of one's own is never replaced.
    func ensureDatasetPresent(_ spec: DatasetSpec, _ directory: String) throws {
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

/// Where a run writes its files.
struct OutputPaths {
    /// The final model.
    var model: String
    /// `out` without its `.digits` extension: the stem for the files beside it.
    var stem: String
    var checkpoint: String { stem + ".checkpoint.digits" }
    var csv: String { stem + ".csv" }
    var svg: String { stem + ".svg" }

    init(out: String) {
        model = out
        stem = out.hasSuffix(".digits") ? String(out.dropLast(".digits".count)) : out
    }

    /// models/DATASET-784-30-10-YYYYMMDD-HHMMSS.digits (``DefaultFolders/models(_:)``: $DIGITS_MODELS)
    static func defaultPath(dataset: String, layers: [Int]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(DefaultFolders.models())/\(dataset)-\(layers.map(String.init).joined(separator: "-"))-\(formatter.string(from: Date())).digits"
    }

    /// NAME.checkpoint.digits → NAME.digits (a resumed run finishes what the original started).
    static func finalPath(forCheckpoint path: String) -> String {
        path.hasSuffix(".checkpoint.digits") ? String(path.dropLast(".checkpoint.digits".count)) + ".digits" : path + ".resumed.digits"
    }

    /// Checks every file of the run (``AtomicFile/checkOutputFile(_:createsDirectories:)``)
    /// before any work: a directory name (`--out newdir/`), a directory, a parent that is a
    /// file are exit 2 before the first epoch.
    func check() throws {
        for path in [model, checkpoint, csv, svg] { try AtomicFile.checkOutputFile(path, createsDirectories: true) }
    }

    func createDirectories(saveEveryEpoch: String?) throws {
        for dir in [(model as NSString).deletingLastPathComponent, saveEveryEpoch ?? ""] where !dir.isEmpty {
            try AtomicFile.createDirectories(dir)
        }
    }
}
