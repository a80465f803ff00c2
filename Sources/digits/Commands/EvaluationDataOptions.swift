import ArgumentParser
import DigitsKit

/// Which examples `evaluate` and `compare` run on: `--data`, `--dataset`, `--split`, `--validation`.
struct EvaluationDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The dataset directory (default: datasets/NAME).", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("The dataset: mnist or fashion-mnist.", valueName: "name"))
    var dataset: String = DatasetSpec.mnist.name

    @Option(help: "The examples to evaluate on: test, validation (the last N training images) or train (the rest).")
    var split: EvaluationSplit = .test

    @Option(name: .customLong("validation"),
            help: ArgumentHelp("Training images held out as the validation split.", valueName: "n"))
    var validationSize: Int = Dataset.defaultValidationSize

    func validate() throws {
        guard DatasetSpec.builtIn.contains(where: { $0.name == dataset }) else {
            throw ValidationError("unknown dataset '\(dataset)'; expected one of: \(DatasetSpec.builtIn.map(\.name).joined(separator: ", "))")
        }
        guard validationSize >= 0 else { throw ValidationError("--validation must be 0 or more, got \(validationSize)") }
    }

    /// The dataset named by `--dataset`.
    var spec: DatasetSpec { DatasetSpec.builtIn.first { $0.name == dataset } ?? .mnist }

    /// The dataset directory.
    var directory: String { data ?? spec.defaultDirectory }

    /// Loads the dataset; returns the chosen split and the SHA-256 of each file.
    func load() throws -> (images: LabeledImages, checksums: [String: String]) {
        let set = try Dataset.load(directory: directory, spec: spec, validationSize: validationSize)
        let images: LabeledImages
        switch split {
        case .test: images = set.test
        case .validation: images = set.validation
        case .train: images = set.training
        }
        guard images.count > 0 else {
            throw FileError(path: directory, EvaluationError.noExamples)
        }
        return (images, set.sha256)
    }

    /// "mnist test", for headings.
    var description: String { "\(spec.name) \(split.rawValue)" }
}

/// A part of a dataset to evaluate on.
enum EvaluationSplit: String, ExpressibleByArgument, CaseIterable {
    case test, validation, train
}
