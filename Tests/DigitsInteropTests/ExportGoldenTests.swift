import DigitsKit
import Foundation
import Testing
@testable import DigitsInterop

/// The committed golden files pin the exact ONNX and safetensors bytes of a tiny model.
///
/// They were written by this suite with `DIGITS_WRITE_EXPORT_GOLDEN=DIR swift test --filter
/// ExportGoldenTests` (files go to DIR); rewrite them only when a format change is intended.
/// `tools/check-export.py` loads both with onnx, onnxruntime and safetensors.
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
        // The first differing byte, not a dump of both arrays.
        let difference = zip(encoded, golden).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(difference == nil, "\(name) differs from the committed golden file at byte \(difference ?? -1)")
        #expect(encoded.count == golden.count, "\(name): \(encoded.count) bytes, the golden file has \(golden.count)")
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

    @Test func onnxDecodesToTheDocumentedGraph() throws {
        let model = try Self.tinyModel()
        let proto = try Onnx_ModelProto(serializedBytes: try ONNXExport.encode(model, producerVersion: "v"))
        #expect(proto.irVersion == 7 && proto.opsetImport.map(\.version) == [13])
        #expect(proto.producerName == "digits" && proto.producerVersion == "v")
        #expect(proto.graph.node.map(\.opType) == ["Gemm", "Sigmoid", "Gemm", "Sigmoid"])
        #expect(proto.graph.node[2].input == ["layers.0.a", "layers.1.weight", "layers.1.bias"])
        #expect(proto.graph.node[0].attribute.map { "\($0.name)=\($0.i)" } == ["transB=1"])
        #expect(proto.graph.input.map(\.name) == ["pixels"] && proto.graph.output.map(\.name) == ["scores"])
        #expect(proto.graph.output[0].type.tensorType.shape.dim.map(\.dimValue) == [0, 2])
        #expect(proto.graph.input[0].type.tensorType.shape.dim.map(\.dimParam) == ["N", ""])
        let weights = proto.graph.initializer[2]
        #expect(weights.name == "layers.1.weight" && weights.dims == [2, 3])
        let floats = stride(from: 0, to: weights.rawData.count, by: 4).map { i in
            Float(bitPattern: weights.rawData[i..<(i + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) })
        }
        #expect(floats == model.network.weights[1])
        let pairs = proto.metadataProps.map { "\($0.key)=\($0.value)" }
        #expect(pairs == ExportMetadata.pairs(model).map { "\($0.key)=\($0.value)" })
        #expect(pairs.contains("history=1.0,0.25,nan,0.9375,0.5,0.01"))
        #expect(pairs.contains("checksum-bytes=000fab") && pairs.contains("cost=cross-entropy") && pairs.contains("architecture=4-3-2"))
        #expect(pairs.contains("parameter-sha256=" + ModelFile.parameterSHA256(model.network)))
    }

    @Test func safetensorsHeaderHoldsTheMetadataAndContiguousOffsets() throws {
        let model = try Self.tinyModel()
        let bytes = SafetensorsExport.encode(model)
        let n = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect((8 + n) % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        let metadata = try #require(header["__metadata__"] as? [String: String])
        #expect(metadata == Dictionary(uniqueKeysWithValues: ExportMetadata.pairs(model).map { ($0.key, $0.value) }))
        #expect(metadata["dataset-name"] == "tiny \"quoted\" \\ ü\ttab")
        var end = 0
        for (name, shape) in [("layers.0.weight", [3, 4]), ("layers.0.bias", [3]), ("layers.1.weight", [2, 3]), ("layers.1.bias", [2])] {
            let entry = try #require(header[name] as? [String: Any])
            #expect(entry["dtype"] as? String == "F32" && entry["shape"] as? [Int] == shape)
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(offsets == [end, end + 4 * shape.reduce(1, *)])
            end = offsets[1]
        }
        #expect(bytes.count == 8 + n + end && header.count == 5)
    }

    @Test func aModelOverTheONNXLimitIsRefusedAsBadInput() throws {
        let model = try Self.tinyModel()
        let size = try ONNXExport.encode(model, producerVersion: "v").count
        #expect(throws: ExportError.self) { try ONNXExport.encode(model, producerVersion: "v", limit: size / 2) }
        do {
            _ = try ONNXExport.encode(model, producerVersion: "v", limit: size / 2)
        } catch let error as ExportError {
            #expect(error.kind == .badInput)
            #expect(error.description.hasPrefix("the model is too large for onnx: about "))
        }
        #expect(ONNXExport.maxFileSize == Int(Int32.max))
    }
}
