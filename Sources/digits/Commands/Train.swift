import ArgumentParser
import DigitsKit
import Foundation

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a sigmoid network by mini-batch gradient descent.",
        discussion: """
            Defaults reproduce chapter 1 of Nielsen's book: 784,30,10, quadratic cost, η = 3.0, \
            mini-batches of 10, 30 epochs, N(0,1) initialisation (about 95% test accuracy). Named \
            recipes (--recipe) set all the options at once; options given explicitly override them:
            \(TrainingRecipe.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

            --augment affine|elastic trains on images distorted afresh every epoch (Simard et al. \
            2003); --preview-augment FILE.png (or .pgm) writes a montage of such distortions and exits.

            Writes the model to -o, and beside it NAME.checkpoint.digits (the latest epoch), NAME.csv \
            and NAME.svg (the history), rewritten every epoch. Ctrl-C stops at the next mini-batch; \
            --resume NAME.checkpoint.digits continues bit-identically, on the checkpoint's data \
            unless --data is given. A dataset missing from --data is downloaded first.

            Examples:
              digits train                                # Nielsen's chapter 1, about 95%
              digits train --recipe best -o models/best.digits
              digits train --epochs 60 --resume models/run.checkpoint.digits
              digits train --dataset fashion-mnist -o models/fashion.digits --json

            Exit codes: 0 trained; 1 an I/O, network or runtime failure (a failed write, every \
            mirror failed, training diverged or was stopped); 2 bad usage or input (a bad option, \
            a missing or malformed dataset file or checkpoint, a final model given to --resume).
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
    @Option(help: "Cost: quadratic, cross-entropy or log-likelihood (default quadratic). log-likelihood makes the output layer a softmax (hidden layers stay sigmoid).",
            completion: .list(Cost.allCases.map(\.rawValue)))
    var cost: String?
    @Option(parsing: .unconditional, help: "L2 regularisation λ (default 0).")
    var lambda: Double?
    @Option(parsing: .unconditional, help: "Momentum μ in [0, 1) (default 0).")
    var momentum: Double?
    @Flag(help: "Nesterov momentum (needs --momentum μ > 0): v ← μv − η∇C(w), w ← w + μv − η∇C(w).")
    var nesterov = false
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Dropout: each hidden neuron is dropped with probability P per example while training, the kept ones scaled by 1/(1−P) (0 ≤ P < 1; default 0, off).",
                               valueName: "p"))
    var dropout: Double?
    @Option(name: .customLong("max-norm"), parsing: .unconditional,
            help: ArgumentHelp("Max-norm C > 0: after each update, scale every hidden neuron's incoming weight vector longer than C down to length C (default: off).",
                               valueName: "c"))
    var maxNorm: Double?
    @Flag(name: .customLong("center-inputs"), inversion: .prefixedNo,
          help: "Train on mean-centred inputs (each pixel less its mean over the training images; the saved model folds the mean into its first-layer biases, so it takes raw images), or not (default: off, or the recipe's).")
    var centerInputs: Bool?
    @Option(name: .customLong("init"), help: "Initialisation: normal (N(0,1)) or scaled (weights N(0,1/n_in)) (default normal).",
            completion: .list(Initialization.allCases.map(\.rawValue)))
    var initialization: String?
    @Option(parsing: .unconditional, help: "Random seed (default: a random one, printed and saved in the model).")
    var seed: UInt64?
    @Option(parsing: .unconditional, help: "Training examples held out for validation (default 10000, or the recipe's).")
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
                                           ("--nesterov", nesterov), ("--dropout", dropout != nil), ("--max-norm", maxNorm != nil),
                                           (centerInputs == false ? "--no-center-inputs" : "--center-inputs", centerInputs != nil),
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
            try Self.inFlags { try options.validate() }
            if resume == nil, try augmentationOptions().kind == .none, augmentArguments.preview != nil {
                throw ValidationError(Self.previewNeedsDistortions)
            }
        } catch let error as any DigitsError where error.kind == .badInput {
            throw ValidationError(error.description)
        }
    }

    /// The recipe named by --recipe, if any.
    func namedRecipe() throws -> TrainingRecipe? { try recipe.map(TrainingRecipe.named) }

    /// The distortions: the recipe's (or none) with the --augment options applied.
    func augmentationOptions() throws -> AugmentationOptions {
        try augmentArguments.resolve(over: try namedRecipe()?.augmentation ?? .none)
    }

    /// The recipe's options (or the defaults) with the options given on the command line
    /// applied (layers still unresolved).
    func baseOptions() throws -> TrainingOptions {
        var given = TrainingOverrides()
        (given.epochs, given.batchSize, given.eta, given.cost, given.lambda, given.momentum) = (epochs, batch, eta, cost, lambda, momentum)
        (given.initialization, given.earlyStopPatience, given.etaSchedule) = (initialization, earlyStop, etaSchedule)
        (given.threads, given.monitorTest) = (threads, monitorTest)
        (given.nesterov, given.dropout, given.maxNorm, given.centerInputs) = (nesterov, dropout, maxNorm, centerInputs)
        return try (namedRecipe()?.options ?? TrainingOptions()).applying(given)
    }

    func run() throws {
        if recipe == "list" { return try Recipes().run() }
        // Command-line files are checked before anything is downloaded or written.
        let checkpoint = try resume.map { path in try withFile(path) { try Checkpoint(model: ModelFile.read(path)) } }
        let spec = try checkpoint.map(resumedSpec) ?? selection.spec(orElse: namedRecipe()?.dataset)
        let directory = data ?? checkpoint?.data.directory.flatMap { Dataset.directoryProblem($0) == nil ? $0 : nil }
            ?? DefaultFolders.data(for: spec)
        try checkLayersEarly(spec)
        if let out { try TrainingFiles(model: out).check() }
        if let resume, out == nil { try TrainingFiles(resuming: resume).check() }
        if let saveEveryEpoch { try AtomicFile.checkOutputDirectory(saveEveryEpoch) }
        if let preview = augmentArguments.preview {
            try Montage.validateScale(augmentArguments.previewScale, flag: "--preview-scale")
            try AtomicFile.checkOutputFile(preview)
        }
        try DatasetPresence.ensure(spec, in: directory, json: json, quiet: quiet)
        let validationSize = try validation ?? checkpoint?.data.validationSize ?? namedRecipe()?.validationSize ?? Dataset.defaultValidationSize
        let loaded = try Dataset.load(directory: directory, spec: spec, validationSize: validationSize)
        let trainer: Trainer
        do {
            trainer = try Self.inFlags { try makeTrainer(checkpoint, loaded, spec) }
        } catch let e as TrainingError {
            // The recipe, not the command line, left no validation images: say so.
            guard case .needsValidation = e, validation == nil, let recipe = try namedRecipe(), recipe.validationSize == 0 else { throw e }
            throw FlagError(description: "\(e.description); --recipe \(recipe.name) holds out none unless --validation N is given")
        }
        if let preview = augmentArguments.preview { return try writeAugmentationPreview(trainer, to: preview) }
        let files = TrainingFiles(model: out ?? resume.map { TrainingFiles(resuming: $0).model }
                                  ?? TrainingFiles.defaultModel(in: DefaultFolders.models(), dataset: spec.name, layers: trainer.options.layers))
        try files.check()  // the default name is known only now, still before the first epoch
        try files.createDirectories()
        if let saveEveryEpoch { try AtomicFile.createDirectories(saveEveryEpoch) }
        try TrainingReport(command: self, files: files).run(trainer)
    }

    /// The trainer: resumed from `checkpoint` (errors about it name its file), or a new run with
    /// the recipe's and the command line's options.
    func makeTrainer(_ checkpoint: Checkpoint?, _ loaded: Dataset, _ spec: DatasetSpec) throws -> Trainer {
        if let checkpoint, let resume {
            return try withFile(resume) {
                try Evaluation.check(checkpoint.network, fits: loaded.training, classCount: spec.classCount)
                return try Trainer(resuming: checkpoint, dataset: loaded,
                                   overrides: ResumeOverrides(epochs: epochs, threads: threads, monitorTest: monitorTest ? true : nil))
            }
        }
        var options = try baseOptions()
        let hidden = try layers.map(Self.parseLayers) ?? namedRecipe()?.hiddenLayers
        options.layers = try TrainingOptions.layers(hidden, inputs: loaded.training.pixelsPerImage, classes: spec.classCount)
        options.seed = seed ?? UInt64.random(in: 0..<(1 << 53))
        let trainer = try Trainer(options: options, dataset: loaded)
        trainer.augment(with: try augmentationOptions())
        trainer.recipe = recipe
        return trainer
    }

    /// The dataset of a resumed run: --dataset or --spec when given, else the built-in one the
    /// checkpoint names (another is refused when the trainer compares the names).
    func resumedSpec(_ checkpoint: Checkpoint) throws -> DatasetSpec {
        selection.dataset == nil && selection.specFile == nil ? DatasetSpec.named(checkpoint.data.name) ?? .mnist : try selection.spec()
    }
}
