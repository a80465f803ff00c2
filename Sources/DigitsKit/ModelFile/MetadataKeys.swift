// Every metadata key this build writes or reads, with the type its value has and the rule the
// value must satisfy when a file is read (see MetadataRule.swift and FORMAT.md rule 14): the
// general keys, a checkpoint's training state, and the distortions. One file, so that a key's
// name, its meaning and its range are read in one place.

/// The well-known metadata keys. Writers use these names; readers ignore keys they do not know.
public enum MetadataKey {
    public static let createdAt = "created-at"            // string, ISO 8601 UTC
    public static let toolVersion = "tool-version"        // string
    public static let seed = "seed"                       // int
    public static let epochs = "epochs"                   // int: epochs completed
    public static let miniBatchSize = "mini-batch-size"   // int
    public static let learningRate = "learning-rate"      // double: η at the start
    public static let lambda = "lambda"                   // double: L2 strength λ
    public static let momentum = "momentum"               // double
    public static let cost = "cost"                       // string: Cost.rawValue
    public static let initialization = "initialization"   // string
    public static let datasetName = "dataset-name"        // string
    public static let datasetSHA256 = "dataset-sha256"    // string: "file=hex;file=hex;…" over the 4 files
    public static let trainingSize = "training-size"      // int
    public static let validationSize = "validation-size"  // int
    public static let validationAccuracy = "validation-accuracy" // double in [0,1]
    public static let testAccuracy = "test-accuracy"      // double in [0,1]
    public static let history = "history"                 // see TrainingHistory
    public static let threads = "threads"                 // int
}

extension MetadataKey {
    /// What each numeric (or parsed) well-known key must hold; checked when a file is read.
    public static let rules: [String: MetadataRule] = [
        seed: .anyInt,
        epochs: .int(0...Int64(TrainingOptions.maxEpochs)),
        miniBatchSize: .int(1...Int64(TrainingOptions.maxBatchSize)),
        learningRate: .positive,
        lambda: .nonNegative,
        momentum: .number("in [0, 1)") { $0 >= 0 && $0 < 1 },
        initialization: .oneOf(Initialization.self),
        trainingSize: .int(0...Int64(IDXFile.maxCount)),
        validationSize: .int(0...Int64(IDXFile.maxCount)),
        validationAccuracy: .fraction,
        testAccuracy: .fraction,
        history: .doubles { EpochRecord.problem(inHistory: $0) },
        threads: .int(1...Int64(TrainingOptions.maxThreads)),
    ]
}

/// The metadata keys a checkpoint carries beyond ``MetadataKey``, for resuming.
public enum TrainingMetadataKey {
    public static let epochsPlanned = "train.epochs-planned"      // int
    public static let etaSchedule = "train.eta-schedule"          // string: EtaSchedule.description
    public static let earlyStop = "train.early-stop"              // int: patience, absent = off
    public static let monitorTest = "train.monitor-test"          // int: 0/1
    public static let nesterov = "train.nesterov"                 // int: 1 = Nesterov momentum, absent = off
    public static let dropout = "train.dropout"                   // double: P in (0, 1), absent = off
    public static let maxNorm = "train.max-norm"                  // double: C > 0, absent = off
    public static let centerInputs = "train.center-inputs"        // int: 1 = trained on mean-centred inputs, absent = off
    public static let currentEta = "train.eta"                    // double: η for the next epoch
    public static let plateauCount = "train.plateau-count"        // int
    public static let epochsSinceBest = "train.epochs-since-best" // int
    public static let bestValidation = "train.best-validation-accuracy" // double
    public static let bestEpoch = "train.best-epoch"              // int
    /// bytes: momentum velocities, Float32 little-endian, every layer's weights then every
    /// layer's biases (the same order as ``bestParameters``).
    public static let velocities = "train.velocities"
    /// bytes: the best-validation parameters (early stopping), same layout as ``velocities``.
    public static let bestParameters = "train.best-parameters"
    /// bytes: the input mean μ of a run with ``centerInputs``, Float32 little-endian, one per
    /// input (``InputMean``).
    public static let inputMean = "train.input-mean"
    /// bytes: that run's first-layer biases as trained, for centred inputs (the file's network
    /// has μ folded into them), Float32 little-endian.
    public static let centredBiases = "train.centred-biases"
    /// string: the directory the training data was read from (absolute), where `--resume`
    /// looks for it when no other is given.
    public static let dataDirectory = "train.data-directory"
}

