import Foundation
import Testing
@testable import DigitsKit

/// The softmax output kernel: against the reference softmax and the Double formula, stable for
/// large weighted inputs, in place, with strides, NaN rows NaN.
@Suite struct KernelSoftmaxTests {
    @Test func matchesTheReferenceAndTheFormula() {
        var rng = KernelRNG(seed: 5)
        let rows = 7, cols = 10, ldz = 12, ldo = 11
        let z = rng.floats(rows * ldz).map { $0 * 20 }
        let bias = rng.floats(cols)
        var out = [Float](repeating: -1, count: rows * ldo)
        out.withUnsafeMutableBufferPointer {
            FastKernels.biasSoftmax(rows: rows, cols: cols, z: z, ldz: ldz, bias: bias, out: $0.baseAddress!, ldo: ldo)
        }
        for r in 0..<rows {
            let zr = (0..<cols).map { z[r * ldz + $0] + bias[$0] }
            let row = Array(out[(r * ldo)..<(r * ldo + cols)])
            // The same operations as the reference feedforward's softmax: the same bits.
            #expect(row == softmax(zr), "row \(r)")
            let m = Double(zr.max()!)
            let e = zr.map { Foundation.exp(Double($0) - m) }
            let total = e.reduce(0, +)
            for j in 0..<cols { #expect(abs(Double(row[j]) - e[j] / total) <= 1e-6, "row \(r) [\(j)]") }
            #expect(out[r * ldo + cols] == -1, "the stride's padding is left alone")
        }
    }

    @Test func largeInputsDoNotOverflowAndNaNRowsAreNaN() {
        var z: [Float] = [1000, 999, -1000, .nan, 1, 2, 88.8, 88.7, 88.6]
        z.withUnsafeMutableBufferPointer { p in
            FastKernels.biasSoftmax(rows: 3, cols: 3, z: p.baseAddress!, ldz: 3, bias: nil, out: p.baseAddress!, ldo: 3)
        }
        let e1 = Float(Foundation.exp(-1.0))
        #expect(abs(z[0] - 1 / (1 + e1)) < 1e-6 && abs(z[1] - e1 / (1 + e1)) < 1e-6 && z[2] == 0)
        #expect(z[3].isNaN && z[4].isNaN && z[5].isNaN)
        #expect(z[6...].allSatisfy { $0.isFinite && $0 > 0 } && abs(z[6...].reduce(0, +) - 1) < 1e-6)
    }
}
