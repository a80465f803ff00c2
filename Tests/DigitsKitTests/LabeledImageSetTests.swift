import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// A person's own labelled images, read and prepared as `classify` prepares pictures.
@Suite struct LabeledImageSetTests {
    static func write(_ bytes: [UInt8], _ dir: String, _ path: String) throws {
        try LabeledImageFolderTests.touch(dir, path, bytes)
    }

    /// The bytes the network sees for `picture`, by `classifier.prepare` itself.
    static func prepared(_ picture: GrayImage, _ classifier: DigitClassifier) throws -> [UInt8] {
        try classifier.prepare(picture).input.pixels.map { UInt8(quantized($0, maxval: 255)) }
    }

    @Test func everyImageIsPreparedAsClassifyPreparesIt() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-set")
        defer { TestSupport.removeDirectory(dir) }
        let classifier = try DigitClassifier(network: PreprocessClassifierTests.strokeNetwork())
        let vertical = PreprocessClassifierTests.stroke(vertical: true)
        let horizontal = PreprocessClassifierTests.stroke(vertical: false)
        try Self.write(PGMWriter.encode(vertical, inkIsDark: false), dir, "0/v.pgm")
        // Two images in one file: two examples, FILE#1 and FILE#2.
        try Self.write(PGMWriter.encode(horizontal, inkIsDark: false) + PGMWriter.encode(vertical, inkIsDark: false), dir, "1-two.pgm")
        try Self.write(Array("not an image".utf8), dir, "0/broken.pgm")
        try Self.write(PGMWriter.encode(GrayImage(width: 9, height: 9, value: 1)), dir, "1/blank.pgm")
        try Self.write([0], dir, "unlabelled.pgm")

