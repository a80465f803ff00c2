import ArgumentParser
import DigitsKit

/// Which dataset a command works on: `--dataset NAME` (a built-in one) or `--spec FILE` (a JSON
/// description of another IDX dataset). Shared by every command that takes a dataset.
struct DatasetSelection: ParsableArguments {
    @Option(help: ArgumentHelp("The dataset: \(DatasetSelection.builtInNames) (default: mnist).", valueName: "name"),
            completion: .list(DatasetSpec.builtIn.map(\.name)))
    var dataset: String?

    @Option(name: .customLong("spec"), help: ArgumentHelp(
        "A JSON description of another IDX dataset (name, mirrors, files with name/size/md5), instead of --dataset.",
        valueName: "file"), completion: .file(extensions: ["json"]))
    var specFile: String?

    static let builtInNames = DatasetSpec.builtIn.map(\.name).joined(separator: ", ")

    func validate() throws {
        if let dataset, DatasetSpec.named(dataset) == nil {
            throw ValidationError("unknown dataset '\(dataset)' (expected one of: \(Self.builtInNames), or --spec FILE)")
        }
        if specFile != nil, dataset != nil {
            throw ValidationError("give either --dataset or --spec, not both")
        }
    }

    /// The chosen dataset: the one described in `--spec`, else the built-in one named by
    /// `--dataset`, else the built-in one named `fallback` (a recipe's dataset), else MNIST.
    ///
    /// - Throws: ``DownloadError/badSpec(path:reason:)`` (exit 2) for an unusable `--spec` file.
    func spec(orElse fallback: String? = nil) throws -> DatasetSpec {
        if let specFile { return try DatasetSpec.read(jsonFile: specFile) }
        return (dataset ?? fallback).flatMap(DatasetSpec.named) ?? .mnist
    }
}
