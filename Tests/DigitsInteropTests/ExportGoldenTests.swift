import DigitsKit
import Foundation
import Testing
@testable import DigitsInterop

/// The committed golden files pin the exact ONNX and safetensors bytes of a tiny model.
///
/// They were written by this suite with `DIGITS_WRITE_EXPORT_GOLDEN=DIR swift test --filter
/// ExportGoldenTests` (files go to DIR); rewrite them only when a format change is intended.
/// `tools/check-export` loads both with onnx, onnxruntime and safetensors.
@Suite struct ExportGoldenTests {
    /// [4, 3, 2] with exact binary fractions, and metadata of every type, including text that
    /// JSON must escape.
    static func tinyModel() throws -> Model {
        let weights: [[Float]] = [
            [0.5, -0.25, 1, 0, -1.5, 0.75, 0.125, 2, 0.0625, -0.5, 0.25, -2],
            [1.25, -0.75, 0.5, -1, 0.25, 1.5],
        ]
        let biases: [[Float]] = [[0.1, -0.2, 0.3], [-0.5, 0.5]]
        let network = try Network(sizes: [4, 3, 2], weights: weights, biases: biases)
        let metadata = Metadata([
            (MetadataKey.toolVersion, .string("0.1.0")),
            (MetadataKey.createdAt, .string("2026-01-02T03:04:05Z")),
            (MetadataKey.seed, .int(42)),
            (MetadataKey.learningRate, .double(0.5)),
            (MetadataKey.datasetName, .string("tiny \"quoted\" \\ ü\ttab")),
            (MetadataKey.testAccuracy, .double(0.9375)),
            (MetadataKey.history, .doubles([1, 0.25, .nan, 0.9375, 0.5, 0.01])),
            ("checksum-bytes", .bytes([0x00, 0x0f, 0xab])),
        ])
        return Model(network: network, cost: .crossEntropy, metadata: metadata)
    }

    static let producerVersion = "golden"

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Bundle.module.bundleURL.appendingPathComponent("Fixtures/\(name)")))
    }

    static func compare(_ encoded: [UInt8], golden name: String) throws {
        if let dir = ProcessInfo.processInfo.environment["DIGITS_WRITE_EXPORT_GOLDEN"] {
            try Data(encoded).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        let golden = try fixture(name)
        #expect(encoded.count == golden.count)
        #expect(encoded == golden, "\(name) differs from the committed golden file")
    }

    @Test func onnxBytesAreTheGoldenBytes() throws {
        try Self.compare(try ONNXExport.encode(Self.tinyModel(), producerVersion: Self.producerVersion), golden: "tiny.onnx")
    }

    @Test func safetensorsBytesAreTheGoldenBytes() throws {
        try Self.compare(SafetensorsExport.encode(try Self.tinyModel()), golden: "tiny.safetensors")
    }

    @Test func metadataOrderDoesNotChangeTheBytes() throws {
        var model = try Self.tinyModel()
        model.metadata = Metadata(model.metadata.entries.reversed().map { ($0.key, $0.value) })
        #expect(SafetensorsExport.encode(model) == SafetensorsExport.encode(try Self.tinyModel()))
        #expect(try ONNXExport.encode(model, producerVersion: "x") == ONNXExport.encode(try Self.tinyModel(), producerVersion: "x"))
    }
}
