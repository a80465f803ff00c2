import Foundation
import Testing
@testable import DigitsKit

/// One test per bug the fuzzing work found, on the minimized input kept in
/// FuzzTesting/FailCases/ (FuzzReplayTests also replays those files through the fuzz entry points).
@Suite struct FuzzRegressionTests {
    static func failCase(_ target: String, _ name: String) throws -> [UInt8] {
        let url = FuzzReplayTests.fuzzRoot.appendingPathComponent("FailCases/\(target)/\(name)")
        return try [UInt8](Data(contentsOf: url))
    }

    /// `sizes` [1048576, 2000] with 2000 empty rows: 6 KB of JSON used to reserve 8 GiB
    /// (`reserveCapacity(rows * columns)` before any row was checked). Now the shape error comes
    /// first and nothing is reserved for rows that are not there.
    @Test func jsonWithLyingSizesIsRejectedBeforeReserving() throws {
        let bytes = try Self.failCase("FuzzJSON", "sizes-reserve-8GiB.json")
        #expect(bytes.count < 8192)
        #expect(throws: NetworkJSONError.shape(path: "weights[0][0]", "0 numbers, expected 1048576")) {
            try NetworkJSON.decode(bytes)
        }
    }

    /// A cost name with an escaped newline made a two-line error message.
    @Test func jsonUnknownCostMessageStaysOnOneLine() throws {
        let error = NetworkJSONError.unknownCost("Quadratic\nCost")
        #expect(throws: error) { try NetworkJSON.decode(try Self.failCase("FuzzJSON", "cost-with-newline.json")) }
        #expect(error.description == #"unknown cost "Quadratic\u{a}Cost" (expected QuadraticCost, CrossEntropyCost or LogLikelihoodCost)"#)
    }

    /// A duplicate key holding an ANSI escape sequence reached the terminal unescaped.
    @Test func jsonDuplicateKeyIsEscaped() throws {
        let error = NetworkJSONError.duplicateKey("\u{1b}[2J")
        #expect(throws: error) {
            try NetworkJSON.decode(try Self.failCase("FuzzJSON", "duplicate-key-with-escape-sequence.json"))
        }
        #expect(error.description == #"JSON key "\u{1b}[2J" appears more than once"#)
    }

    /// Found by FuzzModelFile: a metadata key with a newline (of an unknown type) split the message.
    @Test func modelFileKeyWithNewlineStaysOnOneLine() throws {
        let error = ModelFileError.unknownMetadataType(key: "a\nb", code: 13)
        #expect(throws: error) { try ModelFile.decode(try Self.failCase("FuzzModelFile", "metadata-key-with-newline.digits")) }
        #expect(error.description == #"metadata entry "a\u{a}b" has unknown type code 13"#)
    }

    @Test func modelFileDuplicateKeyIsEscaped() throws {
        let error = ModelFileError.duplicateKey("\u{1b}[31mred")
        #expect(throws: error) {
            try ModelFile.decode(try Self.failCase("FuzzModelFile", "duplicate-key-with-escape-sequence.digits"))
        }
        #expect(error.description == #"metadata key "\u{1b}[31mred" appears more than once"#)
        #expect(ModelFileError.badMetadataValue(key: "q\"\\", reason: "r").description == #"metadata entry "q\"\\": r"#)
    }

    /// Plain keys read as before.
    @Test func plainKeysAreQuotedAsBefore() {
        #expect(ModelFileError.duplicateKey("seed").description == #"metadata key "seed" appears more than once"#)
        #expect(NetworkJSONError.unknownCost("L2Cost").description
            == #"unknown cost "L2Cost" (expected QuadraticCost, CrossEntropyCost or LogLikelihoodCost)"#)
    }
}
