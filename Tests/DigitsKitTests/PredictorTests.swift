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
        for capacity in [1, 7, 500] {
            let p = Predictor(net, capacity: capacity)
            #expect(try p.outputs(for: data, range: 0..<data.count) == whole)
            #expect(try p.predictions(for: data, range: 0..<data.count) == byWhole)
            #expect(try p.predictions(for: data, range: 3..<11) == Array(byWhole[3..<11]))
            #expect(try p.prediction(for: data, at: 22) == byWhole[22])
        }
        let oneByOne = try Evaluation.predictions(of: net, on: data, classCount: 3, chunkSize: 1)
        #expect(oneByOne == byWhole)
    }

    @Test func imagesOfAnotherSizeAreRejected() throws {
        let p = Predictor(try BackpropFixtures.network([16, 3], seed: 1))
        #expect(throws: NetworkError.self) { try p.predictions(for: Self.images(2, seed: 1), range: 0..<2) }
    }

    /// The training loop's gather: chosen rows as floats scaled by 1/255, in the given order.
    @Test func gatherBytesPicksAndScalesRows() {
        let src: [UInt8] = Array(0..<30)
        let rows = [4, 0, 2]
        var dst = [Float](repeating: -1, count: 3 * 6)
        src.withUnsafeBufferPointer { s in
            rows.withUnsafeBufferPointer { r in
                dst.withUnsafeMutableBufferPointer { FastKernels.gatherBytes(s, cols: 6, rows: r, scale: 1 / 255, into: $0.baseAddress!) }
                FastKernels.prefetchRows(s, cols: 6, rows: r)
            }
        }
        let expected = rows.flatMap { r in (0..<6).map { Float(src[r * 6 + $0]) * (1 / 255 as Float) } }
        #expect(dst == expected)
    }
}
