import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// Montage captions and enlargement.
@Suite struct MontageScaleTests {
    /// The arrow has a head that widens backwards (a chevron), so that at 100% it cannot read
    /// as "+", whose bar is as long as its stroke.
    @Test func theArrowHasAChevronHead() {
        var image = GrayImage(width: BitmapFont.width(of: "→"), height: BitmapFont.height)
        BitmapFont.draw("→", into: &image, x: 0, y: 0)
        let rows = (0..<image.height).map { y in (0..<image.width).map { image[$0, y] == 1 ? "#" : "." }.joined() }
        #expect(rows == ["..#..", "...#.", "#####", "...#.", "..#.."])
        // Ink in the top and bottom rows, two columns apart from the tip: not a cross.
        #expect(rows[0] != rows[1] && rows[0] == rows[4])
    }

    @Test func sizeIsWhatBuildGivesAtEveryScale() throws {
        let tiles = (0..<7).map { MontageTile(image: GrayImage(width: 28, height: 28, value: 1), caption: "\($0)→9") }
        for scale in [1, 2, 3, Montage.maxScale] {
            let built = Montage.build(tiles, scale: scale)
            let size = Montage.size(of: tiles, scale: scale)
            #expect(size.width == built.width && size.height == built.height, "scale \(scale)")
            #expect(built.width == scale * Montage.build(tiles).width)
        }
        #expect(Montage.size(of: []) == (1, 1))
        let wide = [MontageTile(image: GrayImage(width: 2, height: 2), caption: "0:1 2 3 4 5 6 7 8 9")]
        #expect(Montage.size(of: wide).width == BitmapFont.width(of: wide[0].caption) + 2 * Montage.gap)
    }

    @Test func montagesBeyondThePixelBudgetAreRefusedBeforeBuilding() throws {
        let digit = GrayImage(width: 28, height: 28)
        let many = [MontageTile](repeating: MontageTile(image: digit, caption: "1→7"), count: 10_000)
        try Montage.checkSize(of: Array(many.prefix(100)), scale: Montage.maxScale)
        #expect(throws: MontageError.self) { try Montage.checkSize(of: many, scale: Montage.maxScale) }
        let images = LabeledImages(rows: 28, columns: 28, pixels: [UInt8](repeating: 0, count: 784 * 5000),
                                   labels: [UInt8](repeating: 1, count: 5000))
        let dir = try TestSupport.makeTemporaryDirectory("montage-scale")
        defer { TestSupport.removeDirectory(dir) }
        #expect {
            try ImageExport.writeExamples(Array(0..<5000), of: images, to: dir + "/big.pgm", fileName: { _ in "" },
                                          caption: { _ in "1→7" }, scale: 16)
        } throws: { error in
            (error as? FileError)?.path == dir + "/big.pgm" && (error as? FileError)?.kind == .badInput
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/big.pgm"))
        try ImageExport.writeExamples([0, 1], of: images, to: dir + "/small.pgm", fileName: { _ in "" },
                                      caption: { _ in "1→7" }, scale: 3)
        let read = try PGMReader.read(dir + "/small.pgm")
        let expected = Montage.size(of: [MontageTile](repeating: MontageTile(images, index: 0, caption: "1→7"), count: 2), scale: 3)
        #expect(read.first.map { ($0.width, $0.height) } ?? (0, 0) == expected)
    }
}
