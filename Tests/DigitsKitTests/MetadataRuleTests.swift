import Foundation
import Testing
@testable import DigitsKit

/// Every number a model's metadata holds is range-checked when the file is read: one bad value
/// of each class is rejected with the error naming its key, never a trap or a hang.
@Suite struct MetadataRuleTests {
    /// The golden network with `entries` as its metadata, written with a valid CRC.
    static func file(_ entries: [(String, MetadataValue)]) throws -> [UInt8] {
        var model = try ModelFileTestSupport.goldenModel()
        model.metadata = Metadata(entries)
        return try ModelFile.encode(model)
    }

    /// Decoding a model whose metadata is `entries` fails with `.badMetadataValue` for `key`,
    /// with a one-line reason containing `reasonPart`.
    func expectRejected(_ entries: [(String, MetadataValue)], key: String, _ reasonPart: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            _ = try ModelFile.decode(try Self.file(entries))
            Issue.record("decoded; expected \(key) to be rejected", sourceLocation: sourceLocation)
        } catch let error as ModelFileError {
            guard case let .badMetadataValue(k, reason) = error else {
                Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(k == key, sourceLocation: sourceLocation)
            #expect(reason.contains(reasonPart), "\(reason)", sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n") && error.description.contains("\"\(key)\""), sourceLocation: sourceLocation)
            #expect(error.kind == .badInput, sourceLocation: sourceLocation)
        }
    }

    static func history(_ values: [Double]) -> (String, MetadataValue) { (MetadataKey.history, .doubles(values)) }

    @Test func historyValuesOutOfRange() throws {
        let good: [Double] = [1, 0.25, 0.5, .nan, 3, 1]
        try expectRejected([Self.history([1e300, 0.25, 0.5, 0.5, 3, 1])], key: MetadataKey.history, "epoch is 1e+300")
        try expectRejected([Self.history([-1, 0.25, 0.5, 0.5, 3, 1])], key: MetadataKey.history, "epoch is -1.0")
        try expectRejected([Self.history([.infinity, 0.25, 0.5, 0.5, 3, 1])], key: MetadataKey.history, "epoch is inf")
        try expectRejected([Self.history([1.5, 0.25, 0.5, 0.5, 3, 1])], key: MetadataKey.history, "not a whole number")
        try expectRejected([Self.history(good + [2, .infinity, 0.5, 0.5, 3, 1])], key: MetadataKey.history, "record 2: the training cost is inf")
        try expectRejected([Self.history([1, -1e308, 0.5, 0.5, 3, 1])], key: MetadataKey.history, "training cost")
        try expectRejected([Self.history([1, 0.25, 1.5, 0.5, 3, 1])], key: MetadataKey.history, "validation accuracy is 1.5")
        try expectRejected([Self.history([1, 0.25, 0.5, -.infinity, 3, 1])], key: MetadataKey.history, "test accuracy is -inf")
        try expectRejected([Self.history([1, 0.25, 0.5, 0.5, 0, 1])], key: MetadataKey.history, "learning rate is 0.0")
        try expectRejected([Self.history([1, 0.25, 0.5, 0.5, 3, -2])], key: MetadataKey.history, "seconds is -2.0")
        try expectRejected([Self.history([1, 2, 3])], key: MetadataKey.history, "3 values, not 6 per epoch")
        // NaN (not measured) is fine for every figure but the epoch.
        let model = try ModelFile.decode(try Self.file([Self.history([1, .nan, .nan, .nan, .nan, .nan] + good)]))
        #expect(model.metadata.history?.count == 2)
    }

    @Test func trainingOptionsOutOfRange() throws {
        try expectRejected([(MetadataKey.epochs, .int(-1))], key: MetadataKey.epochs, "-1 is outside 0…1000000")
        try expectRejected([(MetadataKey.miniBatchSize, .int(0))], key: MetadataKey.miniBatchSize, "outside 1…65536")
        try expectRejected([(MetadataKey.miniBatchSize, .int(.max))], key: MetadataKey.miniBatchSize, "outside")
        try expectRejected([(MetadataKey.learningRate, .double(.infinity))], key: MetadataKey.learningRate, "inf is not a finite number > 0")
        try expectRejected([(MetadataKey.learningRate, .double(.nan))], key: MetadataKey.learningRate, "nan")
        try expectRejected([(MetadataKey.learningRate, .double(-3))], key: MetadataKey.learningRate, "> 0")
        try expectRejected([(MetadataKey.lambda, .double(-1e-9))], key: MetadataKey.lambda, "≥ 0")
        try expectRejected([(MetadataKey.momentum, .double(1))], key: MetadataKey.momentum, "in [0, 1)")
        try expectRejected([(MetadataKey.threads, .int(0))], key: MetadataKey.threads, "outside 1…256")
        try expectRejected([(MetadataKey.validationSize, .int(-5))], key: MetadataKey.validationSize, "outside 0…10000000")
        try expectRejected([(MetadataKey.testAccuracy, .double(1e308))], key: MetadataKey.testAccuracy, "in [0, 1]")
        try expectRejected([(MetadataKey.initialization, .string("uniform"))], key: MetadataKey.initialization, "not one of normal, scaled")
        // A well-known key of the wrong type.
        try expectRejected([(MetadataKey.epochs, .double(2))], key: MetadataKey.epochs, "expected an int64, found a float64")
        try expectRejected([(MetadataKey.learningRate, .string("3"))], key: MetadataKey.learningRate, "expected a float64, found a string")
    }

