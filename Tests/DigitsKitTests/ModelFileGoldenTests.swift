import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// The committed golden file pins the v1.0 byte layout in both directions.
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
}
