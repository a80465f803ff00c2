import ArgumentParser
import DigitsKit

/// Which examples `evaluate` and `compare` run on: `--data`, `--dataset`/`--spec`, `--split`,
/// `--validation`.
struct EvaluationDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The dataset directory (default: \(DefaultFolders.dataHelp)).", valueName: "dir"), completion: .directory)
    var data: String?

    @OptionGroup var selection: DatasetSelection

    @Option(help: "The examples to evaluate on: test, validation (the last N training images) or train (the rest).")
    var split: EvaluationSplit = .test

    @Option(name: .customLong("validation"), parsing: .unconditional,
            help: ArgumentHelp("Training images held out as the validation split (default: \(Dataset.defaultValidationSize)).", valueName: "n"))
    var validationSize: Int?

    func validate() throws {
        if let validationSize, validationSize < 0 {
            throw ValidationError("--validation must be 0 or more, got \(validationSize)")
        }
    }

    /// Loads the dataset; returns the chosen split, the SHA-256 of each file and the dataset's spec.
    func load() throws -> EvaluationData {
        let spec = try selection.spec()
        let directory = data ?? DefaultFolders.data(for: spec)
        // The test split needs only the two test files (the training images are most of a load),
        // unless --validation was given: then it is checked against the training files too.
        let set = split == .test && validationSize == nil
            ? try Dataset.loadTest(directory: directory, spec: spec)
            : try Dataset.load(directory: directory, spec: spec, validationSize: validationSize ?? Dataset.defaultValidationSize)
        let images: LabeledImages
        switch split {
        case .test: images = set.test
        case .validation: images = set.validation
        case .train: images = set.training
        }
        guard images.count > 0 else {
            throw FileError(path: directory, EvaluationError.noExamples)
        }
        return EvaluationData(images: images, checksums: set.sha256, spec: spec, split: split)
    }
}

/// The examples a command evaluates on, and where they come from.
struct EvaluationData {
    var images: LabeledImages
    /// SHA-256 of each dataset file, by file name.
    var checksums: [String: String]
    var spec: DatasetSpec
    var split: EvaluationSplit

    /// "mnist test", for headings.
    var description: String { "\(spec.name) \(split.rawValue)" }
}

/// A part of a dataset to evaluate on.
enum EvaluationSplit: String, ExpressibleByArgument, CaseIterable {
    case test, validation, train
}
