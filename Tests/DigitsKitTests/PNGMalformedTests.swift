import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Every committed malformed PNG fixture (tools/make-bad-png-fixtures.py) and the exact error it
/// must give through ``ImageReader``. The PNG section of docs/bad-inputs.md describes the classes.
@Suite struct PNGMalformedTests {
    static let expected: [(file: String, message: String)] = [
        ("ancillary-chunk-bad-crc.png", "damaged PNG: tEXt: CRC error"),
        ("bad-filter-byte.png", "damaged PNG: bad adaptive filter value"),
        ("bit-depth-3.png", "damaged PNG: Invalid bit depth in IHDR"),
        ("bit-depth-colour-type-mismatch.png", "damaged PNG: Invalid color type/bit depth combination in IHDR"),
        ("chunk-length-huge.png", "damaged PNG: tEXt: chunk data is too large"),
        ("colour-type-5.png", "damaged PNG: Invalid color type in IHDR"),
        ("compression-method-1.png", "damaged PNG: Unknown compression method in IHDR"),
        ("filter-method-1.png", "damaged PNG: Unknown filter method in IHDR"),
        ("first-chunk-not-ihdr.png", "damaged PNG: IDAT: Missing IHDR before IDAT"),
        ("huge-dimensions.png", "PNG image is 100000×100000, larger than the 8192×8192 this tool reads"),
        ("idat-bad-crc.png", "damaged PNG: IDAT: CRC error"),
        ("idat-distance-too-far-back.png", "damaged PNG: IDAT: invalid distance too far back"),
        ("idat-not-zlib.png", "damaged PNG: IDAT: incorrect header check"),
        ("idat-too-short.png", "damaged PNG: Not enough image data"),
        ("ihdr-bad-crc.png", "damaged PNG: IHDR: CRC error"),
        ("ihdr-wrong-length.png", "damaged PNG: IHDR: invalid"),
        ("inflates-beyond-limit.png", "PNG image data inflates to 536879104 bytes, more than the 134217728 this tool reads"),
        ("interlace-method-2.png", "damaged PNG: Unknown interlace method in IHDR"),
        ("missing-iend.png", "damaged PNG: the file ends early (truncated)"),
        ("no-idat.png", "damaged PNG: IEND: out of place"),
        ("palette-empty.png", "damaged PNG: Invalid palette"),
        ("palette-index-out-of-range-4-bit.png", "PNG pixel at (1, 0) uses palette entry 9, but the palette has 2 entries"),
        ("palette-index-out-of-range.png", "PNG pixel at (0, 0) uses palette entry 200, but the palette has 2 entries"),
        ("palette-length-not-multiple-of-3.png", "damaged PNG: PLTE: invalid"),
        ("palette-missing.png", "damaged PNG: IDAT: Missing PLTE before IDAT"),
        ("signature-only.png", "damaged PNG: the file ends early (truncated)"),
        ("signature-text-mode.png", "not a PNG file: damaged signature (\\x89PNG\\x0A\\x1A\\x0A\\x00, expected \\x89PNG\\r\\n\\x1A\\n)"),
        ("signature-truncated.png", "not a PNG file: damaged signature (\\x89PNG\\x0D\\x0A, expected \\x89PNG\\r\\n\\x1A\\n)"),
        ("transparency-longer-than-palette.png", "damaged PNG: tRNS: invalid"),
        ("truncated-in-idat.png", "damaged PNG: the file ends early (truncated)"),
        ("unknown-critical-chunk.png", "damaged PNG: XYZW: unhandled critical chunk"),
        ("width-above-2-to-the-31.png", "PNG image is 2147483648×4, larger than the 8192×8192 this tool reads"),
        ("zero-height.png", "PNG image is 4×0: width and height must be at least 1"),
        ("zero-width.png", "PNG image is 0×4: width and height must be at least 1"),
        ("zlib-bomb-after-image.png", "damaged PNG: IDAT: Too much image data"),
        ("zlib-bomb-huge-image.png", "damaged PNG: Not enough image data"),
    ]

    @Test(arguments: expected.map(\.file))
    func fixtureGivesItsError(file: String) throws {
        let expected = try #require(Self.expected.first { $0.file == file }?.message)
        let path = TestSupport.fixture("PNG/bad/\(file)")
        do {
            let images = try ImageReader.read(path)
            Issue.record("\(file) was read as \(images.count) image(s); expected \(expected)")
        } catch let error as FileError {
            #expect(error.path == path)
            #expect(error.underlying is PNGError, "\(file): \(error)")
            #expect(error.underlying.description == expected, "\(file)")
            #expect(error.kind == .badInput)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func everyFixtureIsListed() throws {
        let dir = TestSupport.fixture("PNG/bad")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count >= 25)
        #expect(files == Self.expected.map(\.file).sorted())
    }

    /// Mutations of a good PNG (bytes flipped, cut short, chunks dropped): an error or an image,
    /// never a crash; a byte changed inside a chunk is caught by its CRC.
    @Test func mutatedFilesNeverCrash() throws {
        let png = TestPNG(width: 9, height: 7, bitDepth: 8, colourType: 6,
                               samples: PNGReaderTests.pattern(9 * 7 * 4, max: 255), interlaced: true).encode()
        var random = SplitMix64(seed: 14)
        for _ in 0..<400 {
            var bytes = png
            for _ in 0..<Int(random.next() % 4 + 1) {
                let at = Int(random.next() % UInt64(bytes.count))
                bytes[at] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            if random.next() % 4 == 0 { bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count)))) }
            do {
                let images = try ImageReader.decode(bytes)
                #expect(images.count == 1)
            } catch let error as any DigitsError {
                #expect(error.kind == .badInput)
                #expect(!error.description.contains("\n"))
            }
        }
        // Flipping one bit of any byte after the signature: every chunk's CRC covers its type and data.
        for at in stride(from: 12, to: png.count, by: 7) {
            var bytes = png
            bytes[at] ^= 0x10
            #expect(throws: (any Error).self, "byte \(at)") { try ImageReader.decode(bytes) }
        }
    }
}
