import Foundation
import Testing
@testable import DigitsKit

@Suite struct AugmentationTests {
    /// Ten 28×28 "digits": a bar at a different place in each, so distortions have ink to move.
    static func bars() -> LabeledImages {
        var pixels = [UInt8](repeating: 0, count: 10 * 784)
        for i in 0..<10 {
            for y in 6..<22 { for x in (8 + i)..<(12 + i) { pixels[i * 784 + y * 28 + x] = 255 } }
        }
        return LabeledImages(rows: 28, columns: 28, pixels: pixels, labels: (0..<10).map(UInt8.init))
    }

    @Test(arguments: [AugmentationKind.affine, .elastic])
    func sameSeedAndEpochGiveTheSameImages(kind: AugmentationKind) {
        let augmenter = Augmenter(options: AugmentationOptions(kind: kind), seed: 42, fieldPoolSize: 16)
        let a = augmenter.distort(Self.bars(), epoch: 3)
        let b = augmenter.distort(Self.bars(), epoch: 3)
        #expect(a == b)
        #expect(a.pixels != Self.bars().pixels, "\(kind) changed nothing")
        let other = augmenter.distort(Self.bars(), epoch: 4)
        #expect(other.pixels != a.pixels, "a new epoch must draw new distortions")
        let otherSeed = Augmenter(options: AugmentationOptions(kind: kind), seed: 43, fieldPoolSize: 16).distort(Self.bars(), epoch: 3)
        #expect(otherSeed.pixels != a.pixels)
    }

    @Test(arguments: [AugmentationKind.affine, .elastic])
    func resultDoesNotDependOnThreadCount(kind: AugmentationKind) {
        let augmenter = Augmenter(options: AugmentationOptions(kind: kind), seed: 7, fieldPoolSize: 16)
        let one = augmenter.distort(Self.bars(), epoch: 1, threads: 1)
        let three = augmenter.distort(Self.bars(), epoch: 1, threads: 3)
        #expect(one == three)
    }

