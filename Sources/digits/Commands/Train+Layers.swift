import ArgumentParser
import DigitsKit

/// `--layers`: the text given, checked early for the built-in datasets.
extension Train {
    /// "784,30,10" → the sizes; an entry that is not a positive whole number is an error.
    static func parseLayers(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let sizes = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, sizes.count == parts.count, sizes.allSatisfy({ $0 >= 1 && $0 <= Network.maxLayerSize }) else {
            throw ValidationError("--layers '\(text)' must be comma-separated layer sizes of 1…\(Network.maxLayerSize), e.g. 784,30,10 or 30")
        }
        return sizes
    }

    /// The built-in datasets are all 28×28 images, so for them a --layers typo is refused
    /// before anything is downloaded or loaded (other datasets: once their images are read).
    func checkLayersEarly(_ spec: DatasetSpec) throws {
        guard let layers, resume == nil, DatasetSpec.builtIn.contains(spec) else { return }
        _ = try Self.inFlags { try TrainingOptions.layers(Self.parseLayers(layers), inputs: 28 * 28, classes: spec.classCount) }
    }
}
