import CKernels
import Testing
@testable import DigitsKit

/// The fast distortions (issue 18) against ``AugmentationReference``, the arithmetic they
/// replaced: every image, every field value, bit for bit, over random images and options —
/// affine and elastic, the extremes of every parameter, shifts that move the image partly
/// outside, all 8 symmetries of a field, square and non-square images.
@Suite struct AugmentationIdentityTests {
    /// `count` images of `rows` × `columns` random bytes (with runs of 0 and 255, as digits have).
    static func randomImages(_ count: Int, rows: Int, columns: Int, rng: inout Xoshiro256StarStar) -> LabeledImages {
        let pixels = (0..<(count * rows * columns)).map { _ -> UInt8 in
            switch rng.nextInt(below: 4) {
            case 0: return 0
            case 1: return 255
            default: return UInt8(rng.nextInt(below: 256))
            }
        }
        return LabeledImages(rows: rows, columns: columns, pixels: pixels,
                             labels: (0..<count).map { UInt8($0 % 10) })
    }

    /// How many bytes differ (all of them when the counts do not match), for short messages.
    static func differing(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : max(a.count, b.count)
    }

    /// Random options inside the accepted ranges, with each bound now and then at its extreme.
    static func randomOptions(_ kind: AugmentationKind, rng: inout Xoshiro256StarStar) -> AugmentationOptions {
        func draw(_ range: ClosedRange<Float>) -> Float {
            switch rng.nextInt(below: 5) {
            case 0: return range.lowerBound
            case 1: return range.upperBound
            default: return range.lowerBound + Float(rng.nextUniform()) * (range.upperBound - range.lowerBound)
            }
        }
        return AugmentationOptions(kind: kind, maxShift: draw(0...8), maxRotationDegrees: draw(0...45),
                                   maxScale: draw(0...0.5), maxShear: draw(0...1),
                                   elasticAlpha: draw(0...100), elasticSigma: draw(0.5...16))
    }

    @Test(arguments: [AugmentationKind.affine, .elastic])
    func distortMatchesTheReference(kind: AugmentationKind) {
        var rng = Xoshiro256StarStar(seed: kind == .affine ? 1801 : 1802)
        let shapes = [(28, 28), (28, 28), (28, 28), (20, 28), (28, 17), (5, 5), (1, 3)]
        for trial in 0..<36 {
            let (rows, columns) = shapes[trial % shapes.count]
            let images = Self.randomImages(12, rows: rows, columns: columns, rng: &rng)
            let options = trial == 0 ? AugmentationOptions(kind: kind) : Self.randomOptions(kind, rng: &rng)
            let augmenter = Augmenter(options: options, seed: rng.next(), fieldPoolSize: 1 + rng.nextInt(below: 4))
            let epoch = rng.nextInt(below: 1000)
            let expected = AugmentationReference.distort(augmenter, images, epoch: epoch)
            let fast = augmenter.distort(images, epoch: epoch, threads: 1 + trial % 3)
            #expect(fast.labels == expected.labels && Self.differing(fast.pixels, expected.pixels) == 0,
                    "trial \(trial): \(rows)×\(columns), \(options), epoch \(epoch): \(Self.differing(fast.pixels, expected.pixels)) pixels differ")
            let picked = [images.count - 1, 0, 5]
            let some = augmenter.distort(images, picking: picked, epoch: epoch).pixels
            #expect(Self.differing(some, picked.flatMap { expected.image($0) }) == 0, "trial \(trial): picking")
        }
    }

    @Test func realisticDigitsMatchTheReference() {
        // Bars as in AugmentationTests, under the recipes' own options: the common case exactly.
        let images = AugmentationTests.bars()
        for kind in [AugmentationKind.affine, .elastic] {
            for seed: UInt64 in [1, 18, 0xDEAD_BEEF] {
                let augmenter = Augmenter(options: TrainingRecipe.best.augmentation.with(kind), seed: seed, fieldPoolSize: 8)
                let fast = augmenter.distort(images, epoch: 2), expected = AugmentationReference.distort(augmenter, images, epoch: 2)
                #expect(Self.differing(fast.pixels, expected.pixels) == 0, "\(kind), seed \(seed)")
            }
        }
    }

    /// Storage of the right size is written in place (the same buffer comes back) with the same
    /// bytes as a fresh distortion, whatever it held; storage of another size is not used.
    @Test(arguments: [AugmentationKind.affine, .elastic])
    func distortingIntoStorageReusesItWithTheSameBytes(kind: AugmentationKind) {
        var rng = Xoshiro256StarStar(seed: 1803)
        let images = Self.randomImages(9, rows: 28, columns: 28, rng: &rng)
        let augmenter = Augmenter(options: TrainingRecipe.best.augmentation.with(kind), seed: 4, fieldPoolSize: 3)
        let expected = augmenter.distort(images, epoch: 3, threads: 2).pixels
        var storage = [UInt8](repeating: 0xA5, count: images.pixels.count)
        let buffer = storage.withUnsafeBufferPointer { $0.baseAddress }
        let made = augmenter.distort(images, epoch: 3, threads: 2, reusing: &storage)
        #expect(made.pixels == expected)
        #expect(made.pixels.withUnsafeBufferPointer { $0.baseAddress } == buffer, "the storage was not reused")
        #expect(storage.isEmpty, "the storage was not taken")
        var small = [UInt8](repeating: 0, count: 10)
        #expect(augmenter.distort(images, epoch: 3, threads: 1, reusing: &small).pixels == expected)
        #expect(small.count == 10, "storage of another size was taken")
    }

    @Test func fieldPoolMatchesTheReference() {
        for (width, height, sigma, alpha) in [(28, 28, Float(4), Float(34)), (28, 28, 0.5, 100), (20, 28, 16, 7.5), (3, 2, 1.3, 1)] {
            let reference = AugmentationReference.Pool(width: width, height: height, count: 3, alpha: alpha, sigma: sigma, seed: 99)
            for threads in [1, 4] {
                let fast = ElasticFieldPool(width: width, height: height, count: 3, alpha: alpha, sigma: sigma, seed: 99, threads: threads)
                #expect(fast.values.map(\.bitPattern) == reference.values.map(\.bitPattern),
                        "\(width)×\(height) σ \(sigma) α \(alpha), \(threads) threads")
            }
        }
    }

    /// Every symmetry of every field of a small pool (found by trying generators until each of the
    /// 16 choices has turned up), on a square and a non-square image.
    @Test(arguments: [(28, 28), (12, 9)])
    func everySymmetryMatchesTheReference(width: Int, height: Int) throws {
        let fast = ElasticFieldPool(width: width, height: height, count: 2, alpha: 34, sigma: 4, seed: 5)
        let reference = AugmentationReference.Pool(width: width, height: height, count: 2, alpha: 34, sigma: 4, seed: 5)
        var seen = Set<Int>()
        var base = Xoshiro256StarStar(seed: 7)
        let start = (0..<(width * height)).map { _ in Float(base.nextUniform() * 40 - 6) }
        for seed: UInt64 in 0..<400 where seen.count < 16 {
            var r1 = Xoshiro256StarStar(seed: seed), r2 = r1, r3 = r1
            let r = r3.nextInt(below: 16)
            guard seen.insert(r).inserted else { continue }
            let choice = ElasticFieldPool.Choice(pool: fast, rng: &r1)
            let expected = AugmentationReference.Choice(pool: reference, rng: &r2)
            var sx = start, sy = start.reversed() as [Float]
            let sx0 = sx, sy0 = sy
            sx.withUnsafeMutableBufferPointer { x in
                sy.withUnsafeMutableBufferPointer { y in choice.addDisplacement(x: x.baseAddress!, y: y.baseAddress!) }
            }
            for y in 0..<height {
                for x in 0..<width {
                    let p = y * width + x
                    let (dx, dy) = expected.displacement(x: x, y: y)
                    #expect(sx[p].bitPattern == (sx0[p] + dx).bitPattern && sy[p].bitPattern == (sy0[p] + dy).bitPattern,
                            "choice \(r) at (\(x), \(y))")
                }
            }
        }
        #expect(seen.count == 16, "only \(seen.count) of the 16 choices turned up")
    }
}