        var progress: [Int] = []
        let set = try LabeledImageSet(directory: dir, classifier: classifier) { done, total in
            #expect(total == 4)
            progress.append(done)
        }
        #expect(progress == [1, 2, 3, 4])
        #expect(set.names == ["\(dir)/0/v.pgm", "\(dir)/1-two.pgm#1", "\(dir)/1-two.pgm#2"])
        #expect(set.images.labels == [0, 1, 1])
        #expect(set.images.rows == 28 && set.images.columns == 28)
        // The very inputs classify's path gives.
        let expected = try [vertical, horizontal, vertical].flatMap { try Self.prepared($0, classifier) }
        #expect(set.images.pixels == expected)
        // Three files left out, each one line naming it, in path order.
        let failures = set.failures.map(\.description)
        #expect(failures.count == 3)
        #expect(failures[0].hasPrefix("\(dir)/0/broken.pgm: not a PNG, PGM, PPM or PBM image"))
        #expect(failures[1].hasPrefix("\(dir)/1/blank.pgm: "))
        #expect(failures[2].hasPrefix("\(dir)/unlabelled.pgm: no label"))
        #expect(set.failures.allSatisfy { $0.kind == .badInput && !$0.description.contains("\n") })
        // Evaluated like a split: the stroke network gets the vertical strokes as 0, horizontal as 1.
        let evaluation = try Evaluation(network: classifier.network, images: set.images, classCount: 10)
        #expect(evaluation.predictions == [0, 1, 0])
        #expect(evaluation.misclassified == [2])
    }

    @Test func aSetWithNothingUsableIsOneError() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-set")
        defer { TestSupport.removeDirectory(dir) }
        try Self.write(Array("junk".utf8), dir, "3/a.pgm")
        try Self.write(Array("junk".utf8), dir, "x.pgm")
        let classifier = try DigitClassifier(network: PreprocessClassifierTests.strokeNetwork())
        #expect {
            try LabeledImageSet(directory: dir, classifier: classifier)
        } throws: { error in
            (error as? FileError)?.description == "\(dir): none of the 2 image files could be used (each is listed above)"
        }
    }

    /// The first real MNIST test digits saved in class folders come back as (nearly) the IDX
    /// bytes, and in the order of their names.
    @Test(.enabled(if: RealData.available, RealData.whyAbsent))
    func realDigitsInClassFoldersComeBackAsTheirIDXBytes() throws {
        let digits = try PreprocessMNISTSample.firstTestDigits(40)
        let dir = try RealData.directory()
        let labels = try IDXFile.readLabels(path: dir + "/" + DatasetSpec.mnist.testLabels.name, classCount: 10)
        let out = try TestSupport.makeTemporaryDirectory("image-set-mnist")
        defer { TestSupport.removeDirectory(out) }
        for (i, digit) in digits.enumerated() {
            let name = String(format: "%02d", i)
            // Half in class folders, half named by their label; black on white, as people draw.
            let path = i % 2 == 0 ? "\(labels[i])/\(name).pgm" : "\(labels[i])-\(name).pgm"
            try Self.write(PGMWriter.encode(digit, inkIsDark: true), out, path)
        }
        let classifier = try DigitClassifier(network: try Network(zerosWithSizes: [784, 10]))
        let set = try LabeledImageSet(directory: out, classifier: classifier)
        #expect(set.failures.isEmpty)
        #expect(set.count == digits.count)
        var worst: Float = 0
        for (k, name) in set.names.enumerated() {
            let i = Int(name.suffix(6).prefix(2))!
            #expect(Int(set.images.labels[k]) == Int(labels[i]))
            let got = GrayImage(set.images, index: k)
            worst = max(worst, PreprocessTests.meanAbsDiff(got, digits[i]))
        }
        // As PreprocessTests measures for the exact encodings: worst 0.00052.
        #expect(worst < 0.01, "worst mean abs difference \(worst)")
    }

    /// The same digits as PNG, the ways tools write them, give the inputs the PGM files give.
    @Test(.enabled(if: RealData.available, RealData.whyAbsent))
    func pngDigitsGiveTheInputsPGMDigitsGive() throws {
        let digits = try PreprocessMNISTSample.firstTestDigits(30)
        let out = try TestSupport.makeTemporaryDirectory("image-set-png")
        defer { TestSupport.removeDirectory(out) }
        let encodings = ["grey", "grey16", "grey-alpha", "rgb-paper", "rgba-transparent", "palette", "adam7", "rgb-4x"]
        for (i, digit) in digits.enumerated() {
            let name = String(format: "%02d", i)
            try Self.write(PGMWriter.encode(digit, inkIsDark: true), out, "pgm/0/\(name).pgm")
            for encoding in encodings {
                try Self.write(Self.png(digit, encoding), out, "\(encoding)/0/\(name).png")
            }
        }
        let classifier = try DigitClassifier(network: try Network(zerosWithSizes: [784, 10]))
        let reference = try LabeledImageSet(directory: out + "/pgm", classifier: classifier)
        #expect(reference.count == digits.count)
        for encoding in encodings {
            let set = try LabeledImageSet(directory: out + "/" + encoding, classifier: classifier)
            #expect(set.failures.isEmpty, "\(encoding): \(set.failures.map(\.description))")
            #expect(set.count == digits.count)
            guard set.count == digits.count else { continue }
            let worst = (0..<set.count).map {
                PreprocessTests.meanAbsDiff(GrayImage(set.images, index: $0), GrayImage(reference.images, index: $0))
            }.max() ?? 0
            // Grey and alpha encodings are exact; coloured paper goes through a grey conversion
            // and the contrast stretch, a rounding step or two; 4× replication is undone by the
            // area-averaging shrink.
            #expect(worst < 0.01, "\(encoding): worst mean abs difference \(worst)")
        }
    }

    /// MNIST digit `digit` (1 = ink) as a PNG in `encoding`.
    static func png(_ digit: GrayImage, _ encoding: String) -> [UInt8] {
        let ink = digit.pixels.map { UInt8(quantized($0, maxval: 255)) }
        func mix(_ paper: [Int], _ colour: [Int], _ v: UInt8) -> [UInt8] {
            zip(paper, colour).map { UInt8(($0 * (255 - Int(v)) + $1 * Int(v) + 127) / 255) }
        }
        let (w, h) = (digit.width, digit.height)
        switch encoding {
        case "grey-alpha":
            return TestPNG.encode(width: w, height: h, colour: .greyAlpha, samples: ink.flatMap { [0, $0] })
        case "rgb-paper":
            return TestPNG.encode(width: w, height: h, colour: .rgb, samples: ink.flatMap { mix([255, 244, 214], [24, 40, 128], $0) })
        case "rgba-transparent":
            return TestPNG.encode(width: w, height: h, colour: .rgba, samples: ink.flatMap { $0 == 0 ? [0, 0, 0, 0] : [16, 16, 24, $0] })
        case "palette":
            // One entry per grey level: index v is ink of coverage v on light blue paper.
            let palette = (0...255).map { mix([222, 236, 255], [120, 16, 24], UInt8($0)) }
            return TestPNG.encode(width: w, height: h, colour: .palette, samples: ink, palette: palette)
        case "grey16":
            return TestPNG.encode(width: w, height: h, colour: .grey, depth: 16, samples: ink.map { 65535 - Int($0) * 257 })
        case "adam7":
            return TestPNG.encode(width: w, height: h, colour: .grey, samples: ink.map { 255 - Int($0) }, interlaced: true)
        case "rgb-4x":
            let big = (0..<(16 * w * h)).flatMap { i -> [Int] in
                let v = 255 - Int(ink[(i / (4 * w)) / 4 * w + (i % (4 * w)) / 4])
                return [v, v, v]
            }
            return TestPNG.encode(width: 4 * w, height: 4 * h, colour: .rgb, samples: big)
        default:
            return TestPNG.grey(digit)
        }
    }
}

