import DigitsTestSupport
@testable import DigitsKit
import Testing

/// Good PNG files of every colour type, bit depth and interlacing, written by
/// ``TestPNG`` (our own encoder, from the specification), read through ``ImageReader``.
@Suite struct PNGReaderTests {
    /// A deterministic pattern of `count` values in 0…max.
    static func pattern(_ count: Int, max: Int, seed: Int = 7) -> [Int] {
        (0..<count).map { ($0 * 2_654_435_761 &+ seed * 97) % (max + 1) }
    }

    static func decode(_ png: TestPNG) throws -> GrayImage {
        let images = try ImageReader.decode(png.encode())
        try #require(images.count == 1)
        #expect(images[0].width == png.width && images[0].height == png.height)
        return images[0]
    }

    static func expectClose(_ a: [Float], _ b: [Float], _ note: String) {
        #expect(a.count == b.count, "\(note)")
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-5, "\(note): largest difference \(worst)")
    }

    @Test(arguments: [1, 2, 4, 8, 16])
    func greyOfEveryDepthIsReadAsStored(depth: Int) throws {
        let max = (1 << depth) - 1
        let (w, h) = (13, 5)  // rows that end inside a byte for the small depths
        let samples = Self.pattern(w * h, max: max)
        let image = try Self.decode(TestPNG(width: w, height: h, bitDepth: depth, colourType: 0, samples: samples))
        Self.expectClose(image.pixels, samples.map { Float($0) / Float(max) }, "grey \(depth)-bit")
    }

    @Test(arguments: [8, 16])
    func colourBecomesGreyByTheLumaRule(depth: Int) throws {
        let max = (1 << depth) - 1
        let (w, h) = (6, 4)
        let rgb = Self.pattern(w * h * 3, max: max)
        let image = try Self.decode(TestPNG(width: w, height: h, bitDepth: depth, colourType: 2, samples: rgb))
        let expected = (0..<w * h).map { i in
            Greyscale.luma(red: Float(rgb[3 * i]) / Float(max), green: Float(rgb[3 * i + 1]) / Float(max),
                           blue: Float(rgb[3 * i + 2]) / Float(max))
        }
        Self.expectClose(image.pixels, expected, "RGB \(depth)-bit")
        // Pure channels give the Rec. 601 weights.
        let pure = try Self.decode(TestPNG(width: 3, height: 1, bitDepth: depth, colourType: 2,
                                                samples: [max, 0, 0, 0, max, 0, 0, 0, max]))
        Self.expectClose(pure.pixels, [0.299, 0.587, 0.114], "pure red, green, blue")
    }

    @Test func ppmAndPNGOfTheSameColoursGiveTheSameGrey() throws {
        let rgb = Self.pattern(5 * 3 * 3, max: 255)
        let png = try Self.decode(TestPNG(width: 5, height: 3, bitDepth: 8, colourType: 2, samples: rgb))
        let ppm = try ImageReader.decode(Array("P6\n5 3\n255\n".utf8) + rgb.map(UInt8.init))
        #expect(ppm == [png])
    }

    @Test func transparencyIsCompositedOnWhitePaper() throws {
        // Grey+alpha, 8-bit: black ink at full, half and no opacity.
        let ga = try Self.decode(TestPNG(width: 3, height: 1, bitDepth: 8, colourType: 4, samples: [0, 255, 0, 51, 0, 0]))
        Self.expectClose(ga.pixels, [0, 0.8, 1], "grey+alpha")
        // RGBA 16-bit: a red pixel, half transparent.
        let rgba = try Self.decode(TestPNG(width: 2, height: 1, bitDepth: 16, colourType: 6,
                                                samples: [65535, 0, 0, 65535, 65535, 0, 0, 0]))
        Self.expectClose(rgba.pixels, [0.299, 1], "RGBA 16-bit")
        let rgba8 = try Self.decode(TestPNG(width: 1, height: 1, bitDepth: 8, colourType: 6, samples: [0, 0, 255, 255]))
        Self.expectClose(rgba8.pixels, [0.114], "RGBA 8-bit")
        // Grey with a tRNS colour key: samples equal to the key are transparent (white).
        let keyed = try Self.decode(TestPNG(width: 3, height: 1, bitDepth: 8, colourType: 0, samples: [0, 7, 100],
                                                 transparency: [0, 7]))
        Self.expectClose(keyed.pixels, [0, 1, 100 / 255], "grey with a tRNS key")
    }

    @Test(arguments: [1, 2, 4, 8])
    func paletteWithTransparencyIsExpanded(depth: Int) throws {
        let colours = min(1 << depth, 4)
        let palette: [UInt8] = [0, 0, 0, 255, 0, 0, 10, 20, 30, 255, 255, 255].prefix(colours * 3).map { $0 }
        let alpha: [UInt8] = [255, 128, 0].prefix(colours).map { $0 }  // the rest opaque
        let indices = Self.pattern(7 * 3, max: colours - 1)
        let image = try Self.decode(TestPNG(width: 7, height: 3, bitDepth: depth, colourType: 3, samples: indices,
                                                 palette: palette, transparency: alpha))
        let expected = indices.map { i -> Float in
            let grey = Greyscale.luma(red: Float(palette[3 * i]) / 255, green: Float(palette[3 * i + 1]) / 255,
                                      blue: Float(palette[3 * i + 2]) / 255)
            return Greyscale.onWhitePaper(grey, alpha: Float(i < alpha.count ? alpha[i] : 255) / 255)
        }
        Self.expectClose(image.pixels, expected, "palette \(depth)-bit")
    }

    /// Adam7 places every pass's pixels where they belong: the same as the plain file, for sizes
    /// that leave passes empty (1×1, 2×3) or partial.
    @Test(arguments: [(1, 1), (2, 3), (5, 1), (9, 9), (13, 7), (28, 28)])
    func interlacedMatchesPlain(width: Int, height: Int) throws {
        for (depth, type) in [(1, 0), (4, 0), (8, 0), (16, 0), (8, 2), (16, 6), (8, 4)] {
            let count = width * height * [0: 1, 2: 3, 4: 2, 6: 4][type]!
            var png = TestPNG(width: width, height: height, bitDepth: depth, colourType: type,
                                   samples: Self.pattern(count, max: (1 << depth) - 1))
            let plain = try Self.decode(png)
            png.interlaced = true
            #expect(try Self.decode(png) == plain, "\(width)×\(height) depth \(depth) type \(type)")
        }
    }

    @Test func gammaAndOtherAncillaryChunksAreIgnored() throws {
        var png = TestPNG(width: 4, height: 2, bitDepth: 8, colourType: 0, samples: Self.pattern(8, max: 255))
        let plain = try Self.decode(png)
        png.extraChunks = [("gAMA", TestPNG.be32(100_000)), ("sRGB", [0]), ("tEXt", Array("Title\0digit".utf8)),
                           ("pHYs", TestPNG.be32(2835) + TestPNG.be32(2835) + [1]), ("prVt", [1, 2, 3])]
        #expect(try Self.decode(png) == plain)
    }

    @Test func largestAllowedSizeIsRead() throws {
        // 8192×1 and 1×8192: the bound itself is allowed.
        for (w, h) in [(PNGReader.maxDimension, 1), (1, PNGReader.maxDimension)] {
            let image = try Self.decode(TestPNG(width: w, height: h, bitDepth: 8, colourType: 0,
                                                     samples: [Int](repeating: 255, count: w * h)))
            #expect(image.pixels.allSatisfy { $0 == 1 })
        }
    }

    @Test func anAlphaDigitOnATransparentCanvasClassifiesLikeItsOpaqueCopy() throws {
        // A vertical stroke of black ink, alpha 255 on the stroke and 0 elsewhere (colour 0):
        // on white paper it is ink on paper, the same picture as the opaque grey version.
        let (w, h) = (20, 20)
        var rgba: [Int] = [], grey: [Int] = []
        for y in 0..<h {
            for x in 0..<w {
                let ink = (8...11).contains(x) && (3...16).contains(y)
                rgba += [0, 0, 0, ink ? 255 : 0]
                grey.append(ink ? 0 : 255)
            }
        }
        let transparent = try Self.decode(TestPNG(width: w, height: h, bitDepth: 8, colourType: 6, samples: rgba))
        let opaque = try Self.decode(TestPNG(width: w, height: h, bitDepth: 8, colourType: 0, samples: grey))
        #expect(transparent == opaque)
    }
}