extension TrainingMetadataKey {
    /// What each resume key must hold; checked when a file is read (see ``MetadataRule``).
    public static let rules: [String: MetadataRule] = {
        let epochCount = MetadataRule.int(0...Int64(TrainingOptions.maxEpochs))
        return [
            epochsPlanned: .int(1...Int64(TrainingOptions.maxEpochs)),
            etaSchedule: .string { text in
                guard text.utf8.count <= 64 else { return "\(quotedForMessage(text.prefix(40)))… is not an η schedule" }
                do { _ = try EtaSchedule(parsing: text); return nil } catch { return escapedForMessage("\(error)") }
            },
            earlyStop: .int(1...Int64(TrainingOptions.maxEpochs)),
            monitorTest: .int(0...1),
            nesterov: .int(0...1),
            dropout: .number("in [0, 1)") { $0 >= 0 && $0 < 1 },
            maxNorm: .positive,
            centerInputs: .int(0...1),
            currentEta: .positive,
            plateauCount: epochCount,
            epochsSinceBest: epochCount,
            bestValidation: .fraction,
            bestEpoch: epochCount,
            velocities: .bytes,
            bestParameters: .bytes,
            inputMean: .bytes,
            centredBiases: .bytes,
            dataDirectory: .string { path in
                path.utf8.count <= 4096 && !path.utf8.contains(0) ? nil : "not a directory name (NUL, or over 4096 bytes)"
            },
        ]
    }()
}

/// The metadata keys under which a model records the distortions it was trained with (and a
/// checkpoint the distortions `--resume` must repeat).
public enum AugmentationMetadataKey {
    public static let kind = "train.augment"                          // string: AugmentationKind, absent = none
    public static let shift = "train.augment.shift"                   // double: pixels
    public static let rotation = "train.augment.rotation"             // double: degrees
    public static let scale = "train.augment.scale"                   // double
    public static let shear = "train.augment.shear"                   // double
    public static let elasticAlpha = "train.augment.elastic-alpha"    // double
    public static let elasticSigma = "train.augment.elastic-sigma"    // double
    public static let fieldPoolSize = "train.augment.field-pool"      // int: Augmenter.fieldPoolSize
    public static let flip = "train.augment.flip"                     // int: 1 = half the images mirrored, absent = none
    /// string: the `--recipe` a run started from, absent when none.
    public static let recipe = "train.recipe"
}

extension AugmentationMetadataKey {
    /// What each distortion key must hold; checked when a file is read (see ``MetadataRule``).
    public static let rules: [String: MetadataRule] = {
        var rules: [String: MetadataRule] = [
            kind: .oneOf(AugmentationKind.self),
            fieldPoolSize: .int(1...Int64(Augmenter.maxFieldPoolSize)),
            flip: .int(0...1),
        ]
        for p in AugmentationOptions.parameters {
            let range = p.range
            rules[p.key] = .number("in \(range.lowerBound)…\(range.upperBound)") { range.contains(Float($0)) }
        }
        return rules
    }()
}

extension Metadata {
    /// The rules of every key table this build knows, checked whenever a model file is read.
    public static let knownRules: [String: MetadataRule] = MetadataKey.rules
        .merging(TrainingMetadataKey.rules) { a, _ in a }
        .merging(AugmentationMetadataKey.rules) { a, _ in a }
}
