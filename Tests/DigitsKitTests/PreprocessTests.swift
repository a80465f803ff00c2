import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

@Suite struct PreprocessTests {
    static func meanAbsDiff(_ a: GrayImage, _ b: GrayImage) -> Float {
        zip(a.pixels, b.pixels).reduce(0) { $0 + abs($1.0 - $1.1) } / Float(a.pixels.count)
    }

    static func centreOfMass(_ image: GrayImage) -> (x: Float, y: Float) {
        var m: Float = 0, mx: Float = 0, my: Float = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let v = image[x, y]
                m += v; mx += v * Float(x); my += v * Float(y)
            }
        }
        return (mx / m, my / m)
    }

    /// A 5×20 bar whose top half is dimmer (0.75), so that its centre of mass (14, 14.25 in a
    /// 28×28 frame) is not on a half pixel and MNIST's placement leaves it where it is.
    static func bar() -> GrayImage {
        var image = GrayImage(width: 28, height: 28)
        for y in 4..<24 { for x in 12..<17 { image[x, y] = y < 14 ? 0.75 : 1 } }
        return image
    }

    /// Real MNIST digits written as PGM in each of the five encodings, read back and
    /// preprocessed, must match the original 28×28 digit closely (model-free regression check).
    @Test(.enabled(if: RealData.available, RealData.whyAbsent), arguments: PreprocessEncoding.allCases)
    func realDigitsComeThroughEveryEncodingNearlyUnchanged(encoding: PreprocessEncoding) throws {
        let digits = try PreprocessMNISTSample.firstTestDigits(50)
        let dir = try TestSupport.makeTemporaryDirectory("preprocess-\(encoding.rawValue)")
        defer { TestSupport.removeDirectory(dir) }
        let preprocessor = DigitPreprocessor()
        var worst: Float = 0, total: Float = 0
        for (i, digit) in digits.enumerated() {
            let path = dir + "/\(i).pgm"
            try Data(encoding.encode(digit)).write(to: URL(fileURLWithPath: path))
            let read = try PGMReader.read(path)
            #expect(read.count == 1)
            let result = try preprocessor.process(read[0])
            #expect(result.image.width == 28 && result.image.height == 28)
            #expect(result.inverted == (encoding == .inkOnWhite || encoding == .padded))
            let d = Self.meanAbsDiff(result.image, digit)
            worst = max(worst, d)
            total += d
        }
        // Measured on the first 50 test digits: worst 0.00052, mean 0.000021 for every exact
        // encoding (only the contrast stretch of digits whose brightest pixel is 254 changes
        // anything). Bilinear enlargement blurs: enlarging 4× and averaging back amounts to a
        // [1/8, 3/4, 1/8] blur, 0.020 on its own; measured worst 0.074, mean 0.025 (200 digits).
        // A one-pixel shift of a digit costs about 0.05, a rescale by one pixel more than 0.01.
        let (worstBound, meanBound): (Float, Float) = encoding == .sixteenBitTimesFour ? (0.1, 0.035) : (0.01, 0.005)
        #expect(worst < worstBound, "\(encoding): worst mean abs difference \(worst)")
        #expect(total / Float(digits.count) < meanBound, "\(encoding): mean \(total / Float(digits.count))")
    }

    @Test func smallDigitIsEnlargedToTheTwentyPixelBoxAndCentred() throws {
        // A 6×10 bar ("1") in a 40×40 image, off-centre.
        var image = GrayImage(width: 40, height: 40)
        for y in 5..<15 { for x in 30..<36 { image[x, y] = 1 } }
        let result = try DigitPreprocessor().process(image).image
        var rows = Set<Int>(), cols = Set<Int>()
        for y in 0..<28 { for x in 0..<28 where result[x, y] > 0.5 { rows.insert(y); cols.insert(x) } }
        #expect(rows.count == 20, "ink rows \(rows.sorted())")
        #expect((11...13).contains(cols.count), "ink columns \(cols.sorted())")
        let c = Self.centreOfMass(result)
        #expect(abs(c.x - 14) <= 0.5 && abs(c.y - 14) <= 0.5, "centre of mass \(c)")
    }

    @Test func largeDigitIsShrunkWithAntiAliasing() throws {
        // A 200×100 rectangle outline shrinks to 20×10: the one-pixel line becomes grey (the
        // corners, where two lines meet, are the brightest and are stretched back to 1).
        var image = GrayImage(width: 300, height: 300)
        for x in 50..<250 { image[x, 100] = 1; image[x, 199] = 1 }
        for y in 100..<200 { image[50, y] = 1; image[249, y] = 1 }
        let result = try DigitPreprocessor().process(image).image
        let values = Set(result.pixels.filter { $0 > 0 })
        #expect(values.contains { $0 > 0.05 && $0 < 0.9 }, "no anti-aliased grey: \(values.sorted())")
        #expect(result.pixels.max() == 1)
        #expect(values.count <= 3, "a uniform outline gives one edge grey and the corners: \(values.sorted())")
    }

    @Test func faintNoiseDoesNotStretchTheBox() throws {
        let image = Self.bar()
        let clean = try DigitPreprocessor().process(image).image
        var noisy = image
        noisy[0, 27] = 0.05  // a speck of dust, below the ink threshold
        #expect(try DigitPreprocessor().process(noisy).image == clean)
        #expect(clean == image)
    }

    @Test func greyPaperIsRemovedAndContrastStretched() throws {
        // Dark grey ink (0.3) on light grey paper (0.8).
        var image = GrayImage(width: 28, height: 28, value: 0.8)
        for y in 4..<24 { for x in 12..<16 { image[x, y] = 0.3 } }
        let result = try DigitPreprocessor().process(image)
        #expect(result.inverted)
        #expect(abs(result.background - 0.2) < 1e-5)
        #expect((result.image.pixels.max() ?? 0) > 0.999)
        #expect(result.image[0, 0] == 0)
    }

    @Test func inversionCanBeForced() throws {
        let image = Self.bar()
        #expect(try DigitPreprocessor(inversion: .no).process(image).inverted == false)
        // Inverting white-on-black leaves a black bar on white: the border median is then 1 and
        // nothing is brighter, so there is no ink.
        #expect(throws: PreprocessError.self) { try DigitPreprocessor(inversion: .yes).process(image) }
        var dark = image
        for i in dark.pixels.indices { dark.pixels[i] = 1 - dark.pixels[i] }
        #expect(try DigitPreprocessor(inversion: .yes).process(dark).image == image)
    }

    @Test func blankImagesHaveNoInk() throws {
        for value: Float in [0, 0.5, 1] {
            #expect(throws: PreprocessError.self) { try DigitPreprocessor().process(GrayImage(width: 28, height: 28, value: value)) }
        }
        var faint = GrayImage(width: 28, height: 28)
        faint[10, 10] = 0.05
        #expect(throws: PreprocessError.self) { try DigitPreprocessor().process(faint) }
        #expect(PreprocessError.noInk(contrast: 0).kind == .badInput)
    }

    @Test func onePixelImagesDoNotCrash() throws {
        #expect(throws: PreprocessError.self) { try DigitPreprocessor().process(GrayImage(width: 1, height: 1, value: 1)) }
        var dot = GrayImage(width: 3, height: 1)
        dot[1, 0] = 1
        let result = try DigitPreprocessor().process(dot).image
        #expect(result.width == 28 && result.pixels.max() == 1)
        #expect(result.pixels.filter { $0 > 0.5 }.count >= 20)
    }

    /// Random pictures of every shape from 1×1 up: a 28×28 result in [0, 1] with ink, or noInk.
    @Test func randomPicturesGiveADigitOrNoInk() throws {
        var state: UInt64 = 42
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        var digits = 0
        for _ in 0..<300 {
            let w = 1 + Int(next() * 60), h = 1 + Int(next() * 60)
            let density = next()
            let pixels = (0..<(w * h)).map { _ in next() < density ? next() : 0 }
            do {
                let result = try DigitPreprocessor().process(GrayImage(width: w, height: h, pixels: pixels)).image
                #expect(result.width == 28 && result.height == 28)
                #expect(result.pixels.allSatisfy { (0...1).contains($0) })
                #expect(result.pixels.contains { $0 > 0.5 })
                digits += 1
            } catch is PreprocessError {}
        }
        #expect(digits > 100)
    }
}
