import DigitsTestSupport
import Testing
@testable import DigitsKit

/// Property: decode(encode(m)) == m for many random architectures, values and metadata.
@Suite struct ModelFileRoundTripTests {
    /// A random model from `seed`: 2…6 layers of 1…20 neurons, arbitrary finite Float32 bit
    /// patterns (subnormals, −0, huge values), and random metadata of every type.
    static func randomModel(seed: UInt64) throws -> Model {
        var rng = SplitMix64(seed: seed)
        let layers = Int.random(in: 2...6, using: &rng)
        let sizes = (0..<layers).map { _ in Int.random(in: 1...20, using: &rng) }
        func value() -> Float {
            while true {
                let f: Float = Bool.random(using: &rng)
                    ? Float.random(in: -4...4, using: &rng)
                    : Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
                if f.isFinite { return f }
            }
        }
        let weights = (1..<layers).map { i in (0..<(sizes[i] * sizes[i - 1])).map { _ in value() } }
        let biases = (1..<layers).map { i in (0..<sizes[i]).map { _ in value() } }
        let net = try Network(sizes: sizes, weights: weights, biases: biases)
        var meta = Metadata()
        for k in 0..<Int.random(in: 0...8, using: &rng) {
            let key = "k\(k)-" + String(repeating: "é", count: Int.random(in: 0...5, using: &rng))
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: meta[key] = .string(String(repeating: "✓a", count: Int.random(in: 0...10, using: &rng)))
            case 1: meta[key] = .int(Int64.random(in: .min ... .max, using: &rng))
            case 2: meta[key] = .double(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng)))
            case 3: meta[key] = .bytes((0..<Int.random(in: 0...9, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            default: meta[key] = .doubles((0..<Int.random(in: 0...7, using: &rng)).map { _ in Double.random(in: -1e9...1e9, using: &rng) })
            }
        }
        return Model(network: net, cost: Bool.random(using: &rng) ? .quadratic : .crossEntropy, metadata: meta)
    }

    @Test func randomModelsRoundTrip() throws {
        for seed in UInt64(1)...300 {
            let model = try Self.randomModel(seed: seed)
            let bytes = try ModelFile.encode(model)
            let decoded = try ModelFile.decode(bytes)
            // NaN metadata doubles are not == to themselves: compare bytes of a re-encoding too.
            #expect(try ModelFile.encode(decoded) == bytes, "seed \(seed)")
            #expect(decoded.network == model.network, "seed \(seed)")
            #expect(decoded.cost == model.cost, "seed \(seed)")
            #expect(decoded.metadata.entries.map(\.key) == model.metadata.entries.map(\.key), "seed \(seed)")
            #expect(ModelFile.parameterSHA256(decoded.network) == ModelFile.parameterSHA256(model.network), "seed \(seed)")
        }
    }

    @Test func writeThenReadGivesTheSameModel() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-rt")
        defer { TestSupport.removeDirectory(dir) }
        let path = dir + "/m.digits"
        for seed in UInt64(1)...5 {
            let model = try Self.randomModel(seed: seed)
            try ModelFile.write(model, to: path)
            #expect(try ModelFile.encode(ModelFile.read(path)) == ModelFile.encode(model), "seed \(seed)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["m.digits"])
    }
}

import Foundation