extension AugmentationOptions {
    /// These options with another kind.
    func with(_ kind: AugmentationKind) -> AugmentationOptions {
        var copy = self
        copy.kind = kind
        return copy
    }
}

/// CKernels' bilinear sampling (vector and scalar loops) against the reference's, at random and
/// at awkward coordinates: the edges of the accepted range and just inside them, −0, NaN, ±∞,
/// whole and half pixels; counts that leave a tail after the vector loop.
@Suite struct BilinearKernelTests {
    @Test(arguments: [(28, 28), (5, 3), (1, 1)])
    func kernelsMatchTheReference(width: Int, height: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(width * 100 + height))
        let image = AugmentationIdentityTests.randomImages(1, rows: height, columns: width, rng: &rng).pixels
        var padded = [UInt8](repeating: 0, count: (width + 2) * (height + 2) + 4)
        for y in 0..<height { for x in 0..<width { padded[(y + 1) * (width + 2) + x + 1] = image[y * width + x] } }
        func awkward(_ size: Int) -> Float {
            let edges: [Float] = [-1, Float(-1).nextUp, -0.5, -0.0, 0, 0.5, Float(size - 1), Float(size) - 0.5,
                                  Float(size).nextDown, Float(size), .nan, .infinity, -.infinity, Float(size / 2) + 0.25]
            return rng.nextInt(below: 3) == 0 ? edges[rng.nextInt(below: edges.count)]
                                              : Float(rng.nextUniform()) * Float(size + 4) - 2
        }
        let n = 1003
        let xs = (0..<n).map { _ in awkward(width) }, ys = (0..<n).map { _ in awkward(height) }
        let expected = image.withUnsafeBufferPointer { img in
            (0..<n).map { AugmentationReference.bilinear(img.baseAddress!, width: width, height: height, x: xs[$0], y: ys[$0]) }
        }
        var vector = [UInt8](repeating: 0, count: n), scalar = vector
        digits_bilinear_bytes(padded, Int32(width), Int32(height), xs, ys, n, &vector)
        digits_bilinear_bytes_scalar(padded, Int32(width), Int32(height), xs, ys, n, &scalar)
        for i in 0..<n where vector[i] != expected[i] || scalar[i] != expected[i] {
            Issue.record("(\(xs[i]), \(ys[i])): reference \(expected[i]), vector \(vector[i]), scalar \(scalar[i])")
        }
    }
}
