import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// `digits inspect`: text and JSON reports, one-line errors with exit 2.
@Suite struct InspectCommandTests {
    /// A small model with history, written to a fresh directory.
    static func writeModel(in dir: String) throws -> (path: String, model: Model) {
        let net = try Network(sizes: [2, 3, 2],
                              weights: [[0.5, -0.5, 1, -1, 0.25, 0], [1, 2, 3, -1, -2, -3]],
                              biases: [[0.1, 0.2, 0.3], [0, 1]])
        var meta = Metadata([(MetadataKey.createdAt, .string("2026-01-01T00:00:00Z")),
                             (MetadataKey.seed, .int(7)),
                             (MetadataKey.testAccuracy, .double(0.9))])
        meta.history = [
            EpochRecord(epoch: 1, trainingCost: 0.5, validationAccuracy: 0.8, learningRate: 3, seconds: 1),
            EpochRecord(epoch: 2, trainingCost: 0.4, validationAccuracy: 0.9, testAccuracy: 0.85, learningRate: 3, seconds: 1),
            EpochRecord(epoch: 3, trainingCost: 0.3, validationAccuracy: 0.85, learningRate: 3, seconds: 1),
        ]
        let model = Model(network: net, cost: .crossEntropy, metadata: meta)
        let path = dir + "/m.digits"
        try ModelFile.write(model, to: path)
        return (path, model)
    }

    @Test func showsArchitectureMetadataAndChecksums() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, model) = try Self.writeModel(in: dir)
        let r = try runDigits(["inspect", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        for text in ["v1.0", "2-3-2", "sigmoid", "parameters:", "17", "cross-entropy", "ok",
                     ModelFile.parameterSHA256(model.network), "created-at", "2026-01-01T00:00:00Z",
                     "seed", "7", "90.00%", "3 epochs", "best validation 90.00% (epoch 2)"] {
            #expect(r.stdout.contains(text), "missing \(text) in:\n\(r.stdout)")
        }
    }

    @Test func jsonHasFullHistory() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, model) = try Self.writeModel(in: dir)
        let r = try runDigits(["inspect", path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["sizes"] as? [Int] == [2, 3, 2])
        #expect(object?["parameterCount"] as? Int == 17)
        #expect(object?["format"] as? String == "1.0")
        #expect(object?["checksum"] as? String == "ok")
        #expect(object?["parameterSHA256"] as? String == ModelFile.parameterSHA256(model.network))
        #expect((object?["history"] as? [[String: Any]])?.count == 3)
        let keys = (object?["metadata"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
        #expect(keys == ["created-at", "seed", "test-accuracy", "history"])
    }

    @Test func malformedFileIsOneLineAndExitsTwo() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, _) = try Self.writeModel(in: dir)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 9] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        let r = try runDigits(["inspect", path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("digits: \(path): "))
        #expect(r.stderr.contains("CRC-32"))

        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        let bad = try runDigits(["inspect", path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("not a digits model file"))
    }

    @Test func missingFileExitsTwo() throws {
        let r = try runDigits(["inspect", "/nonexistent/m.digits"])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.hasPrefix("digits: /nonexistent/m.digits: "))
    }
}
