import Testing
@testable import DigitsKit

/// The reusable inference workspace and the mini-batch gather the training loop uses.
@Suite struct PredictorTests {
    /// Random 5×5 images with labels 0…2.
    static func images(_ count: Int, seed: UInt64) -> LabeledImages {
        var g = Xoshiro256StarStar(seed: seed)
        let pixels = (0..<(count * 25)).map { _ in UInt8(g.nextInt(below: 256)) }
        let labels = (0..<count).map { _ in UInt8(g.nextInt(below: 3)) }
        return LabeledImages(rows: 5, columns: 5, pixels: pixels, labels: labels)
    }

    /// One image at a time, in chunks of 7, or all at once: the same outputs as the reference
    /// forward pass (to float tolerance) and the same predictions.
    @Test func everyChunkSizeAgreesWithTheReferenceForwardPass() throws {
        let net = try BackpropFixtures.network([25, 6, 3], seed: 5)
        let data = Self.images(23, seed: 9)
        let whole = try net.outputs(for: data)
        let reference = (0..<data.count).flatMap { i in
            net.feedforward(data.pixels[(i * 25)..<((i + 1) * 25)].map { Float($0) / 255 })
        }
        for (a, b) in zip(whole, reference) { #expect(abs(a - b) < 1e-5) }
        let byWhole = try net.predictions(for: data)
        for capacity in [1, 7, Predictor.maxCapacity] {
            let p = Predictor(net, capacity: capacity)
            #expect(try p.outputs(for: data, range: 0..<data.count) == whole)
            #expect(try p.predictions(for: data, range: 0..<data.count) == byWhole)
            #expect(try p.predictions(for: data, range: 3..<11) == Array(byWhole[3..<11]))
            #expect(try p.prediction(for: data, at: 22) == byWhole[22])
        }
        let oneByOne = try Evaluation.predictions(of: net, on: data, classCount: 3, chunkSize: 1)
        #expect(oneByOne == byWhole)
    }

    /// Many images are split over threads, each part with its own workspace: the very bits of
    /// one thread doing them all, for whole requests and sub-ranges, one image at a time included.
    @Test func manyImagesSplitOverThreadsGiveTheSameBits() throws {
        let net = try BackpropFixtures.network([25, 40, 3], seed: 6)
        let count = 4 * Predictor.imagesPerThread + 37
        let data = Self.images(count, seed: 10)
        let p = Predictor(net)
        let (alone, aloneClasses) = try FastKernels.withThreadLimit(1) {
            (try p.outputs(for: data, range: 0..<count), try p.predictions(for: data, range: 0..<count))
        }
        #expect(try p.outputs(for: data, range: 0..<count) == alone)
        #expect(try p.predictions(for: data, range: 0..<count) == aloneClasses)
        #expect(try p.outputs(for: data, range: 1000..<2011) == Array(alone[3000..<6033]))
        #expect(try p.prediction(for: data, at: count - 1) == aloneClasses[count - 1])
    }

    @Test func imagesOfAnotherSizeAreRejected() throws {
        let p = Predictor(try BackpropFixtures.network([16, 3], seed: 1))
        #expect(throws: NetworkError.self) { try p.predictions(for: Self.images(2, seed: 1), range: 0..<2) }
    }

    /// The training loop's gather: chosen rows as floats scaled by 1/255, in the given order
    /// (37 columns: whole vectors and a scalar tail on every instruction set).
    @Test func gatherBytesPicksAndScalesRows() {
        let cols = 37
        let src: [UInt8] = (0..<(5 * cols)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let rows = [4, 0, 2]
        var dst = [Float](repeating: -1, count: rows.count * cols)
        src.withUnsafeBufferPointer { s in
            rows.withUnsafeBufferPointer { r in
                dst.withUnsafeMutableBufferPointer { FastKernels.gatherBytes(s, cols: cols, rows: r, scale: 1 / 255, into: $0.baseAddress!) }
                FastKernels.prefetchRows(s, cols: cols, rows: r)
            }
        }
        let expected = rows.flatMap { r in (0..<cols).map { Float(src[r * cols + $0]) * (1 / 255 as Float) } }
        #expect(dst == expected)
    }

    /// Inference's conversion: every byte value, bit-exact with the scalar Float(b) · (1/255).
    @Test func widenBytesScalesEveryValue() {
        let src: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 * 11 + 3) } + Array(0...255)
        var dst = [Float](repeating: -1, count: src.count + 1)
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { FastKernels.widenBytes(s, scale: 1 / 255, into: $0.baseAddress!) }
        }
        #expect(Array(dst.prefix(src.count)) == src.map { Float($0) * (1 / 255 as Float) })
        #expect(dst.last == -1)
    }
}
