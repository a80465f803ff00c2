import DigitsKit
import Foundation
import Testing
@testable import DigitsInterop

/// A softmax output layer (the log-likelihood cost) in the exports: ONNX ends in a Softmax node
/// over the classes; the metadata names the activations. (`tools/check-export.py` runs such a
/// model in onnxruntime against digits' own scores.)
@Suite struct ONNXSoftmaxTests {
    static func softmaxModel() throws -> Model {
        var model = try ExportGoldenTests.tinyModel()
        model.network.activations = [.sigmoid, .softmax]
        model.cost = .logLikelihood
        return model
    }

    @Test func theOutputLayerIsASoftmaxOverTheClasses() throws {
        let proto = try Onnx_ModelProto(serializedBytes: try ONNXExport.encode(Self.softmaxModel(), producerVersion: "v"))
        #expect(proto.graph.node.map(\.opType) == ["Gemm", "Sigmoid", "Gemm", "Softmax"])
        let softmax = try #require(proto.graph.node.last)
        #expect(softmax.input == ["layers.1.z"] && softmax.output == ["scores"] && softmax.name == "layers.1.softmax")
        #expect(softmax.attribute.map { "\($0.name)=\($0.i)" } == ["axis=1"])
        let pairs = Dictionary(uniqueKeysWithValues: proto.metadataProps.map { ($0.key, $0.value) })
        #expect(pairs["activations"] == "sigmoid,softmax" && pairs["cost"] == "log-likelihood")
    }

    @Test func aSigmoidModelsGraphIsUnchanged() throws {
        let sigmoid = try ONNXExport.encode(ExportGoldenTests.tinyModel(), producerVersion: "v")
        let softmax = try ONNXExport.encode(Self.softmaxModel(), producerVersion: "v")
        #expect(sigmoid != softmax)
        let proto = try Onnx_ModelProto(serializedBytes: sigmoid)
        #expect(proto.graph.node.map(\.opType) == ["Gemm", "Sigmoid", "Gemm", "Sigmoid"])
    }
}
