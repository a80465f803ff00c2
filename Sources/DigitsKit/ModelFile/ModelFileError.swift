/// Everything that can be wrong with a model file, one case per problem.
///
/// Reading errors are `.badInput` (exit 2); descriptions are one line and name no file (the
/// caller wraps them with `withFile`, which prefixes the path).
public enum ModelFileError: DigitsError, Equatable {
    /// The file has no bytes at all.
    case empty
    /// The first bytes are not the model file magic.
    case badMagic([UInt8])
    /// The file was written by a format major version this build cannot read.
    case unsupportedMajorVersion(major: UInt16, minor: UInt16, supported: UInt16)
    /// The file ends before the `needed` bytes its header implies (or before the header ends).
    case truncated(size: Int, needed: Int)
    /// The file is longer than the size its header implies.
    case trailingBytes(size: Int, expected: Int)
    /// The stored CRC-32 does not match the bytes.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// The element type code is not one this build knows.
    case unknownElementType(UInt8)
    /// The layer count is outside 2…``Network/maxLayerCount``.
    case badLayerCount(Int)
    /// The layer sizes multiply or add up past what 64-bit arithmetic can hold.
    case sizeOverflow
    /// The layer sizes are not ones a network can have (a zero or huge layer, too many parameters).
    case badLayerSizes(String)
    /// A layer's activation code is not one this build knows (layer is 1-based).
    case unknownActivation(layer: Int, code: UInt8)
    /// The cost code is not one this build knows.
    case unknownCost(UInt8)
    /// A cost or activation code (`what`) that came in minor version `introduced`, in a file
    /// that says it is the older 1.`minor`.
    case codeNewerThanFile(what: String, introduced: UInt16, minor: UInt16)
    /// Layer `layer` (1-based) is a softmax but is not the output layer.
    case softmaxHiddenLayer(layer: Int)
    /// The output layer is not the one the cost goes with (softmax ⇔ log-likelihood).
    case costDoesNotFitOutput(cost: Cost, output: Activation)
    /// The metadata section is larger than the bound.
    case metadataTooLarge(Int)
    /// The metadata section has more entries than the bound.
    case tooManyMetadataEntries
    /// A metadata entry's length runs past the end of the metadata section.
    case metadataEntryPastEnd(offset: Int)
    /// A metadata entry is malformed (too short, empty key) at `offset` in the file.
    case badMetadataEntry(offset: Int, reason: String)
    /// A metadata key is not valid UTF-8.
    case invalidKeyUTF8(offset: Int)
    /// Two metadata entries have the same key.
    case duplicateKey(String)
    /// A metadata entry has a type code this version should know but does not.
    case unknownMetadataType(key: String, code: UInt8)
    /// A metadata value does not fit its type (wrong length, invalid UTF-8).
    case badMetadataValue(key: String, reason: String)
    /// A weight or bias is NaN or infinite (or, in a float64 file, too large for Float32).
    /// `layer` is 1-based; `index` counts within that layer's weights or biases.
    case nonFiniteParameter(layer: Int, isBias: Bool, index: Int)
    /// A model cannot be written: a metadata key is empty, too long, or the metadata too large.
    case unwritableMetadata(String)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .empty:
            return "empty file, not a digits model"
        case .badMagic(let bytes):
            let hex = bytes.map { zeroPaddedHex($0, width: 2) }.joined(separator: " ")
            return "not a digits model file (starts with \(hex), expected 89 44 47 54 0d 0a 1a 0a)"
        case let .unsupportedMajorVersion(major, minor, supported):
            return "model format version \(major).\(minor) is not readable by this build, which reads version \(supported).x: upgrade digits"
        case let .truncated(size, needed):
            return "truncated model file: \(size) bytes, the header implies at least \(needed)"
        case let .trailingBytes(size, expected):
            return "model file has \(size - expected) unexpected trailing bytes (\(size) bytes, the header implies \(expected))"
        case let .checksumMismatch(stored, computed):
            return "model file is corrupt: CRC-32 is 0x\(zeroPaddedHex(computed, width: 8)), the file says 0x\(zeroPaddedHex(stored, width: 8))"
        case .unknownElementType(let code):
            return "unknown parameter element type \(code) (this build reads 1 = float32, 2 = float64)"
        case .badLayerCount(let n):
            return "model has \(n) layers; a network needs 2…\(Network.maxLayerCount)"
        case .sizeOverflow:
            return "model layer sizes overflow 64-bit arithmetic"
        case .badLayerSizes(let reason):
            return "bad layer sizes: \(reason)"
        case let .unknownActivation(layer, code):
            return "layer \(layer) has unknown activation code \(code) (this build knows 1 = sigmoid, 2 = softmax)"
        case .unknownCost(let code):
            return "unknown cost function code \(code) (this build knows 1 = quadratic, 2 = cross-entropy, 3 = log-likelihood)"
        case let .codeNewerThanFile(what, introduced, minor):
            return "\(what) came in model format 1.\(introduced), but the file says it is version 1.\(minor)"
        case .softmaxHiddenLayer(let layer):
            return "layer \(layer) is a softmax, but only the output layer can be one"
        case let .costDoesNotFitOutput(cost, output):
            return cost == .logLikelihood
                ? "the log-likelihood cost needs a softmax output layer, but the output layer is \(output.rawValue)"
                : "a softmax output layer goes with the log-likelihood cost, but the model's cost is \(cost.rawValue)"
        case .metadataTooLarge(let size):
            return "metadata section of \(size) bytes exceeds the limit of \(ModelFileFormat.maxMetadataSize) bytes"
        case .tooManyMetadataEntries:
            return "more than \(ModelFileFormat.maxMetadataEntries) metadata entries"
        case .metadataEntryPastEnd(let offset):
            return "metadata entry at byte \(offset) runs past the end of the metadata section"
        case let .badMetadataEntry(offset, reason):
            return "bad metadata entry at byte \(offset): \(reason)"
        case .invalidKeyUTF8(let offset):
            return "metadata key at byte \(offset) is not valid UTF-8"
        case .duplicateKey(let key):
            return "metadata key \(quotedForMessage(key)) appears more than once"
        case let .unknownMetadataType(key, code):
            return "metadata entry \(quotedForMessage(key)) has unknown type code \(code)"
        case let .badMetadataValue(key, reason):
            return "metadata entry \(quotedForMessage(key)): \(reason)"
        case let .nonFiniteParameter(layer, isBias, index):
            return "layer \(layer) \(isBias ? "bias" : "weight") \(index) is NaN, infinite or too large for Float32"
        case .unwritableMetadata(let reason):
            return "cannot write model metadata: \(reason)"
        }
    }
}
