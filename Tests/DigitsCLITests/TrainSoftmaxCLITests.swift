import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// `digits train --cost log-likelihood`: a softmax output layer, recorded in the model file
/// (format 1.1), shown by `inspect`, used by `evaluate` and kept by the network2 JSON round trip.
@Suite struct TrainSoftmaxCLITests {
    @Test func logLikelihoodTrainsASoftmaxOutputThatEveryCommandUses() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-softmax")
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TinyDataset.write(to: dir + "/data")
        let model = dir + "/m.digits"
        let r = try runDigits(["train", "--data", dir + "/data", "--layers", "8", "--cost", "log-likelihood", "--eta", "0.5",
                               "--epochs", "3", "--seed", "9", "--validation", "60", "--quiet", "-o", model])
        #expect(r.status == 0, "\(r.stderr)")
        let saved = try ModelFile.readInfo(model)
        #expect(saved.minor == 1 && saved.model.cost == .logLikelihood && saved.model.network.activations == [.sigmoid, .softmax])

        let inspect = try runDigits(["inspect", model])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("v1.1, float32"), "\(inspect.stdout)")
        #expect(inspect.stdout.contains("architecture:     36-8-10 (sigmoid, softmax output)"), "\(inspect.stdout)")
        #expect(inspect.stdout.contains("cost:             log-likelihood"), "\(inspect.stdout)")

        // evaluate's raw scores are the softmax: each row sums to 1.
        let scores = dir + "/scores.f32"
        let evaluate = try runDigits(["evaluate", model, "--data", dir + "/data", "--scores", scores])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: scores))
        let floats = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(floats.count == 100 * 10)
        for i in 0..<100 { #expect(abs(floats[(i * 10)..<(i * 10 + 10)].reduce(0, +) - 1) < 1e-5, "row \(i)") }

        let json = dir + "/m.json", back = dir + "/back.digits"
        #expect(try runDigits(["export-json", model, "-o", json]).status == 0)
        let imported = try runDigits(["import-json", json, "-o", back])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("log-likelihood cost"), "\(imported.stdout)")
        #expect(try ModelFile.read(back).network == saved.model.network)
    }

    @Test func helpSaysLogLikelihoodMeansASoftmaxOutput() throws {
        let r = try runDigits(["train", "--help"])
        #expect(r.status == 0)
        let text = r.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("log-likelihood makes the output layer a softmax (hidden layers stay sigmoid)"), "\(r.stdout)")
    }
}
