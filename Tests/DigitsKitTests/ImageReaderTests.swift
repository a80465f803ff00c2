import DigitsTestSupport
@testable import DigitsKit
import Foundation
import Testing

/// ``ImageReader``: formats told apart by their first bytes, the netpbm family (PBM, PPM) beside
/// PGM, and ``PNGWriter`` round trips.
@Suite struct ImageReaderTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func formatIsToldByContent() throws {
        let pgm = PGMWriter.encode(GrayImage(width: 2, height: 1, pixels: [0, 1]), inkIsDark: false)
        #expect(try ImageReader.decode(pgm) == [GrayImage(width: 2, height: 1, pixels: [0, 1])])
        let png = try PNGWriter.encode(GrayImage(width: 2, height: 1, pixels: [0, 1]))
        #expect(try ImageReader.decode(png) == [GrayImage(width: 2, height: 1, pixels: [1, 0])])
        #expect(throws: ImageFormatError.empty) { try ImageReader.decode([]) }
        #expect(throws: ImageFormatError.unknown("GIF8")) { try ImageReader.decode(Self.bytes("GIF89a")) }
        #expect(throws: ImageFormatError.unknown("\\xFF\\xD8\\xFF\\xE0")) { try ImageReader.decode([0xFF, 0xD8, 0xFF, 0xE0, 0]) }
        #expect(throws: PGMError.unsupportedNetpbm("P7")) { try ImageReader.decode(Self.bytes("P7\nWIDTH 1\n")) }
        #expect(ImageFormatError.unknown("GIF8").description == "not a PNG, PGM, PPM or PBM image (starts with GIF8)")
    }

    @Test func plainAndRawBitmapsHaveBlackOnes() throws {
        // 10 wide: the raw rows are two bytes, the last six bits padding.
        let plain = try ImageReader.decode(Self.bytes("P1\n# a comment\n10 2\n1000000001\n0 1 1 1 1 1 1 1 1 0\n"))
        let raw = try ImageReader.decode(Self.bytes("P4\n10 2\n") + [0b1000_0000, 0b0100_0000, 0b0111_1111, 0b1000_0000])
        let expected = GrayImage(width: 10, height: 2, pixels: [0, 1, 1, 1, 1, 1, 1, 1, 1, 0] + [1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(plain == [expected])
        #expect(raw == [expected])
    }

    @Test func pixmapsBecomeGrey() throws {
        let raw8 = try ImageReader.decode(Self.bytes("P6\n2 1\n255\n") + [255, 0, 0, 255, 255, 255])
        #expect(raw8.count == 1)
        #expect(abs(raw8[0].pixels[0] - 0.299) < 1e-6 && abs(raw8[0].pixels[1] - 1) < 1e-6)
        let raw16 = try ImageReader.decode(Self.bytes("P6\n1 1\n1000\n") + [0, 0, 0x03, 0xE8, 0, 0])
        #expect(abs(raw16[0].pixels[0] - 0.587) < 1e-6)
        let plain = try ImageReader.decode(Self.bytes("P3\n2 1\n15\n0 0 15  15 15 15\n"))
        #expect(abs(plain[0].pixels[0] - 0.114) < 1e-6 && abs(plain[0].pixels[1] - 1) < 1e-6)
    }

    @Test func oneFileMayMixNetpbmFormats() throws {
        let file = Self.bytes("P4 8 1\n") + [0xFF] + Self.bytes("P2 1 1 9 9\nP3 1 1 1 1 1 1\n")
        let images = try ImageReader.decode(file)
        #expect(images.map(\.pixels) == [[Float](repeating: 0, count: 8), [1], [1]])
    }

    @Test func pbmAndPPMErrorsNameTheirFormat() throws {
        let cases: [(String, [UInt8], String)] = [
            ("truncated P6", Self.bytes("P6\n2 1\n255\n") + [0, 0, 0], "PPM raster is truncated: 6 bytes expected, 3 present"),
            ("P6 above maxval", Self.bytes("P6\n2 1\n15\n") + [0, 0, 0, 0, 16, 0], "PPM sample 16 at (1, 0) is above maxval 15"),
            ("P3 too few", Self.bytes("P3 1 1 255 0 0"), "plain PPM raster has 2 samples, expected 3"),
            ("P1 bad sample", Self.bytes("P1 2 1 0 2"), "plain PBM sample at (1, 0) is not a decimal number: 2"),
            ("P1 too many", Self.bytes("P1 1 1 0 1"), "plain PBM raster has more than the 1 samples its size calls for"),
            ("P4 truncated", Self.bytes("P4 9 2\n") + [0, 0, 0], "PBM raster is truncated: 4 bytes expected, 3 present"),
            ("P4 zero width", Self.bytes("P4 0 2\n"), "PBM image is 0×2: width and height must be at least 1"),
            ("P4 no whitespace", Self.bytes("P4 8 1"), "PBM header ends before the whitespace after height"),
            ("P6 huge", Self.bytes("P6 9000 1 255\n"), "PPM image is 9000×1, larger than the 8192×8192 this tool reads"),
            ("second image", Self.bytes("P2 1 1 9 9\nP6 1 1 0\n"), "image 2: PPM maxval 0 is outside 1…65535"),
        ]
        for (name, file, message) in cases {
            do {
                let images = try ImageReader.decode(file)
                Issue.record("\(name): read \(images.count) image(s)")
            } catch let error as PGMError {
                #expect(error.description == message, "\(name)")
                #expect(error.kind == .badInput)
            }
        }
        // PGMReader itself still reads only PGM.
        #expect(throws: PGMError.notGrayscale("P6")) { try PGMReader.decode(Self.bytes("P6\n1 1\n255\n") + [0, 0, 0]) }
    }

    @Test func pngWriterRoundTripsAndIsDeterministic() throws {
        let image = GrayImage(width: 28, height: 28, pixels: (0..<784).map { Float($0 % 29) / 28 })
        let png = try PNGWriter.encode(image)
        #expect(try PNGWriter.encode(image) == png)
        #expect(png.starts(with: PNGReader.signature))
        let back = try ImageReader.decode(png)
        // Ink is written dark on white, as the PGM writer does by default: reading gives 1 − v.
        let expected = image.pixels.map { Float(255 - quantized($0, maxval: 255)) / 255 }
        #expect(back.first?.pixels == expected)
        // Out-of-range samples are clamped; an empty image is refused with a one-line error.
        #expect(try ImageReader.decode(PNGWriter.encode(GrayImage(width: 2, height: 1, pixels: [-3, 7])))[0].pixels == [1, 0])
        #expect(throws: PNGError.self) { try PNGWriter.encode(GrayImage(width: 0, height: 0)) }
    }
}

/// ``ImageExport`` picks PNG or PGM by the file name.
@Suite struct ImageExportFormatTests {
    @Test func montagesAndFilesTakeTheFormatOfTheirName() throws {
        let dir = try TestSupport.makeTemporaryDirectory("export-format")
        defer { TestSupport.removeDirectory(dir) }
        let digit = GrayImage(width: 5, height: 4, pixels: (0..<20).map { Float($0 % 3) / 2 })
        let tiles = [MontageTile(image: digit, caption: "4→9")]
        try ImageExport.writeMontage(tiles, to: dir + "/m.png", scale: 1)
        try ImageExport.writeMontage(tiles, to: dir + "/m.pgm", scale: 1)
        let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/m.png")))
        #expect(png.starts(with: PNGReader.signature))
        #expect(try ImageReader.read(dir + "/m.png") == ImageReader.read(dir + "/m.pgm"))
        #expect(try ImageReader.decode(png).first?.width == Montage.build(tiles).width)
        try ImageExport.writeFiles([("a.png", digit), ("b.pgm", digit)], to: dir + "/each")
        #expect(try ImageReader.read(dir + "/each/a.png") == ImageReader.read(dir + "/each/b.pgm"))
        #expect(ImageExport.fileName(index: 42, truth: 4, answers: [("pred", 9)], format: .png) == "00042-true4-pred9.png")
        #expect(ImageFileFormat(path: "x.PNG") == .png && ImageFileFormat(path: "x.png.pgm") == .pgm)
    }
}