    @Test func labelsAreKeptAndInkIsRoughlyPreserved() {
        let source = Self.bars()
        let out = Augmenter(options: AugmentationOptions(kind: .elastic), seed: 1, fieldPoolSize: 16).distort(source, epoch: 0)
        #expect(out.labels == source.labels)
        #expect(out.rows == 28 && out.columns == 28 && out.count == source.count)
        for i in 0..<source.count {
            let before = source.image(i).reduce(0) { $0 + Int($1) }
            let after = out.image(i).reduce(0) { $0 + Int($1) }
            // Scale within ±10% in each axis and a small shift keep the ink mass within ±35%.
            #expect(Double(after) > 0.65 * Double(before) && Double(after) < 1.35 * Double(before),
                    "image \(i): ink \(before) → \(after)")
        }
    }

    @Test func noneAndZeroParametersLeaveImagesUnchanged() {
        let source = Self.bars()
        #expect(Augmenter(options: .none, seed: 1).distort(source, epoch: 0) == source)
        let identity = AugmentationOptions(kind: .elastic, maxShift: 0, maxRotationDegrees: 0, maxScale: 0,
                                           maxShear: 0, elasticAlpha: 0, elasticSigma: 4)
        #expect(Augmenter(options: identity, seed: 1, fieldPoolSize: 4).distort(source, epoch: 0) == source)
    }

    @Test func shiftMovesInkByWholePixels() {
        // A pure shift of exactly one pixel (bound 1, but check the sampled map directly).
        let source = Self.bars()
        let augmenter = Augmenter(options: AugmentationOptions(kind: .affine), seed: 1)
        var out = [UInt8](repeating: 0, count: 784)
        source.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                augmenter.warp(src.baseAddress!, into: dst.baseAddress!, width: 28, height: 28,
                               map: .init(a: 1, b: 0, c: 0, d: 1, tx: 1, ty: 0), field: nil)
            }
        }
        // Output pixel x samples source x + 1: the bar (x 8…11) appears at x 7…10.
        #expect(out[10 * 28 + 7] == 255 && out[10 * 28 + 11] == 0 && out[10 * 28 + 6] == 0)
    }

    /// Mirroring is a fair draw per image, made after the affine draws: every image comes out
    /// either as it would without mirroring or as the exact left–right mirror of that.
    @Test func flipMirrorsAboutHalfTheImagesAndLeavesTheOthersAsTheyWere() {
        let bars = Self.bars()
        let source = LabeledImages(rows: 28, columns: 28, pixels: Array((0..<8).map { _ in bars.pixels }.joined()),
                                   labels: Array((0..<8).map { _ in bars.labels }.joined()))
        func mirror(_ image: [UInt8]) -> [UInt8] { (0..<28).flatMap { y in image[(y * 28)..<(y * 28 + 28)].reversed() } }
        func image(_ set: LabeledImages, _ i: Int) -> [UInt8] { Array(set.image(i)) }

        let still = AugmentationOptions(kind: .affine, maxShift: 0, maxRotationDegrees: 0, maxScale: 0, maxShear: 0, flipHorizontal: true)
        let flippedOnly = Augmenter(options: still, seed: 5).distort(source, epoch: 2)
        var mirrored = 0
        for i in 0..<source.count {
            let original = image(source, i), out = image(flippedOnly, i)
            #expect(out == original || out == mirror(original), "image \(i) is neither itself nor its mirror")
            if out != original { mirrored += 1 }
        }
        #expect(mirrored >= 24 && mirrored <= 56, "\(mirrored) of 80 mirrored")

        var affine = AugmentationOptions(kind: .affine)
        let plain = Augmenter(options: affine, seed: 5).distort(source, epoch: 2)
        affine.flipHorizontal = true
        let flipped = Augmenter(options: affine, seed: 5).distort(source, epoch: 2)
        let same = (0..<source.count).filter { image(plain, $0) == image(flipped, $0) }.count
        #expect(same > 0 && same < source.count, "\(same) of 80 unchanged by the flip option")
    }

    @Test func flipIsRecordedInTheMetadataAndReadBack() throws {
        var options = AugmentationOptions(kind: .affine, maxShift: 1, flipHorizontal: true)
        let entries = options.metadataEntries()
        #expect(entries.contains { $0.0 == AugmentationMetadataKey.flip })
        #expect(try AugmentationOptions(metadata: Metadata(entries)) == options)
        #expect(options.summary.hasSuffix(", mirrored)"))
        options.flipHorizontal = false
        #expect(!options.metadataEntries().contains { $0.0 == AugmentationMetadataKey.flip }, "no entry when off, as before")
        #expect(try AugmentationOptions(metadata: Metadata(options.metadataEntries())) == options)
    }

    @Test func parametersAreRecordedAsTheirShortestDecimalsAndReadBackExactly() throws {
        let options = AugmentationOptions(kind: .elastic, maxShift: 0.3, maxRotationDegrees: 7.5, maxScale: 0.15,
                                          maxShear: 0.05, elasticAlpha: 36.6, elasticSigma: 5.1)
        let entries = Dictionary(uniqueKeysWithValues: options.metadataEntries())
        typealias K = AugmentationMetadataKey
        #expect(entries[K.scale] == .double(0.15), "not Double(Float(0.15)) = 0.15000000596046448")
        #expect(entries[K.shift] == .double(0.3) && entries[K.shear] == .double(0.05))
        #expect(entries[K.elasticAlpha] == .double(36.6) && entries[K.elasticSigma] == .double(5.1))
        #expect(try AugmentationOptions(metadata: Metadata(options.metadataEntries())) == options, "the same Floats")
    }

    @Test func rejectsAbsurdParameters() {
        #expect(throws: AugmentationError.self) { try AugmentationOptions(kind: .affine, maxRotationDegrees: 400).validate() }
        #expect(throws: AugmentationError.self) { try AugmentationOptions(kind: .elastic, elasticSigma: .nan).validate() }
        #expect(throws: Never.self) { try AugmentationOptions(kind: .elastic).validate() }
    }
}
