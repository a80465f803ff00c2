import DigitsKit

/// The formats `digits export` writes, and the one place that turns a model into their bytes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// ONNX (``ONNXExport``): onnxruntime, and anything else that reads ONNX.
    case onnx
    /// safetensors (``SafetensorsExport``): PyTorch, MLX, numpy.
    case safetensors
    /// network2.py JSON (``NetworkJSON``): Nielsen's code; no metadata.
    case json

    /// Whether the bytes are binary (not for a terminal).
    public var isBinary: Bool { self != .json }
}

/// Export's entry point; the command writes the bytes through DigitsKit's atomic writer.
public enum ModelExport {
    /// `model` in `format`; `producerVersion` is the version of `digits` named in an ONNX file.
    ///
    /// - Throws: ``ExportError`` (or ``NetworkJSONError``) for a model the format cannot hold.
    public static func encode(_ model: Model, as format: ExportFormat, producerVersion: String) throws -> [UInt8] {
        switch format {
        case .onnx: return try ONNXExport.encode(model, producerVersion: producerVersion)
        case .safetensors: return SafetensorsExport.encode(model)
        case .json: return try NetworkJSON.encode(model)
        }
    }
}

/// A model that an export format cannot hold (`.badInput`: exit 2).
public enum ExportError: DigitsError, Equatable {
    /// The file would be `bytes` long, more than the format allows (`limit`).
    case tooLarge(format: ExportFormat, bytes: Int, limit: Int)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case let .tooLarge(format, bytes, limit):
            return "the model is too large for \(format.rawValue): about \(bytes) bytes, the format's limit is \(limit) bytes"
        }
    }
}
