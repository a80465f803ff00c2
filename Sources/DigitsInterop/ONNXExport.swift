import DigitsKit
import Foundation
import SwiftProtobuf

/// A model as an ONNX file (`docs/export-formats.md`): opset 13, IR version 7.
///
/// The graph takes `pixels`, float32 [N, inputs] with pixels in [0, 1] and N free, and gives
/// `scores`, float32 [N, classes]: the output activations a^L, the same numbers `digits`
/// computes. Layer l (0-based) is a `Gemm` (`transB = 1`, so the initializer `layers.l.weight`
/// keeps the model's own row-major [n_out, n_in] layout) followed by its activation (`Sigmoid`, or
/// `Softmax` over the classes for a softmax output layer), with the
/// initializers `layers.l.weight` and `layers.l.bias` (raw little-endian float32). The model's
/// metadata is in `metadata_props` (``ExportMetadata``); the producer is `digits`.
///
/// The bytes are deterministic: swift-protobuf writes fields in field-number order, repeated
/// fields in the order built here, and the metadata is sorted.
public enum ONNXExport {
    /// The ONNX operator set the graph uses (Gemm-13, Sigmoid-13 and, for a softmax output, Softmax-13).
    public static let opsetVersion: Int64 = 13
    /// The IR version that goes with opset 13 (ONNX 1.8).
    public static let irVersion: Int64 = 7
    public static let producerName = "digits"
    public static let inputName = "pixels"
    public static let outputName = "scores"

    /// The largest file this writes: protobuf cannot encode a message of 2 GiB or more, and
    /// parameters stored outside the file (ONNX external data) are not supported here.
    public static let maxFileSize = Int(Int32.max)

    /// The ONNX bytes of `model`, naming `producerVersion` as the version of `digits` that wrote it.
    ///
    /// - Throws: ``ExportError/tooLarge(format:bytes:limit:)`` for a network whose parameters
    ///   do not fit in ``maxFileSize``.
    public static func encode(_ model: Model, producerVersion: String) throws -> [UInt8] {
        try encode(model, producerVersion: producerVersion, limit: maxFileSize)
    }

    /// ``encode(_:producerVersion:)`` with another size limit (for tests).
    static func encode(_ model: Model, producerVersion: String, limit: Int) throws -> [UInt8] {
        let net = model.network
        // 4 bytes per parameter plus a generous allowance for names, shapes and metadata.
        let estimate = 4 * net.parameterCount + 64 * (net.sizes.count + 16) + metadataSize(model)
        guard estimate < limit else {
            throw ExportError.tooLarge(format: .onnx, bytes: estimate, limit: limit)
        }
        var proto = Onnx_ModelProto()
        proto.irVersion = irVersion
        proto.opsetImport = [Onnx_OperatorSetIdProto.with { $0.domain = ""; $0.version = opsetVersion }]
        proto.producerName = producerName
        proto.producerVersion = producerVersion
        proto.graph = graph(net)
        proto.metadataProps = ExportMetadata.pairs(model).map { pair in
            Onnx_StringStringEntryProto.with { $0.key = pair.key; $0.value = pair.value }
        }
        return try proto.serializedBytes()
    }

    /// The computation graph: Gemm and activation per layer, weights as initializers.
    static func graph(_ net: Network) -> Onnx_GraphProto {
        var graph = Onnx_GraphProto()
        graph.name = "digits-" + net.sizes.map(String.init).joined(separator: "-")
        graph.input = [valueInfo(inputName, columns: net.inputSize)]
        graph.output = [valueInfo(outputName, columns: net.sizes[net.sizes.count - 1])]
        var previous = inputName
        for l in 0..<net.weights.count {
            let (rows, columns) = (net.sizes[l + 1], net.sizes[l])
            let weight = "layers.\(l).weight", bias = "layers.\(l).bias"
            graph.initializer.append(tensor(weight, dims: [rows, columns], net.weights[l]))
            graph.initializer.append(tensor(bias, dims: [rows], net.biases[l]))
            let z = "layers.\(l).z"
            let a = l == net.weights.count - 1 ? outputName : "layers.\(l).a"
            graph.node.append(Onnx_NodeProto.with {
                $0.name = "layers.\(l).gemm"
                $0.opType = "Gemm"
                $0.input = [previous, weight, bias]
                $0.output = [z]
                // z = previous · weightᵀ + bias: the stored [n_out, n_in] matrix, transposed.
                $0.attribute = [Onnx_AttributeProto.with { $0.name = "transB"; $0.type = .int; $0.i = 1 }]
            })
            graph.node.append(activationNode(net.activations[l], layer: l, input: z, output: a))
            previous = a
        }
        return graph
    }

    /// The node applying `activation` (one case per activation the library has).
    private static func activationNode(_ activation: Activation, layer: Int, input: String, output: String) -> Onnx_NodeProto {
        switch activation {
        case .sigmoid:
            return Onnx_NodeProto.with {
                $0.name = "layers.\(layer).sigmoid"
                $0.opType = "Sigmoid"
                $0.input = [input]
                $0.output = [output]
            }
        case .softmax:
            // Softmax-13 over axis 1, the classes of each row [N, classes] (−1, the default, is
            // the same axis; written out for readers).
            return Onnx_NodeProto.with {
                $0.name = "layers.\(layer).softmax"
                $0.opType = "Softmax"
                $0.input = [input]
                $0.output = [output]
                $0.attribute = [Onnx_AttributeProto.with { $0.name = "axis"; $0.type = .int; $0.i = 1 }]
            }
        }
    }

    /// A float32 [N, columns] value, N a named free dimension.
    private static func valueInfo(_ name: String, columns: Int) -> Onnx_ValueInfoProto {
        Onnx_ValueInfoProto.with {
            $0.name = name
            $0.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            $0.type.tensorType.shape.dim = [
                Onnx_TensorShapeProto.Dimension.with { $0.dimParam = "N" },
                Onnx_TensorShapeProto.Dimension.with { $0.dimValue = Int64(columns) },
            ]
        }
    }

    /// A float32 initializer holding `values` as raw little-endian bytes.
    private static func tensor(_ name: String, dims: [Int], _ values: [Float]) -> Onnx_TensorProto {
        var bytes = LittleEndianWriter(capacity: 4 * values.count)
        bytes.f32s(values)
        return Onnx_TensorProto.with {
            $0.name = name
            $0.dims = dims.map(Int64.init)
            $0.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            $0.rawData = Data(bytes.bytes)
        }
    }

    private static func metadataSize(_ model: Model) -> Int {
        ExportMetadata.pairs(model).reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 16 }
    }
}
