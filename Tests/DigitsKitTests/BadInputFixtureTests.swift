import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Every committed malformed input under `Fixtures/BadInputs/` (tools/make-bad-input-fixtures.py)
/// and the exact error its reader must give; docs/bad-inputs.md describes the classes.
///
/// IDX and gzip fixture names start with `images-` or `labels-`: they are read as that kind of
/// dataset file (labels with 10 classes).
@Suite struct BadInputFixtureTests {
    typealias Expected = any DigitsError & Equatable

    static let idx: [(file: String, error: Expected)] = [
        ("images-empty.idx", IDXError.empty),
        ("images-one-byte.idx", IDXError.truncatedHeader(length: 1, needed: 4)),
        ("images-text.idx", IDXError.badMagic(0x6865_6c6c)),
        ("images-png-signature.idx", IDXError.badMagic(0x8950_4e47)),
        ("images-utf8-bom.idx", IDXError.badMagic(0xefbb_bf00)),
        ("images-magic-first-byte-set.idx", IDXError.badMagic(0x0100_0803)),
        ("images-type-signed-byte.idx", IDXError.unsupportedType(0x09)),
        ("images-type-int32.idx", IDXError.unsupportedType(0x0c)),
        ("images-type-float64.idx", IDXError.unsupportedType(0x0e)),
        ("images-ndims-1.idx", IDXError.wrongDimensionCount(found: 1, expected: 3)),
        ("images-ndims-2.idx", IDXError.wrongDimensionCount(found: 2, expected: 3)),
        ("images-ndims-4.idx", IDXError.wrongDimensionCount(found: 4, expected: 3)),
        ("images-ndims-255.idx", IDXError.wrongDimensionCount(found: 255, expected: 3)),
        ("labels-ndims-0.idx", IDXError.wrongDimensionCount(found: 0, expected: 1)),
        ("labels-ndims-3.idx", IDXError.wrongDimensionCount(found: 3, expected: 1)),
        ("images-short-header-magic.idx", IDXError.truncatedHeader(length: 3, needed: 4)),
        ("images-short-header-dims.idx", IDXError.truncatedHeader(length: 10, needed: 16)),
        ("labels-short-header.idx", IDXError.truncatedHeader(length: 6, needed: 8)),
        ("images-count-zero.idx", IDXError.zeroDimension(index: 0)),
        ("images-rows-zero.idx", IDXError.zeroDimension(index: 1)),
        ("images-columns-zero.idx", IDXError.zeroDimension(index: 2)),
        ("labels-count-zero.idx", IDXError.zeroDimension(index: 0)),
        ("images-count-huge.idx", IDXError.dimensionTooLarge(index: 0, value: 4_294_967_295, limit: 10_000_000)),
        ("images-rows-huge.idx", IDXError.dimensionTooLarge(index: 1, value: 5000, limit: 4096)),
        ("images-columns-max-u32.idx", IDXError.dimensionTooLarge(index: 2, value: 4_294_967_295, limit: 4096)),
        ("labels-count-huge.idx", IDXError.dimensionTooLarge(index: 0, value: 10_000_001, limit: 10_000_000)),
        ("images-product-overflows-u32.idx", IDXError.payloadTooLarge(limit: 1 << 30)),
        ("images-product-just-over-1gib.idx", IDXError.payloadTooLarge(limit: 1 << 30)),
        ("images-product-huge.idx", IDXError.payloadTooLarge(limit: 1 << 30)),
        ("images-header-only.idx", IDXError.shortPayload(expected: 32, actual: 0)),
        ("images-short-payload.idx", IDXError.shortPayload(expected: 32, actual: 31)),
        ("images-short-payload-big-claim.idx", IDXError.shortPayload(expected: 784_000, actual: 10)),
        ("labels-short-payload.idx", IDXError.shortPayload(expected: 3, actual: 2)),
        ("images-trailing-byte.idx", IDXError.trailingBytes(expected: 32)),
        ("images-two-files-concatenated.idx", IDXError.trailingBytes(expected: 32)),
        ("labels-trailing-bytes.idx", IDXError.trailingBytes(expected: 2)),
        ("labels-out-of-range-10.idx", IDXError.labelOutOfRange(index: 2, label: 10, classCount: 10)),
        ("labels-out-of-range-255.idx", IDXError.labelOutOfRange(index: 0, label: 255, classCount: 10)),
    ]

