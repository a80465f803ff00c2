import Foundation
import Testing
@testable import DigitsKit

/// network2.py JSON import/export.
@Suite struct ModelFileJSONTests {
    func expectError(_ json: String, _ expected: NetworkJSONError, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try NetworkJSON.decode(Array(json.utf8))
            Issue.record("decoded without error; expected \(expected)", sourceLocation: sourceLocation)
        } catch let error as NetworkJSONError {
            #expect(error == expected, sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A valid [2,3,1] network in network2.py's layout, with `replace` applied to its text.
    static let small = """
        {"sizes": [2, 3, 1], "weights": [[[0.5, -1.25], [1e-3, 2], [0, -0.0]], [[1, 2, 3]]], \
        "biases": [[[0.1], [0.2], [0.3]], [[-4]]], "cost": "CrossEntropyCost"}
        """

    @Test func readsNetwork2Layout() throws {
        let model = try NetworkJSON.decode(Array(Self.small.utf8))
        #expect(model.network.sizes == [2, 3, 1])
        #expect(model.network.weights[0] == [0.5, -1.25, 0.001, 2, 0, -0.0])
        #expect(model.network.weights[1] == [1, 2, 3])
        #expect(model.network.biases == [[0.1, 0.2, 0.3], [-4]])
        #expect(model.cost == .crossEntropy)
        #expect(model.metadata.entries.isEmpty)
    }

    @Test func roundTripKeepsEveryFloat32Exactly() throws {
        for seed in UInt64(1)...100 {
            var model = try ModelFileRoundTripTests.randomModel(seed: seed)
            model.metadata = Metadata()
            let json = try NetworkJSON.encode(model)
            let back = try NetworkJSON.decode(json)
            #expect(back == model, "seed \(seed)")
            #expect(ModelFile.parameterSHA256(back.network) == ModelFile.parameterSHA256(model.network), "seed \(seed)")
        }
    }

    /// A softmax output layer travels as "LogLikelihoodCost" (network2.py has no such cost): read
    /// back, the output layer is a softmax again and every other layer sigmoid.
    @Test func aSoftmaxOutputRoundTripsAsLogLikelihoodCost() throws {
        var model = try ModelFileTestSupport.goldenV11Model()
        model.metadata = Metadata()
        let json = try NetworkJSON.encode(model)
        #expect(String(decoding: json, as: UTF8.self).hasSuffix(#""cost": "LogLikelihoodCost"}"#))
        let back = try NetworkJSON.decode(json)
        #expect(back == model && back.network.activations == [.sigmoid, .softmax])
        let imported = try NetworkJSON.decode(Array(Self.small.replacingOccurrences(of: "CrossEntropyCost", with: "LogLikelihoodCost").utf8))
        #expect(imported.cost == .logLikelihood && imported.network.activations == [.sigmoid, .softmax])
    }

    @Test func exportIsValidJSONInNetwork2Shape() throws {
        let model = try ModelFileTestSupport.goldenModel()
        let json = try NetworkJSON.encode(model)
        let object = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any]
        #expect(object?["sizes"] as? [Int] == [3, 4, 2])
        #expect(object?["cost"] as? String == "CrossEntropyCost")
        let weights = object?["weights"] as? [[[Double]]]
        #expect(weights?.map(\.count) == [4, 2])
        #expect(weights?[0].allSatisfy { $0.count == 3 } == true)
        #expect(weights?[0][0][0] == -0.75)
        let biases = object?["biases"] as? [[[Double]]]
        #expect(biases?[1] == [[0.5], [-1]])
    }

    @Test func numbersRoundToNearestFloat32() throws {
        // 0.1 as float64 text; Float("0.1") is the nearest Float32.
        let json = Self.small.replacingOccurrences(of: "[0.5, -1.25]", with: "[0.1000000000000000055511151231257827, 3.4028235e38]")
        let model = try NetworkJSON.decode(Array(json.utf8))
        #expect(model.network.weights[0][0] == Float(0.1))
        #expect(model.network.weights[0][1] == .greatestFiniteMagnitude)
    }

