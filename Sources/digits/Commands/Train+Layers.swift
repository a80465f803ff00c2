import ArgumentParser
import DigitsKit

/// `--layers`: the text given, and the full sizes once the data is known.
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

    /// Full sizes from --layers and the data: a list of two or more that starts with the input
    /// size is complete and must end with the class count (784,30,11 on 10 classes is a typo,
    /// not the hidden layers 784,30,11); anything else is the hidden layers.
    static func resolveLayers(_ given: [Int]?, inputs: Int, classes: Int) throws -> [Int] {
        let given = given ?? [30]
        if given.count >= 2, given.first == inputs {
            guard given.last == classes else {
                let list = given.map(String.init).joined(separator: ",")
                let fixed = (given.dropLast() + [classes]).map(String.init).joined(separator: ",")
                let hidden = (given.count > 2 ? given.dropFirst().dropLast() : given.dropFirst()).map(String.init).joined(separator: ",")
                throw ValidationError("--layers \(list) starts with the input size \(inputs), so it must end with the class count "
                                      + "\(classes): give \(fixed), or the hidden sizes only (e.g. \(hidden))")
            }
            return given
        }
        return [inputs] + given + [classes]
    }

    /// The built-in datasets are all 28×28 images, so for them a --layers typo is refused
    /// before anything is downloaded or loaded (other datasets: once their images are read).
    func checkLayersEarly(_ spec: DatasetSpec) throws {
        guard let layers, resume == nil, DatasetSpec.builtIn.contains(spec) else { return }
        _ = try Self.resolveLayers(Self.parseLayers(layers), inputs: 28 * 28, classes: spec.classCount)
    }
}