    /// The valid gzip member of the valid images file is 63 bytes; its data has CRC 0xb306044d.
    static let gzip: [(file: String, error: Expected)] = [
        ("images-magic-only.gz", GzipError.truncated),
        ("images-header-cut-at-5.gz", GzipError.truncated),
        ("images-header-only.gz", GzipError.truncated),
        ("images-cut-in-deflate-data.gz", GzipError.truncated),
        ("images-cut-before-trailer.gz", GzipError.truncated),
        ("images-cut-in-trailer.gz", GzipError.truncated),
        ("images-cut-one-byte-short.gz", GzipError.truncated),
        ("images-bad-crc.gz", GzipError.crcMismatch(expected: 0xb306_044c, actual: 0xb306_044d)),
        ("images-bad-isize.gz", GzipError.sizeMismatch(expected: 49, actual: 48)),
        ("images-trailing-garbage.gz", GzipError.trailingGarbage(offset: 63, count: 7)),
        ("images-trailing-zero-padding.gz", GzipError.trailingGarbage(offset: 63, count: 16)),
        ("images-trailing-single-1f.gz", GzipError.trailingGarbage(offset: 63, count: 1)),
        ("images-two-members-then-garbage.gz", GzipError.trailingGarbage(offset: 83, count: 5)),
        ("images-second-member-cut.gz", GzipError.truncated),
        ("images-second-member-bad-method.gz", GzipError.unsupportedMethod(7)),
        ("images-method-stored-0.gz", GzipError.unsupportedMethod(0)),
        ("images-method-7.gz", GzipError.unsupportedMethod(7)),
        ("images-reserved-flag-0x20.gz", GzipError.reservedFlags(0x20)),
        ("images-reserved-flags-0xe0.gz", GzipError.reservedFlags(0xe0)),
        ("images-bad-header-crc.gz", GzipError.headerCRCMismatch),
        ("images-header-crc-cut.gz", GzipError.truncated),
        ("images-fextra-past-end.gz", GzipError.truncated),
        ("images-fname-unterminated.gz", GzipError.truncated),
        ("images-fcomment-unterminated.gz", GzipError.truncated),
        ("images-invalid-block-type.gz", GzipError.corruptData("invalid block type")),
        ("images-stored-block-bad-length.gz", GzipError.corruptData("invalid stored block lengths")),
        ("images-distance-too-far-back.gz", GzipError.corruptData("invalid distance too far back")),
        ("images-empty-member.gz", IDXError.truncatedHeader(length: 0, needed: 4)),
        ("images-gzip-of-text.gz", IDXError.badMagic(0x6865_6c6c)),
        ("images-gzip-in-gzip.gz", IDXError.badMagic(0x1f8b_0800)),
        ("images-gzip-short-payload.gz", IDXError.shortPayload(expected: 32, actual: 31)),
        ("images-gzip-trailing-data.gz", IDXError.trailingBytes(expected: 32)),
        ("labels-gzip-out-of-range.gz", IDXError.labelOutOfRange(index: 1, label: 11, classCount: 10)),
        ("labels-gzip-ndims-3.gz", IDXError.wrongDimensionCount(found: 3, expected: 1)),
        // 4 KiB inflating to 4 MiB: the reader stops one byte past the header's 32 (2) bytes.
        ("images-bomb.gz", IDXError.trailingBytes(expected: 32)),
        ("labels-bomb.gz", IDXError.trailingBytes(expected: 2)),
        // 1 GiB promised by 34 bytes, which can inflate to at most 34 × 1040.
        ("images-claims-1gib.gz", IDXError.impliedSizeExceedsInput(implied: 1 << 30, maximum: 34 * 1040)),
    ]

