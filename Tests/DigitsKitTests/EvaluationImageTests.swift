import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

@Suite struct EvaluationImageTests {
    @Test func fontMeasuresAndDrawsDigits() {
        #expect(BitmapFont.width(of: "") == 0)
        #expect(BitmapFont.width(of: "1") == 3)
        #expect(BitmapFont.width(of: "4→9") == 3 + 1 + 5 + 1 + 3)
        var image = GrayImage(width: 3, height: 5)
        BitmapFont.draw("1", into: &image, x: 0, y: 0)
        // "1": .#. / ##. / .#. / .#. / ###
        let ink = image.pixels.map { $0 == 1 ? "#" : "." }.joined()
        #expect(ink == ".#.##..#..#.###")
        // Drawing off the edge is clipped, not a crash.
        BitmapFont.draw("88", into: &image, x: 2, y: 3)
    }

    @Test func montageLaysTilesOutWithCaptionsAboveImages() {
        let digit = GrayImage(width: 28, height: 28, value: 1)
        let tiles = (0..<5).map { MontageTile(image: digit, caption: "\($0)→9") }
        let m = Montage.build(tiles, columns: 3)
        // 3 columns of (28 + gap) plus a gap; 2 rows of (caption 5 + 2, image 28, gap).
        #expect(m.width == 3 * (28 + Montage.gap) + Montage.gap)
        #expect(m.height == 2 * (BitmapFont.height + Montage.captionGap + 28 + Montage.gap) + Montage.gap)
        // The first image sits below its caption, the caption has ink.
        let top = Montage.gap + BitmapFont.height + Montage.captionGap
        #expect(m[Montage.gap, top] == 1)
        let captionInk = (0..<BitmapFont.height).contains { y in (0..<12).contains { m[Montage.gap + $0, Montage.gap + y] == 1 } }
        #expect(captionInk)
        // An empty cell (the sixth) is blank apart from grid lines.
        let x6 = 2 * (28 + Montage.gap) + Montage.gap, y6 = (28 + 7 + Montage.gap) + top
        #expect(m[x6 + 5, y6 + 5] == 0)
        let doubled = Montage.build(tiles, columns: 3, scale: 2)
        #expect(doubled.width == 2 * m.width && doubled.height == 2 * m.height)
        #expect(Montage.build([]).width == 1)
    }

    @Test func fileNamesCarryIndexTruthAndAnswers() {
        #expect(ImageExport.fileName(index: 42, truth: 4, answers: [("pred", 9)]) == "00042-true4-pred9.pgm")
        #expect(ImageExport.fileName(index: 123456, truth: 1, answers: [("A", 7), ("B", 2)]) == "123456-true1-A7-B2.pgm")
    }

    @Test func writesMontageAndPerDigitFiles() throws {
        let dir = try TestSupport.makeTemporaryDirectory("evaluation-images")
        defer { TestSupport.removeDirectory(dir) }
        let images = LabeledImages(rows: 2, columns: 2, pixels: [0, 255, 255, 0, 9, 9, 9, 9], labels: [1, 2])
        let tiles = [MontageTile(images, index: 0, caption: "1→2"), MontageTile(images, index: 1, caption: "2→1")]
        try ImageExport.writeMontage(tiles, to: dir + "/m.pgm", scale: 1)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/m.pgm")))
        #expect(bytes.starts(with: Array("P5\n".utf8)))
        #expect(ImageExport.isDirectoryTarget(dir))
        #expect(ImageExport.isDirectoryTarget(dir + "/new/"))
        #expect(!ImageExport.isDirectoryTarget(dir + "/m.pgm"))
        try ImageExport.writeFiles([("00000-true1-pred2.pgm", tiles[0].image)], to: dir + "/each/")
        let one = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/each/00000-true1-pred2.pgm")))
        #expect(one == Array("P5\n2 2\n255\n".utf8) + [255, 0, 0, 255])
    }

    @Test func writeErrorsNameTheFile() {
        #expect {
            try AtomicFile.write([1, 2, 3], to: "/nonexistent-dir-for-test/x.pgm")
        } throws: { error in
            (error as? FileError)?.path == "/nonexistent-dir-for-test/x.pgm"
        }
    }

    @Test func heatmapHasEveryCountAndAxisLabels() throws {
        let m = try ConfusionMatrix(labels: [0, 0, 1, 2, 2, 2], predictions: [0, 1, 1, 2, 2, 0], classCount: 3)
        let svg = HeatmapSVG.confusionMatrix(m, title: "a <test> & more")
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("</svg>"))
        #expect(svg.contains("a &lt;test&gt; &amp; more"))
        #expect(svg.contains(">predicted</text>") && svg.contains(">true</text>"))
        // 9 cells + 1 background + 3 diagonal outlines.
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 9 + 1 + 3)
        let diff = HeatmapSVG.difference([1, -2, 0, 0], classCount: 2, title: "B − A")
        #expect(diff.contains(">+1</text>") && diff.contains(">-2</text>"))
    }

    /// A long title (a long model name, row names that push the grid right) still fits: the
    /// picture widens to about 10 px a character after the title's start.
    @Test func heatmapIsWideEnoughForItsTitle() throws {
        let m = try ConfusionMatrix(labels: [0, 1, 2], predictions: [0, 1, 2], classCount: 3)
        func width(_ svg: String) -> Int? {
            guard let r = svg.range(of: "width=\""), let end = svg[r.upperBound...].firstIndex(of: "\"") else { return nil }
            return Int(svg[r.upperBound..<end])
        }
        let title = String(repeating: "long-model-name-", count: 6) + " on fashion-mnist test: accuracy 89.70%"
        for names in [nil, ["T-shirt/top", "Trouser", "Pullover"]] {
            let svg = HeatmapSVG.confusionMatrix(m, title: title, classNames: names)
            let w = try #require(width(svg))
            #expect(w >= HeatmapSVG.left + title.count * 10, "width \(w) for a \(title.count)-character title")
        }
        #expect(width(HeatmapSVG.confusionMatrix(m, title: "short")) == 560, "a short title keeps the usual width")
    }
}
