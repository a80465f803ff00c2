import DigitsTestSupport
import DigitsKit
import Foundation

/// A tiny dataset and models for the evaluate and compare command-line tests.
///
/// Images are 1×10 pixels with ink in one pixel; the "identity" model answers the position of
/// the ink. Test example i has label i % 10 and ink at its label, except example 7 (label 7, ink
/// at 1) and example 13 (label 3, ink at 8): the identity model gets 18 of 20 right.
enum EvaluateCLIFixtures {
    static let testInk: [Int] = (0..<20).map { i in i == 7 ? 1 : (i == 13 ? 8 : i % 10) }
    static let testLabels: [UInt8] = (0..<20).map { UInt8($0 % 10) }

    /// Writes the four raw IDX files (named as MNIST's, the loader detects gzip by content).
    static func writeDataset(in dir: String) throws {
        let trainInk = (0..<12).map { $0 % 10 }
        try IDXFixtures.write(images(trainInk), to: dir, "train-images-idx3-ubyte.gz")
        try IDXFixtures.write(IDXFixtures.labels(trainInk.map(UInt8.init)), to: dir, "train-labels-idx1-ubyte.gz")
        try IDXFixtures.write(images(testInk), to: dir, "t10k-images-idx3-ubyte.gz")
        try IDXFixtures.write(IDXFixtures.labels(testLabels), to: dir, "t10k-labels-idx1-ubyte.gz")
    }

    /// 1×10 images, each with full ink at its position in `ink`.
    static func images(_ ink: [Int]) -> [UInt8] {
        IDXFixtures.idx(dimensions: [UInt32(ink.count), 1, 10],
                        data: ink.flatMap { position in (0..<10).map { $0 == position ? 255 : 0 } })
    }

    /// A [10, 10] model answering `permutation[ink position]`.
    static func permutationModel(_ permutation: [Int] = Array(0..<10), metadata: Metadata = Metadata()) throws -> Model {
        var w = [Float](repeating: 0, count: 100)
        for (input, output) in permutation.enumerated() { w[output * 10 + input] = 10 }
        let net = try Network(sizes: [10, 10], weights: [w], biases: [[Float](repeating: -5, count: 10)])
        return Model(network: net, metadata: metadata)
    }

    /// A [10, 10, 10] model that also answers the ink position (a different architecture).
    static func deepIdentityModel() throws -> Model {
        var w = [Float](repeating: 0, count: 100)
        for i in 0..<10 { w[i * 10 + i] = 10 }
        let b = [Float](repeating: -5, count: 10)
        return Model(network: try Network(sizes: [10, 10, 10], weights: [w, w], biases: [b, b]))
    }

    /// A new directory holding the dataset; remove it with `TestDirectory.remove`.
    static func makeDirectory() throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("digits-evaluate-cli")
        try writeDataset(in: dir)
        return dir
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    /// The JSON object printed on standard output.
    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }
}
