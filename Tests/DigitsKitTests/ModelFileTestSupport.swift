import DigitsTestSupport
import Foundation
@testable import DigitsKit

/// Shared material for the model file tests: the golden model, a seeded RNG, byte surgery.
enum ModelFileTestSupport {
    /// The model behind `Fixtures/ModelFile/golden-v1.0.digits`: layers [3,4,2], parameters
    /// that are exact binary fractions, fixed metadata covering every value type.
    static func goldenModel() throws -> Model {
        let sizes = [3, 4, 2]
        let w1 = (0..<12).map { (Float($0) - 6) / 8 }       // -0.75 … 0.625
        let b1 = (0..<4).map { (Float($0) - 2) / 4 }        // -0.5 … 0.25
        let w2 = (0..<8).map { Float($0) / 16 - 0.25 }      // -0.25 … 0.1875
        let b2: [Float] = [0.5, -1]
        let net = try Network(sizes: sizes, weights: [w1, w2], biases: [b1, b2])
        var meta = Metadata([
            (MetadataKey.createdAt, .string("2026-01-01T00:00:00Z")),
            (MetadataKey.toolVersion, .string("0.1.0")),
            (MetadataKey.seed, .int(42)),
            (MetadataKey.epochs, .int(2)),
            (MetadataKey.miniBatchSize, .int(10)),
            (MetadataKey.learningRate, .double(0.5)),
            (MetadataKey.lambda, .double(0)),
            (MetadataKey.cost, .string(Cost.crossEntropy.rawValue)),
            (MetadataKey.datasetName, .string("mnist")),
            (MetadataKey.validationAccuracy, .double(0.875)),
            (MetadataKey.testAccuracy, .double(0.8125)),
            ("note-bytes", .bytes([0x00, 0x01, 0xFE, 0xFF])),
        ])
        meta.history = [
            EpochRecord(epoch: 1, trainingCost: 0.25, validationAccuracy: 0.75, learningRate: 0.5, seconds: 1),
            EpochRecord(epoch: 2, trainingCost: 0.125, validationAccuracy: 0.875, testAccuracy: 0.8125, learningRate: 0.5, seconds: 1.5),
        ]
        return Model(network: net, cost: .crossEntropy, metadata: meta)
    }

    static let goldenPath = "ModelFile/golden-v1.0.digits"

    /// The model behind `Fixtures/ModelFile/golden-v1.1.digits`: what 1.1 added, a softmax
    /// output layer with the log-likelihood cost; layers [2, 3, 3] (sigmoid, softmax), exact
    /// binary fractions, a little metadata.
    static func goldenV11Model() throws -> Model {
        let w1 = (0..<6).map { (Float($0) - 3) / 4 }        // -0.75 … 0.5
        let b1: [Float] = [0.25, -0.5, 0]
        let w2 = (0..<9).map { (Float($0) - 4) / 8 }        // -0.5 … 0.5
        let b2: [Float] = [0.5, 0, -0.5]
        let net = try Network(sizes: [2, 3, 3], weights: [w1, w2], biases: [b1, b2], activations: [.sigmoid, .softmax])
        let meta = Metadata([
            (MetadataKey.createdAt, .string("2026-12-02T00:00:00Z")),
            (MetadataKey.toolVersion, .string("0.1.0")),
            (MetadataKey.seed, .int(7)),
            (MetadataKey.epochs, .int(1)),
            (MetadataKey.cost, .string(Cost.logLikelihood.rawValue)),
            (MetadataKey.datasetName, .string("mnist")),
        ])
        return Model(network: net, cost: .logLikelihood, metadata: meta)
    }

    static let goldenV11Path = "ModelFile/golden-v1.1.digits"

    /// The committed golden file's bytes (v1.0, or the one at `path`).
    static func goldenBytes(_ path: String = goldenPath) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture(path))))
    }

    /// Overwrites the trailing CRC-32 so that a deliberately altered file passes the checksum
    /// and reaches the check under test.
    static func fixCRC(_ bytes: inout [UInt8]) {
        let crc = crc32(bytes, 0..<(bytes.count - 4))
        for i in 0..<4 { bytes[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
    }

    static func putU16(_ v: UInt16, at i: Int, in bytes: inout [UInt8]) {
        bytes[i] = UInt8(v & 0xFF); bytes[i + 1] = UInt8(v >> 8)
    }

    static func putU32(_ v: UInt32, at i: Int, in bytes: inout [UInt8]) {
        for k in 0..<4 { bytes[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    static func u32(_ bytes: [UInt8], at i: Int) -> UInt32 { bytes.u32LE(at: i) }
}

