import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Every committed malformed PGM fixture (tools/make-bad-pgm-fixtures.py) and the error it must
/// give. The PGM section of docs/bad-inputs.md describes the classes.
@Suite struct PGMMalformedTests {
    static let expected: [(file: String, error: PGMError)] = [
        ("empty.pgm", .empty),
        ("bad-magic.pgm", .badMagic("GI")),
        ("magic-lowercase.pgm", .badMagic("p5")),
        ("utf8-bom.pgm", .badMagic("\\xEF\\xBB")),
        ("magic-p1.pgm", .notGrayscale("P1")),
        ("magic-p3.pgm", .notGrayscale("P3")),
        ("magic-p4.pgm", .notGrayscale("P4")),
        ("magic-p6.pgm", .notGrayscale("P6")),
        ("magic-p7.pgm", .notGrayscale("P7")),
        ("only-magic.pgm", .truncatedHeader(expecting: "width")),
        ("only-magic-newline.pgm", .truncatedHeader(expecting: "width")),
        ("missing-whitespace-after-magic.pgm", .missingWhitespace(after: "magic")),
        ("ends-before-height.pgm", .truncatedHeader(expecting: "height")),
        ("ends-before-maxval.pgm", .truncatedHeader(expecting: "maxval")),
        ("ends-after-maxval.pgm", .truncatedHeader(expecting: "whitespace after maxval")),
        ("maxval-zero.pgm", .badMaxval(0)),
        ("maxval-70000.pgm", .badMaxval(70000)),
        ("maxval-plus-sign.pgm", .notANumber(field: "maxval", token: "+255")),
        ("width-zero.pgm", .zeroSize(width: 0, height: 1)),
        ("height-zero.pgm", .zeroSize(width: 1, height: 0)),
        ("huge-dimensions.pgm", .tooLarge(width: 100_000, height: 100_000, limit: 8192)),
        ("overflowing-dimensions.pgm", .tooLarge(width: 4_294_967_296, height: 4_294_967_296, limit: 8192)),
        ("number-too-long.pgm", .numberTooLong(field: "width")),
        ("negative-width.pgm", .notANumber(field: "width", token: "-28")),
        ("width-with-suffix.pgm", .notANumber(field: "width", token: "28x")),
        ("garbage-in-header.pgm", .notANumber(field: "height", token: "abc")),
        ("comment-at-end-of-file.pgm", .unterminatedComment),
        ("comment-at-end-after-maxval.pgm", .unterminatedComment),
        ("missing-whitespace-after-maxval.pgm", .missingRasterDelimiter(found: 0x00)),
        ("comment-eats-raster-delimiter.pgm", .missingRasterDelimiter(found: 0x07)),
        ("truncated-raster.pgm", .truncatedRaster(expectedBytes: 16, availableBytes: 10)),
        ("truncated-raster-16bit.pgm", .truncatedRaster(expectedBytes: 8, availableBytes: 7)),
        ("sample-above-maxval-8bit.pgm", .sampleAboveMaxval(value: 16, maxval: 15, x: 1, y: 0)),
        ("sample-above-maxval-16bit.pgm", .sampleAboveMaxval(value: 1001, maxval: 1000, x: 1, y: 0)),
        ("sample-above-maxval-plain.pgm", .sampleAboveMaxval(value: 16, maxval: 15, x: 1, y: 1)),
        ("plain-too-few-samples.pgm", .tooFewSamples(expected: 6, found: 5)),
        ("plain-too-many-samples.pgm", .tooManySamples(expected: 2)),
        ("plain-non-digit-sample.pgm", .badSample(token: "x", x: 1, y: 0)),
        ("plain-decimal-point.pgm", .badSample(token: "2.5", x: 1, y: 0)),
        ("plain-negative-sample.pgm", .badSample(token: "-1", x: 1, y: 0)),
        ("trailing-garbage.pgm", .trailingData(offset: 12)),
        ("second-image-bad.pgm", .inImage(index: 2, .badMaxval(0))),
    ]

    @Test(arguments: expected.map(\.file))
    func fixtureGivesItsError(file: String) throws {
        let expected = try #require(Self.expected.first { $0.file == file }?.error)
        let path = TestSupport.fixture("PGM/bad/\(file)")
        do {
            let images = try PGMReader.read(path)
            Issue.record("\(file) was read as \(images.count) image(s); expected \(expected)")
        } catch let error as FileError {
            #expect(error.path == path)
            #expect(error.underlying as? PGMError == expected, "\(file): \(error)")
            #expect(error.kind == .badInput)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func everyFixtureIsListed() throws {
        let dir = TestSupport.fixture("PGM/bad")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count >= 30)
        #expect(files == Self.expected.map(\.file).sorted())
    }
}