    @Test func resumeStateOutOfRange() throws {
        typealias K = TrainingMetadataKey
        try expectRejected([(K.epochsPlanned, .int(0))], key: K.epochsPlanned, "outside 1…1000000")
        try expectRejected([(K.currentEta, .double(-.infinity))], key: K.currentEta, "> 0")
        try expectRejected([(K.plateauCount, .int(-1))], key: K.plateauCount, "outside")
        try expectRejected([(K.epochsSinceBest, .int(Int64.min))], key: K.epochsSinceBest, "outside")
        try expectRejected([(K.bestEpoch, .int(1 << 40))], key: K.bestEpoch, "outside")
        try expectRejected([(K.bestValidation, .double(2))], key: K.bestValidation, "in [0, 1]")
        try expectRejected([(K.earlyStop, .int(0))], key: K.earlyStop, "outside 1…")
        try expectRejected([(K.monitorTest, .int(2))], key: K.monitorTest, "outside 0…1")
        try expectRejected([(K.nesterov, .int(2))], key: K.nesterov, "outside 0…1")
        try expectRejected([(K.dropout, .double(1))], key: K.dropout, "in [0, 1)")
        try expectRejected([(K.dropout, .double(.nan))], key: K.dropout, "in [0, 1)")
        try expectRejected([(K.maxNorm, .double(0))], key: K.maxNorm, "> 0")
        try expectRejected([(K.maxNorm, .double(.infinity))], key: K.maxNorm, "> 0")
        try expectRejected([(K.etaSchedule, .string("step:0"))], key: K.etaSchedule, "not a positive whole number")
        try expectRejected([(K.etaSchedule, .string("step:2:\n"))], key: K.etaSchedule, "\\u{a}")
        try expectRejected([(K.velocities, .doubles([1]))], key: K.velocities, "expected bytes")
    }

    @Test func augmentationSettingsOutOfRange() throws {
        typealias K = AugmentationMetadataKey
        try expectRejected([(K.kind, .string("warp"))], key: K.kind, "not one of none, affine, elastic")
        try expectRejected([(K.shift, .double(1e308))], key: K.shift, "in 0.0…8.0")
        try expectRejected([(K.elasticSigma, .double(0))], key: K.elasticSigma, "in 0.5…16.0")
        try expectRejected([(K.fieldPoolSize, .int(0))], key: K.fieldPoolSize, "outside 1…65536")
    }

    /// What the rules cannot see alone: values that must agree with each other.
    @Test func inconsistentCheckpointIsRefusedOnResume() throws {
        var options = TrainingOptions()
        options.layers = [3, 4, 2]
        options.epochs = 5
        var meta = Metadata()
        options.record(into: &meta)
        meta[MetadataKey.epochs] = .int(2)
        meta[TrainingMetadataKey.currentEta] = .double(1)
        meta[TrainingMetadataKey.bestEpoch] = .int(4)
        let model = Model(network: try Network(zerosWithSizes: [3, 4, 2]), metadata: meta)
        #expect(throws: TrainingError.badCheckpoint("'train.best-epoch' 4 is after the 2 epochs completed")) {
            try Checkpoint(model: model)
        }
        meta[MetadataKey.epochs] = .int(7)
        #expect(throws: TrainingError.badCheckpoint("'epochs' 7 is more than the 5 of 'train.epochs-planned'")) {
            try Checkpoint(model: Model(network: model.network, metadata: meta))
        }
    }

    /// Metadata built in memory is not checked, but reading its history never traps.
    @Test func inMemoryHistoryWithHugeEpochReadsAsNone() {
        var meta = Metadata()
        meta[MetadataKey.history] = .doubles([1e300, 0, 0, 0, 1, 0])
        #expect(meta.history == nil)
    }

    /// 65,536 entries (the format's bound) load: lookup is by a key index, so building and
    /// reading the metadata is linear (this took 15–90 s when every insertion searched the list).
    @Test func maximalMetadataLoads() throws {
        let entries = (0..<ModelFileFormat.maxMetadataEntries).map { ("k\($0)", MetadataValue.int(Int64($0))) }
        let bytes = try Self.file(entries)
        let model = try ModelFile.decode(bytes)
        #expect(model.metadata.entries.count == ModelFileFormat.maxMetadataEntries)
        #expect(model.metadata["k65535"] == .int(65535))
        #expect(model.metadata["k0"] == .int(0))
    }

    @Test func lookupAfterRemovalAndReplacement() {
        var meta = Metadata([("a", .int(1)), ("b", .int(2)), ("c", .int(3))])
        meta["a"] = nil
        meta["b"] = .string("x")
        meta["d"] = .int(4)
        #expect(meta.entries.map(\.key) == ["b", "c", "d"])
        #expect(meta["b"] == .string("x") && meta["c"] == .int(3) && meta["d"] == .int(4) && meta["a"] == nil)
        #expect(meta == Metadata([("b", .string("x")), ("c", .int(3)), ("d", .int(4))]))
    }
}
