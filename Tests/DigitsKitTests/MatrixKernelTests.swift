import Testing
@testable import DigitsKit

@Suite(.serialized) struct MatrixKernelTests {
    /// The textbook triple loop in Double, cblas row-major semantics.
    func naive(_ tA: Bool, _ tB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], lda: Int,
               b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let av = tA ? a[p * lda + i] : a[i * lda + p]
                    let bv = tB ? b[j * ldb + p] : b[p * ldb + j]
                    s += Double(av) * Double(bv)
                }
                out[i * ldc + j] = Float(Double(alpha) * s + (beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])))
            }
        }
        return out
    }

    func random(_ n: Int, _ g: inout Xoshiro256StarStar) -> [Float] { (0..<n).map { _ in Float(g.nextNormal()) } }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesTheTripleLoop(_ trans: (Bool, Bool)) {
        var g = Xoshiro256StarStar(seed: 99)
        for (m, n, k) in [(1, 1, 1), (3, 5, 7), (10, 30, 37), (17, 9, 64)] {
            let (tA, tB) = trans
            let lda = (tA ? m : k) + 2, ldb = (tB ? k : n) + 1, ldc = n + 3
            let a = random((tA ? k : m) * lda, &g), b = random((tB ? n : k) * ldb, &g)
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                var c = random(m * ldc, &g)
                if beta == 0 { for i in c.indices { c[i] = .nan } }  // β = 0 must not read C
                let expected = naive(tA, tB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            FastKernels.sgemm(transA: tA, transB: tB, m: m, n: n, k: k, alpha: alpha, a: ap.baseAddress!, lda: lda,
                                              b: bp.baseAddress!, ldb: ldb, beta: beta, c: cp.baseAddress!, ldc: ldc)
                        }
                    }
                }
                for i in 0..<m {
                    for j in 0..<n {
                        let e = expected[i * ldc + j], got = c[i * ldc + j]
                        #expect(abs(e - got) <= 1e-4 * max(1, abs(e)), "\(trans) \(m)x\(n)x\(k) [\(i),\(j)]: \(got) vs \(e)")
                    }
                    for j in n..<ldc where beta == 0 { #expect(c[i * ldc + j].isNaN, "padding was written") }
                }
            }
        }
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        var g = Xoshiro256StarStar(seed: 1)
        let m = 64, n = 48, k = 400  // above the parallel threshold
        let a = random(m * k, &g), b = random(n * k, &g)
        func run(_ threads: Int) -> [Float] {
            let saved = FastKernels.threads
            FastKernels.threads = threads
            defer { FastKernels.threads = saved }
            var c = [Float](repeating: 0, count: m * n)
            FastKernels.sgemm(transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: k, beta: 0, c: &c, ldc: n)
            return c
        }
        #expect(run(1) == run(2))
        #expect(run(1) == run(3))
    }
}
