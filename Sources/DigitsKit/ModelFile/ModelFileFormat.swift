/// The constants of the model file format (see `FORMAT.md` beside this file).
enum ModelFileFormat {
    /// `89 44 47 54 0D 0A 1A 0A`: a non-ASCII first byte, "DGT", then CR LF, EOF (^Z) and LF
    /// so that text-mode transfers and truncated copies are caught at once (as in PNG).
    static let magic: [UInt8] = [0x89, 0x44, 0x47, 0x54, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The major version this build reads and writes: a change readers cannot skip over.
    static let major: UInt16 = 1
    /// The newest minor version this build knows: files with a higher minor are read, ignoring
    /// what this build does not know. It writes the lowest minor that holds a model
    /// (``minorVersion(for:)``), so a file without 1.1's codes is a 1.0 file, byte for byte.
    static let minor: UInt16 = 1

    /// The lowest minor version whose code tables hold everything in `model`: 1 for the
    /// log-likelihood cost or a softmax layer (added in 1.1), else 0.
    static func minorVersion(for model: Model) -> UInt16 {
        max(model.cost.introducedInMinor, model.network.activations.map(\.introducedInMinor).max() ?? 0)
    }

    /// Bytes before the layer sizes: magic, versions, element type, cost, layer count,
    /// metadata length.
    static let fixedHeaderSize = 20
    /// Bytes of the trailing CRC-32.
    static let checksumSize = 4
    /// The largest metadata section a reader accepts (and a writer produces).
    static let maxMetadataSize = 16 << 20
    /// The most metadata entries a reader accepts.
    static let maxMetadataEntries = 65_536
    /// The longest metadata key, in UTF-8 bytes (its length is one byte).
    static let maxKeyLength = 255
    /// Bytes of an entry before its key: entry length (4), type (1), key length (1).
    static let entryPrefixSize = 6

    /// The size of the header for `layerCount` layers: the fixed part, one u32 size per layer
    /// and one activation byte per non-input layer.
    static func headerSize(layerCount: Int) -> Int {
        fixedHeaderSize + 4 * layerCount + (layerCount - 1)
    }
}

/// How the parameters are stored.
enum ElementType: UInt8, CaseIterable {
    case float32 = 1
    case float64 = 2

    var byteCount: Int { self == .float32 ? 4 : 8 }
    var name: String { self == .float32 ? "float32" : "float64" }
}

/// The type codes of metadata values.
enum MetadataTypeCode: UInt8 {
    case string = 1
    case int64 = 2
    case float64 = 3
    case bytes = 4
    case float64Array = 5
}

extension Activation {
    /// The activation's code in a model file.
    var fileCode: UInt8 {
        switch self {
        case .sigmoid: return 1
        case .softmax: return 2
        }
    }

    /// The minor version (of major 1) whose table added the code (a switch, so that a new case
    /// must say which).
    var introducedInMinor: UInt16 {
        switch self {
        case .sigmoid: return 0
        case .softmax: return 1
        }
    }

    init?(fileCode: UInt8) {
        switch fileCode {
        case 1: self = .sigmoid
        case 2: self = .softmax
        default: return nil
        }
    }
}

extension Cost {
    /// The cost's code in a model file.
    var fileCode: UInt8 {
        switch self {
        case .quadratic: return 1
        case .crossEntropy: return 2
        case .logLikelihood: return 3
        }
    }

    /// The minor version (of major 1) whose table added the code (a switch, so that a new case
    /// must say which).
    var introducedInMinor: UInt16 {
        switch self {
        case .quadratic, .crossEntropy: return 0
        case .logLikelihood: return 1
        }
    }

    init?(fileCode: UInt8) {
        switch fileCode {
        case 1: self = .quadratic
        case 2: self = .crossEntropy
        case 3: self = .logLikelihood
        default: return nil
        }
    }
}
