import ArgumentParser
import DigitsKit

/// Which examples `evaluate` and `compare` run on: `--data`, `--dataset`/`--spec`, `--split`,
/// `--validation`, or `--images DIR` (the user's own labelled images).
struct EvaluationDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The dataset directory (default: \(DefaultFolders.dataHelp)).", valueName: "dir"), completion: .directory)
    var data: String?

    @OptionGroup var selection: DatasetSelection

    @Option(help: "The examples to evaluate on: test (default), validation (the last N training images) or train (the rest).")
    var split: EvaluationSplit?

    @Option(name: .customLong("validation"), parsing: .unconditional,
            help: ArgumentHelp("Training images held out as the validation split (default: \(Dataset.defaultValidationSize)).", valueName: "n"))
    var validationSize: Int?

    @Option(help: ArgumentHelp("Evaluate on your own labelled images instead of a dataset: one folder per class (DIR/7/a.png) or files named by their label (DIR/7-a.png); each is prepared as 'classify' prepares it.", valueName: "dir"))
    var images: String?

    func validate() throws {
        if let validationSize, validationSize < 0 {
            throw ValidationError("--validation must be 0 or more, got \(validationSize)")
        }
        if images != nil {
            let given = [("--data", data != nil), ("--dataset", selection.dataset != nil), ("--spec", selection.specFile != nil),
                         ("--split", split != nil), ("--validation", validationSize != nil)].filter(\.1).map(\.0)
            if let first = given.first {
                throw ValidationError("--images evaluates on the images in a folder; \(first) is for datasets (give one or the other)")
            }
        }
    }

    /// Loads the examples: the labelled images of `--images`, prepared for the first of
    /// `models` (every one must take 28×28 pictures), or the chosen split of the dataset.
    func load(models: [(path: String, network: Network)]) throws -> EvaluationData {
        if let images { return try EvaluationData(images: images, models: models) }
        let split = self.split ?? .test
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
        return EvaluationData(images: images, checksums: set.sha256, classCount: spec.classCount, datasetName: spec.name,
                              split: split, imageSet: nil, classNames: spec.classNames)
    }
}

/// The examples a command evaluates on, and where they come from.
struct EvaluationData {
    var images: LabeledImages
    /// SHA-256 of each dataset file, by file name (nil for an image set).
    var checksums: [String: String]?
    var classCount: Int
    /// The dataset and split, or nil for an image set.
    var datasetName: String?
    var split: EvaluationSplit?
    /// The user's own images, with their names and the files that could not be used.
    var imageSet: LabeledImageSet?
    /// What each class is, when known (the dataset's ``DatasetSpec/classNames``; for an image
    /// set, those of the built-in dataset the models were trained on); nil for digits.
    var classNames: [String]? = nil

    /// "mnist test" or "images in DIR", for headings.
    var description: String {
        if let imageSet { return "images in \(escapedForMessage(imageSet.directory))" }
        return "\(datasetName ?? "?") \(split?.rawValue ?? "?")"
    }
}

/// A part of a dataset to evaluate on.
enum EvaluationSplit: String, ExpressibleByArgument, CaseIterable {
    case test, validation, train
}
