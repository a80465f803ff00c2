import Foundation
import Testing
@testable import DigitsKit

@Suite struct KernelElementwiseTests {
    /// σ against the double-precision formula on a dense grid: relative error < 1e-6.
    @Test(arguments: runnableInstructionSets)
    func sigmoidIsAccurate(isa: String) throws {
        let count = 100_003
        let z = (0..<count).map { Float(-87 + 174 * Double($0) / Double(count - 1)) }
        var out = [Float](repeating: -1, count: count)
        let ran = out.withUnsafeMutableBufferPointer {
            FastKernels.biasSigmoid(instructionSet: isa, rows: 1, cols: count, z: z, ldz: count, bias: nil,
                                    out: $0.baseAddress!, ldo: count)
        }
        #expect(ran)
        var worst = 0.0
        for i in 0..<count {
            let exact = 1 / (1 + Foundation.exp(-Double(z[i])))
            worst = max(worst, abs(Double(out[i]) - exact) / exact)
        }
        #expect(worst < 1e-6, "\(isa): max relative error \(worst)")
    }

    @Test(arguments: runnableInstructionSets)
    func sigmoidSaturatesWithoutNaN(isa: String) throws {
        let z: [Float] = [.infinity, -.infinity, 100, -100, 88, -88, 0, -0.0, .nan]
        var out = [Float](repeating: -1, count: z.count)
        out.withUnsafeMutableBufferPointer {
            _ = FastKernels.biasSigmoid(instructionSet: isa, rows: 1, cols: z.count, z: z, ldz: z.count,
                                        bias: nil, out: $0.baseAddress!, ldo: z.count)
        }
        #expect(Array(out[0..<8]) == [1, 0, 1, 0, 1, 0, 0.5, 0.5])
        #expect(out[8].isNaN)
    }

    /// With a bias, in place, odd widths and a padded stride: padding stays untouched.
    @Test func biasSigmoidInPlaceWithPaddedRows() {
        var rng = KernelRNG(seed: 1)
        for cols in [1, 3, 10, 17, 30, 100] {
            let rows = 3, ld = cols + 2
            var z = rng.floats(rows * ld).map { $0 * 8 }
            let bias = rng.floats(cols)
            let original = z
            z.withUnsafeMutableBufferPointer { p in
                FastKernels.biasSigmoid(rows: rows, cols: cols, z: p.baseAddress!, ldz: ld, bias: bias,
                                        out: p.baseAddress!, ldo: ld)
            }
            for i in 0..<rows {
                for j in 0..<ld {
                    let v = original[i * ld + j]
                    if j < cols {
                        let want = sigmoid(v + bias[j])
                        #expect(abs(z[i * ld + j] - want) <= 1e-6 * want, "cols \(cols) [\(i)][\(j)]")
                    } else {
                        #expect(z[i * ld + j] == v, "padding changed")
                    }
                }
            }
        }
    }

    @Test func outputDeltaAndSigmoidPrime() {
        var rng = KernelRNG(seed: 2)
        let rows = 4, cols = 10
        let a = rng.floats(rows * cols).map { ($0 + 1) / 2 }
        let y = (0..<rows * cols).map { Float($0 % cols == 3 ? 1 : 0) }
        var d = [Float](repeating: 0, count: rows * cols)
        d.withUnsafeMutableBufferPointer {
            FastKernels.outputDelta(rows: rows, cols: cols, a: a, lda: cols, y: y, ldy: cols,
                                    d: $0.baseAddress!, ldd: cols, cost: .quadratic)
        }
        let quadratic: [Float] = zip(a, y).map { (ai: Float, yi: Float) -> Float in (ai - yi) * (ai * (1 - ai)) }
        #expect(d == quadratic)
        d.withUnsafeMutableBufferPointer {
            FastKernels.outputDelta(rows: rows, cols: cols, a: a, lda: cols, y: y, ldy: cols,
                                    d: $0.baseAddress!, ldd: cols, cost: .crossEntropy)
        }
        let crossEntropy: [Float] = zip(a, y).map { (ai: Float, yi: Float) -> Float in ai - yi }
        #expect(d == crossEntropy)
        let before = d
        d.withUnsafeMutableBufferPointer {
            FastKernels.mulSigmoidPrime(rows: rows, cols: cols, d: $0.baseAddress!, ldd: cols, a: a, lda: cols)
        }
        let bp2: [Float] = zip(before, a).map { (di: Float, ai: Float) -> Float in di * (ai * (1 - ai)) }
        #expect(d == bp2)
    }

    @Test func columnSums() {
        let d: [Float] = [1, 2, 3,
                          4, 5, 6]
        var out: [Float] = [10, 20, 30]
        out.withUnsafeMutableBufferPointer {
            FastKernels.columnSums(rows: 2, cols: 3, d: d, ldd: 3, alpha: -1, beta: 1, out: $0.baseAddress!)
        }
        #expect(out == [5, 13, 21])
        var fresh: [Float] = [.nan, .nan]
        fresh.withUnsafeMutableBufferPointer {
            FastKernels.columnSums(rows: 2, cols: 2, d: d, ldd: 3, alpha: 0.5, beta: 0, out: $0.baseAddress!)
        }
        #expect(fresh == [2.5, 3.5])
    }

    /// The end of the momentum step, for a layer small enough for one thread and one split over
    /// threads, with and without the L2 term: the very bits of the scalar formula.
    @Test(arguments: [37, 700_003])
    func momentumApplyIsTheScalarFormula(count: Int) {
        var rng = KernelRNG(seed: 5)
        let v0 = rng.floats(count), w0 = rng.floats(count)
        for l2: Float in [0, 0.003] {
            var v = v0, w = w0
            v.withUnsafeMutableBufferPointer { vp in
                w.withUnsafeMutableBufferPointer { wp in
                    FastKernels.momentumApply(count: count, l2: l2, velocity: vp.baseAddress!, weights: wp.baseAddress!)
                }
            }
            var wantV = v0, wantW = w0
            for i in 0..<count {
                var nv = wantV[i]
                if l2 != 0 { nv = nv - l2 * wantW[i] }
                wantV[i] = nv
                wantW[i] = wantW[i] + nv
            }
            #expect(v == wantV, "l2 \(l2)")
            #expect(w == wantW, "l2 \(l2)")
        }
    }
}