    /// Mutations of golden-v1.0.digits (550 bytes, CRC 0x83485235; metadata entries at 34
    /// (created-at), 93 (seed), 230 (dataset-name), 333 (history)).
    static let model: [(file: String, error: Expected)] = [
        ("empty.digits", ModelFileError.empty),
        ("bad-magic.digits", ModelFileError.badMagic([0x88, 0x44, 0x47, 0x54, 0x0d, 0x0a, 0x1a, 0x0a])),
        ("network2-json.digits", ModelFileError.badMagic(Array(#"{"sizes""#.utf8))),
        ("png-signature.digits", ModelFileError.badMagic([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
        ("magic-cut-at-4.digits", ModelFileError.truncated(size: 4, needed: 12)),
        ("magic-only.digits", ModelFileError.truncated(size: 8, needed: 12)),
        ("future-major-2.digits", ModelFileError.unsupportedMajorVersion(major: 2, minor: 0, supported: 1)),
        ("major-0.digits", ModelFileError.unsupportedMajorVersion(major: 0, minor: 0, supported: 1)),
        ("future-major-then-garbage.digits", ModelFileError.unsupportedMajorVersion(major: 7, minor: 3, supported: 1)),
        ("cut-in-fixed-header.digits", ModelFileError.truncated(size: 16, needed: 20)),
        ("cut-in-layer-sizes.digits", ModelFileError.truncated(size: 26, needed: 34)),
        ("cut-in-metadata.digits", ModelFileError.truncated(size: 100, needed: 550)),
        ("cut-in-parameters.digits", ModelFileError.truncated(size: 500, needed: 550)),
        ("cut-in-crc.digits", ModelFileError.truncated(size: 548, needed: 550)),
        ("trailing-byte.digits", ModelFileError.trailingBytes(size: 551, expected: 550)),
        ("two-copies.digits", ModelFileError.trailingBytes(size: 1100, expected: 550)),
        ("crc-mismatch-flipped-weight.digits", ModelFileError.checksumMismatch(stored: 0x8348_5235, computed: 0x8b93_87fe)),
        ("crc-zeroed.digits", ModelFileError.checksumMismatch(stored: 0, computed: 0x8348_5235)),
        ("element-type-0.digits", ModelFileError.unknownElementType(0)),
        ("element-type-3.digits", ModelFileError.unknownElementType(3)),
        ("element-type-2-f32-body.digits", ModelFileError.truncated(size: 550, needed: 654)),
        ("layer-count-0.digits", ModelFileError.badLayerCount(0)),
        ("layer-count-1.digits", ModelFileError.badLayerCount(1)),
        ("layer-count-65.digits", ModelFileError.badLayerCount(65)),
        ("layer-count-65535.digits", ModelFileError.badLayerCount(65535)),
        ("metadata-too-large.digits", ModelFileError.metadataTooLarge(16_777_217)),
        ("metadata-size-max-u32.digits", ModelFileError.metadataTooLarge(4_294_967_295)),
        ("layer-size-zero.digits", ModelFileError.badLayerSizes("layer 1 has 0 neurons; each layer needs 1…1048576")),
        ("layer-size-too-large.digits", ModelFileError.badLayerSizes("layer 1 has 1048577 neurons; each layer needs 1…1048576")),
        ("absurd-parameter-count.digits", ModelFileError.badLayerSizes("too many parameters for layer sizes [1048576, 1048576, 1]")),
        ("size-overflow.digits", ModelFileError.sizeOverflow),
        ("unknown-cost-9.digits", ModelFileError.unknownCost(9)),
        ("unknown-cost-0.digits", ModelFileError.unknownCost(0)),
        ("unknown-activation.digits", ModelFileError.unknownActivation(layer: 2, code: 0)),
        ("softmax-hidden-layer.digits", ModelFileError.softmaxHiddenLayer(layer: 1)),
        ("log-likelihood-sigmoid-output.digits", ModelFileError.costDoesNotFitOutput(cost: .logLikelihood, output: .sigmoid)),
        ("softmax-output-cross-entropy.digits", ModelFileError.costDoesNotFitOutput(cost: .crossEntropy, output: .softmax)),
        ("log-likelihood-in-v1.0.digits",
         ModelFileError.codeNewerThanFile(what: "cost code 3 (log-likelihood)", introduced: 1, minor: 0)),
        ("softmax-in-v1.0.digits",
         ModelFileError.codeNewerThanFile(what: "layer 2's activation code 2 (softmax)", introduced: 1, minor: 0)),
        ("nan-weight.digits", ModelFileError.nonFiniteParameter(layer: 1, isBias: false, index: 3)),
        ("inf-bias.digits", ModelFileError.nonFiniteParameter(layer: 2, isBias: true, index: 1)),
        ("negative-inf-weight-layer-2.digits", ModelFileError.nonFiniteParameter(layer: 2, isBias: false, index: 1)),
        ("float64-beyond-float32.digits", ModelFileError.nonFiniteParameter(layer: 1, isBias: false, index: 5)),
        ("metadata-entry-past-end.digits", ModelFileError.metadataEntryPastEnd(offset: 34)),
        ("metadata-entry-length-max-u32.digits", ModelFileError.metadataEntryPastEnd(offset: 333)),
        ("metadata-entry-shorter-than-key.digits",
         ModelFileError.badMetadataEntry(offset: 34, reason: "entry length 5 is shorter than its key (10 bytes)")),
        ("metadata-key-invalid-utf8.digits", ModelFileError.invalidKeyUTF8(offset: 34)),
        ("metadata-key-overlong-utf8.digits", ModelFileError.invalidKeyUTF8(offset: 34)),
        ("metadata-key-surrogate.digits", ModelFileError.invalidKeyUTF8(offset: 34)),
        ("metadata-empty-key.digits", ModelFileError.badMetadataEntry(offset: 34, reason: "empty key")),
        ("metadata-duplicate-key.digits", ModelFileError.duplicateKey("tool-version")),
        ("metadata-unknown-type.digits", ModelFileError.unknownMetadataType(key: "seed", code: 9)),
        ("metadata-int64-7-bytes.digits", ModelFileError.badMetadataValue(key: "seed", reason: "int64 value has 7 bytes, expected 8")),
        ("metadata-string-invalid-utf8.digits",
         ModelFileError.badMetadataValue(key: "dataset-name", reason: "string is not valid UTF-8")),
        ("metadata-float64-array-ragged.digits",
         ModelFileError.badMetadataValue(key: "history", reason: "float64 array of 95 bytes is not a multiple of 8")),
    ]

    static let json: [(file: String, error: Expected)] = [
        ("empty.json", NetworkJSONError.syntax(offset: 0, "unexpected end of input")),
        ("whitespace-only.json", NetworkJSONError.syntax(offset: 4, "unexpected end of input")),
        ("plain-text.json", NetworkJSONError.syntax(offset: 0, "unexpected character")),
        ("model-file.json", NetworkJSONError.syntax(offset: 0, "unexpected character")),
        ("truncated.json", NetworkJSONError.syntax(offset: 40, "unexpected end of input")),
        ("truncated-in-string.json", NetworkJSONError.syntax(offset: 156, "unterminated string")),
        ("utf8-bom.json", NetworkJSONError.syntax(offset: 0, "unexpected character")),
        ("trailing-garbage.json", NetworkJSONError.syntax(offset: 170, "unexpected text after the JSON value")),
        ("two-documents.json", NetworkJSONError.syntax(offset: 170, "unexpected text after the JSON value")),
        ("single-quotes.json", NetworkJSONError.syntax(offset: 1, "expected a member name")),
        ("trailing-comma.json", NetworkJSONError.syntax(offset: 19, "unexpected character")),
        ("comment.json", NetworkJSONError.syntax(offset: 0, "unexpected character")),
        ("python-repr.json", NetworkJSONError.syntax(offset: 1, "expected a member name")),
        ("leading-zero.json", NetworkJSONError.syntax(offset: 12, "expected ',' or ']'")),
        ("control-character-in-string.json", NetworkJSONError.syntax(offset: 156, "control character in string")),
        ("invalid-utf8-in-string.json", NetworkJSONError.syntax(offset: 169, "string is not valid UTF-8")),
        ("unpaired-high-surrogate.json", NetworkJSONError.syntax(offset: 157, #"expected "\u""#)),
        ("lone-low-surrogate.json", NetworkJSONError.syntax(offset: 157, "unpaired surrogate")),
        ("deeply-nested.json", NetworkJSONError.syntax(offset: 73, "nesting deeper than 64 levels")),
        ("top-level-array.json", NetworkJSONError.wrongType(path: "top level", expected: "an object")),
        ("top-level-null.json", NetworkJSONError.wrongType(path: "top level", expected: "an object")),
        ("top-level-string.json", NetworkJSONError.wrongType(path: "top level", expected: "an object")),
        ("duplicate-key.json", NetworkJSONError.duplicateKey("sizes")),
        ("missing-sizes.json", NetworkJSONError.missingKey("sizes")),
        ("missing-weights.json", NetworkJSONError.missingKey("weights")),
        ("missing-biases.json", NetworkJSONError.missingKey("biases")),
        ("missing-cost.json", NetworkJSONError.missingKey("cost")),
        ("sizes-not-array.json", NetworkJSONError.wrongType(path: "sizes", expected: "an array")),
        ("sizes-empty.json", NetworkJSONError.badSizes("a network needs 2…64 layers, got 0")),
        ("sizes-one-layer.json", NetworkJSONError.badSizes("a network needs 2…64 layers, got 1")),
        ("sizes-65-layers.json", NetworkJSONError.badSizes("a network needs 2…64 layers, got 65")),
        ("sizes-zero.json", NetworkJSONError.badSizes("layer 1 has 0 neurons; each layer needs 1…1048576")),
        ("sizes-negative.json", NetworkJSONError.wrongType(path: "sizes[1]", expected: "a non-negative integer, not -3")),
        ("sizes-fraction.json", NetworkJSONError.wrongType(path: "sizes[1]", expected: "a non-negative integer, not 3.5")),
        ("sizes-exponent.json", NetworkJSONError.wrongType(path: "sizes[1]", expected: "a non-negative integer, not 3e0")),
        ("sizes-string.json", NetworkJSONError.wrongType(path: "sizes[0]", expected: "an integer")),
        ("sizes-beyond-int64.json",
         NetworkJSONError.wrongType(path: "sizes[1]", expected: "a non-negative integer, not 99999999999999999999")),
        ("sizes-layer-too-large.json", NetworkJSONError.badSizes("layer 1 has 2000000 neurons; each layer needs 1…1048576")),
        ("sizes-absurd-parameter-count.json",
         NetworkJSONError.badSizes("too many parameters for layer sizes [1048576, 1048576, 1]")),
        ("sizes-lie-about-weights.json", NetworkJSONError.shape(path: "weights[0]", "1 rows, expected 2000")),
        ("weights-not-array.json", NetworkJSONError.wrongType(path: "weights", expected: "an array")),
        ("weights-one-matrix.json", NetworkJSONError.shape(path: "weights", "1 matrices for 2 layers")),
        ("biases-three-vectors.json", NetworkJSONError.shape(path: "biases", "3 vectors for 2 layers")),
        ("weights-row-count.json", NetworkJSONError.shape(path: "weights[0]", "2 rows, expected 3")),
        ("weights-row-length.json", NetworkJSONError.shape(path: "weights[0][1]", "3 numbers, expected 2")),
        ("weights-row-not-array.json", NetworkJSONError.wrongType(path: "weights[0][1]", expected: "an array")),
        ("biases-flat.json", NetworkJSONError.wrongType(path: "biases[0][0]", expected: "an array")),
        ("biases-two-element-rows.json", NetworkJSONError.shape(path: "biases[0][0]", "2 numbers, expected 1")),
        ("nan.json", NetworkJSONError.notFinite(path: "weights[0][0][0]", "NaN")),
        ("infinity.json", NetworkJSONError.notFinite(path: "weights[0][0][0]", "Infinity")),
        ("negative-infinity.json", NetworkJSONError.notFinite(path: "weights[0][0][0]", "-Infinity")),
        ("beyond-float32.json", NetworkJSONError.outOfFloat32Range(path: "weights[0][0][0]", "1e39")),
        ("negative-beyond-float32.json", NetworkJSONError.outOfFloat32Range(path: "weights[0][0][0]", "-3.5e38")),
        ("huge-exponent.json", NetworkJSONError.outOfFloat32Range(path: "weights[0][0][0]", "1e999999999999999999999")),
        ("string-as-number.json", NetworkJSONError.wrongType(path: "weights[0][0][0]", expected: "a number")),
        ("null-as-number.json", NetworkJSONError.wrongType(path: "weights[0][0][0]", expected: "a number")),
        ("bool-as-number.json", NetworkJSONError.wrongType(path: "weights[0][0][0]", expected: "a number")),
        ("unknown-cost.json", NetworkJSONError.unknownCost("L2Cost")),
        ("cost-not-string.json", NetworkJSONError.wrongType(path: "cost", expected: "a string")),
    ]

    @Test(arguments: idx.map(\.file))
    func idxFixture(file: String) throws {
        try check("IDX", file, Self.idx, read: Self.readIDX)
    }

    @Test(arguments: gzip.map(\.file))
    func gzipFixture(file: String) throws {
        try check("Gzip", file, Self.gzip, read: Self.readIDX)
    }

    @Test(arguments: model.map(\.file))
    func modelFileFixture(file: String) throws {
        try check("ModelFile", file, Self.model) { _ = try ModelFile.readInfo($0) }
    }

    @Test(arguments: json.map(\.file))
    func jsonFixture(file: String) throws {
        try check("JSON", file, Self.json) { _ = try NetworkJSON.read($0) }
    }

    /// Each folder holds exactly the files its table lists, at least 30, all tiny.
    @Test(arguments: [("IDX", idx.map(\.file)), ("Gzip", gzip.map(\.file)),
                      ("ModelFile", model.map(\.file)), ("JSON", json.map(\.file))])
    func everyFixtureIsListed(folder: String, listed: [String]) throws {
        let dir = TestSupport.fixture("BadInputs/\(folder)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count >= 30)
        #expect(files == listed.sorted())
        #expect(Set(listed).count == listed.count, "a file is listed twice")
        for file in files {
            let size = try FileManager.default.attributesOfItem(atPath: "\(dir)/\(file)")[.size] as? Int ?? 0
            #expect(size <= 32 << 10, "\(file) is \(size) bytes")
        }
    }

    /// Reads an IDX fixture as images or labels, by the prefix of its name.
    static func readIDX(_ path: String) throws {
        if (path as NSString).lastPathComponent.hasPrefix("labels-") {
            _ = try IDXFile.readLabels(path: path, classCount: 10)
        } else {
            _ = try IDXFile.readImages(path: path)
        }
    }

    private func check(_ folder: String, _ file: String, _ table: [(file: String, error: Expected)],
                       read: (String) throws -> Void) throws {
        let expected = try #require(table.first { $0.file == file }?.error)
        let path = TestSupport.fixture("BadInputs/\(folder)/\(file)")
        do {
            try read(path)
            Issue.record("\(file) was read without error; expected \(expected)")
        } catch let error as FileError {
            #expect(error.path == path)
            let same = Self.matches(error.underlying, expected)
            #expect(same,
                    "\(file): got \(String(reflecting: error.underlying)), expected \(String(reflecting: expected))")
            #expect(error.kind == .badInput)
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("\(file): not a FileError: \(String(reflecting: error))")
        }
    }

    /// Whether `actual` is the same error (same type, same case, same values) as `expected`.
    private static func matches<E: DigitsError & Equatable>(_ actual: any DigitsError, _ expected: E) -> Bool {
        (actual as? E) == expected
    }
}
