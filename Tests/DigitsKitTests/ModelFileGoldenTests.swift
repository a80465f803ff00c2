import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// The committed golden files pin the v1.0 and v1.1 byte layouts in both directions.
@Suite struct ModelFileGoldenTests {
    @Test func encodingTheGoldenModelGivesTheGoldenBytes() throws {
        let encoded = try ModelFile.encode(ModelFileTestSupport.goldenModel())
        if ProcessInfo.processInfo.environment["DIGITS_WRITE_GOLDEN"] != nil {
            // Only to create a NEW version's golden file: existing ones stay forever.
            try Data(encoded).write(to: URL(fileURLWithPath: ProcessInfo.processInfo.environment["DIGITS_WRITE_GOLDEN"]!))
        }
        let golden = try ModelFileTestSupport.goldenBytes()
        #expect(encoded.count == golden.count)
        #expect(encoded == golden)
    }

    @Test func decodingTheGoldenBytesGivesTheGoldenModel() throws {
        let info = try ModelFile.inspect(ModelFileTestSupport.goldenBytes())
        #expect(info.model == (try ModelFileTestSupport.goldenModel()))
        #expect(info.major == 1 && info.minor == 0)
        #expect(info.elementType == "float32")
        #expect(info.ignoredMetadataEntries == 0)
        #expect(info.model.metadata.history?.count == 2)
    }

    @Test func goldenFileReadsFromDisk() throws {
        let model = try ModelFile.read(TestSupport.fixture(ModelFileTestSupport.goldenPath))
        #expect(model == (try ModelFileTestSupport.goldenModel()))
    }

    @Test func float64ElementsAreRead() throws {
        let golden = try ModelFileTestSupport.goldenModel()
        let bytes = try ModelFile.encode(golden, elementType: .float64)
        #expect(bytes[12] == 2)
        let info = try ModelFile.inspect(bytes)
        #expect(info.model == golden)
        #expect(info.elementType == "float64")
    }

    @Test func parameterHashIgnoresMetadataButNotParameters() throws {
        var a = try ModelFileTestSupport.goldenModel()
        let hash = ModelFile.parameterSHA256(a.network)
        #expect(hash.count == 64)
        a.metadata = Metadata()
        a.cost = .quadratic
        #expect(ModelFile.parameterSHA256(a.network) == hash)
        a.network.weights[1][3] = a.network.weights[1][3].nextUp
        #expect(ModelFile.parameterSHA256(a.network) != hash)
    }

    @Test func parameterHashIsPinned() throws {
        // The canonical byte order is part of the format's promise: this value never changes.
        let hash = ModelFile.parameterSHA256(try ModelFileTestSupport.goldenModel().network)
        #expect(hash == ModelFileGoldenTests.goldenParameterSHA256)
    }

    static let goldenParameterSHA256 = "67d5db628a24d808f0fc458cbb0eb135c910fabc5960f42b50b5290030c40f8c"

    // MARK: v1.1: a softmax output layer with the log-likelihood cost

    @Test func encodingTheV11GoldenModelGivesTheV11GoldenBytes() throws {
        let encoded = try ModelFile.encode(ModelFileTestSupport.goldenV11Model())
        if let path = ProcessInfo.processInfo.environment["DIGITS_WRITE_GOLDEN_V1_1"] {
            // Only to create this version's golden file once: it stays forever.
            try Data(encoded).write(to: URL(fileURLWithPath: path))
        }
        let golden = try ModelFileTestSupport.goldenBytes(ModelFileTestSupport.goldenV11Path)
        #expect(encoded.count == golden.count)
        #expect(encoded == golden)
    }

    @Test func theV11GoldenFileDecodesAndReencodesByteIdentically() throws {
        let golden = try ModelFileTestSupport.goldenBytes(ModelFileTestSupport.goldenV11Path)
        let info = try ModelFile.inspect(golden)
        #expect(info.major == 1 && info.minor == 1)
        #expect(info.model == (try ModelFileTestSupport.goldenV11Model()))
        #expect(info.model.network.activations == [.sigmoid, .softmax] && info.model.cost == .logLikelihood)
        #expect(golden[13] == 3 && Array(golden[32..<34]) == [1, 2], "cost code 3, activation codes 1 and 2")
        #expect(try ModelFile.encode(info.model) == golden)
        #expect(try ModelFile.read(TestSupport.fixture(ModelFileTestSupport.goldenV11Path)) == info.model)
        #expect(info.checksum == 0xDA8F_E9EE && golden.count == 266)
        #expect(ModelFile.parameterSHA256(info.model.network) == "13e61866a9f896fb241a40cbf88e7b6b1db7dbff58d18dbbee34b4ebba8ad4df")
    }

    /// This build writes the lowest minor version that holds the model: a sigmoid network is
    /// still a 1.0 file (every v1.0 file re-encodes to its own bytes), a softmax one is 1.1.
    @Test func theMinorVersionWrittenIsTheLowestThatHoldsTheModel() throws {
        let v10 = try ModelFile.encode(ModelFileTestSupport.goldenModel())
        #expect(v10[10] == 0 && v10[11] == 0)
        #expect(try ModelFile.encode(ModelFile.decode(ModelFileTestSupport.goldenBytes())) == ModelFileTestSupport.goldenBytes())
        let v11 = try ModelFile.encode(ModelFileTestSupport.goldenV11Model())
        #expect(v11[10] == 1 && v11[11] == 0)
    }

    /// A writer refuses what a reader refuses: a softmax hidden layer, a cost that does not fit
    /// the output layer.
    @Test func inconsistentOutputLayersAreNotWritten() throws {
        var model = try ModelFileTestSupport.goldenV11Model()
        model.cost = .crossEntropy
        #expect(throws: ModelFileError.costDoesNotFitOutput(cost: .crossEntropy, output: .softmax)) { try ModelFile.encode(model) }
        var sigmoid = try ModelFileTestSupport.goldenModel()
        sigmoid.cost = .logLikelihood
        #expect(throws: ModelFileError.costDoesNotFitOutput(cost: .logLikelihood, output: .sigmoid)) { try ModelFile.encode(sigmoid) }
        #expect(throws: NetworkError.softmaxHiddenLayer(1)) {
            try Network(sizes: [2, 3, 3], weights: model.network.weights, biases: model.network.biases, activations: [.softmax, .softmax])
        }
    }
}