extension TestPNG {
    /// A greyscale 8-bit PNG of `image` (0 = black), ink dark on white when `inkIsDark`.
    static func grey(_ image: GrayImage, inkIsDark: Bool = true) -> [UInt8] {
        encode(width: image.width, height: image.height, colour: .grey, samples: image.pixels.map {
            let v = UInt8(quantized($0, maxval: 255))
            return inkIsDark ? 255 - v : v
        })
    }
}

/// The test PNG writer itself, checked against what the PNG specification says the bytes are.
@Suite struct TestPNGTests {
    @Test func chunksCarryTheirCRCAndTheStreamItsAdler32() throws {
        let png = TestPNG.encode(width: 2, height: 1, colour: .grey, samples: [0, 255] as [UInt8])
        #expect(Array(png.prefix(8)) == TestPNG.signature)
        // IHDR: length 13, then width 2, height 1, depth 8, grey, deflate, no filter method, no interlace.
        // Its CRC-32 (over type and data) as Python's zlib.crc32 gives it.
        #expect(Array(png[8..<33]) == TestPNG.be32(13) + Array("IHDR".utf8) + TestPNG.be32(2) + TestPNG.be32(1) + [8, 0, 0, 0, 0]
                + [0xD1, 0x49, 0x20, 0x56])
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
        // One final stored block (LEN 3, NLEN its complement), then Adler-32 of the bytes: s1 = 256,
        // s2 = 258 (Python's zlib.decompress reads it back).
        #expect(TestPNG.zlibStored([0, 0, 255]) == [0x78, 0x01, 1, 3, 0, 0xFC, 0xFF, 0, 0, 255, 0x01, 0x02, 0x01, 0x00])
    }

    /// Adam7 writes every pixel exactly once, in the passes' order.
    @Test func adam7PassesCoverEveryPixelOnce() {
        let (w, h) = (5, 3)
        var seen = [Int](repeating: 0, count: w * h)
        for (x0, y0, dx, dy) in TestPNG.adam7 {
            for y in stride(from: y0, to: h, by: dy) { for x in stride(from: x0, to: w, by: dx) { seen[y * w + x] += 1 } }
        }
        #expect(seen == [Int](repeating: 1, count: w * h))
        let png = TestPNG.encode(width: w, height: h, colour: .grey, samples: Array(0..<(w * h)), interlaced: true)
        #expect(png[28] == 1, "interlace method in IHDR")
    }
}