    @Test func malformedJSON() {
        expectError("", .syntax(offset: 0, "unexpected end of input"))
        expectError("{\"sizes\": [1, 2]", .syntax(offset: 16, "unterminated object"))
        expectError("{\"sizes\": [01]}", .syntax(offset: 12, "expected ',' or ']'"))
        expectError("{} x", .syntax(offset: 3, "unexpected text after the JSON value"))
        expectError("[\"\u{1}\"]", .syntax(offset: 2, "control character in string"))
        expectError(String(repeating: "[", count: 100_000), .syntax(offset: 64, "nesting deeper than 64 levels"))
        expectError("[1, 2]", .wrongType(path: "top level", expected: "an object"))
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: NetworkJSONError.syntax(offset: 5, "string is not valid UTF-8")) {
            try NetworkJSON.decode([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])
        }
    }

    @Test func missingAndDuplicateKeys() {
        expectError("{\"sizes\": [1, 1], \"weights\": [[[1]]], \"biases\": [[[1]]]}", .missingKey("cost"))
        expectError("{\"sizes\": [1, 1], \"sizes\": [1, 1]}", .duplicateKey("sizes"))
    }

    @Test func shapesAreCheckedAgainstSizes() {
        expectError(Self.small.replacingOccurrences(of: "[0, -0.0]", with: "[0]"),
                    .shape(path: "weights[0][2]", "1 numbers, expected 2"))
        expectError(Self.small.replacingOccurrences(of: "[[1, 2, 3]]", with: "[[1, 2, 3], [4, 5, 6]]"),
                    .shape(path: "weights[1]", "2 rows, expected 1"))
        expectError(Self.small.replacingOccurrences(of: "[[-4]]", with: "[[-4, 5]]"),
                    .shape(path: "biases[1][0]", "2 numbers, expected 1"))
        expectError(Self.small.replacingOccurrences(of: ", [[-4]]]", with: "]"),
                    .shape(path: "biases", "1 vectors for 2 layers"))
    }

    @Test func absurdSizesAreRejectedBeforeAllocating() {
        #expect(throws: NetworkJSONError.self) {
            try NetworkJSON.decode(Array("{\"sizes\": [1048576, 1048576, 1048576], \"weights\": [], \"biases\": [], \"cost\": \"QuadraticCost\"}".utf8))
        }
        expectError("{\"sizes\": [2, 1.5]}", .wrongType(path: "sizes[1]", expected: "a non-negative integer, not 1.5"))
        expectError("{\"sizes\": [2, -1]}", .wrongType(path: "sizes[1]", expected: "a non-negative integer, not -1"))
    }

    @Test func nonFiniteAndOutOfRangeNumbers() {
        expectError(Self.small.replacingOccurrences(of: "[0.1]", with: "[NaN]"), .notFinite(path: "biases[0][0][0]", "NaN"))
        expectError(Self.small.replacingOccurrences(of: "[-4]", with: "[-Infinity]"), .notFinite(path: "biases[1][0][0]", "-Infinity"))
        expectError(Self.small.replacingOccurrences(of: "1e-3", with: "1e39"), .outOfFloat32Range(path: "weights[0][1][0]", "1e39"))
        expectError(Self.small.replacingOccurrences(of: "1e-3", with: "\"x\""), .wrongType(path: "weights[0][1][0]", expected: "a number"))
    }

    @Test func unknownCost() {
        expectError(Self.small.replacingOccurrences(of: "CrossEntropyCost", with: "LogLikelihood"), .unknownCost("LogLikelihood"))
    }

    @Test func exportRefusesNonFiniteParameters() throws {
        var model = try ModelFileTestSupport.goldenModel()
        model.network.biases[0][1] = .infinity
        #expect(throws: NetworkJSONError.notFinite(path: "biases[0][1][0]", "inf")) { try NetworkJSON.encode(model) }
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = SplitMix64(seed: 3)
        let alphabet = Array("{}[],:\"\\ 0123456789.eE+-truefalsnulNaIfiy\u{1}".utf8)
        let base = Array(Self.small.utf8)
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = alphabet.randomElement(using: &rng)!
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            _ = try? NetworkJSON.decode(bytes)
        }
    }
}
