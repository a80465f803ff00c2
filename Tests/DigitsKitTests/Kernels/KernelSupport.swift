@testable import DigitsKit

/// The kernel tests draw their random matrices from DigitsKit's SplitMix64.
typealias KernelRNG = SplitMix64

extension SplitMix64 {
    /// Uniform in [-1, 1).
    mutating func float() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }
}

/// One sgemm problem with padded leading dimensions, and the ways to run it.
struct GemmProblem: CustomStringConvertible {
    var transA: Bool, transB: Bool
    var m: Int, n: Int, k: Int
    var alpha: Float, beta: Float
    var lda: Int, ldb: Int, ldc: Int
    var a: [Float], b: [Float], c: [Float]

    init(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0,
         pad: Int = 0, rng: inout KernelRNG) {
        self.transA = transA; self.transB = transB
        self.m = m; self.n = n; self.k = k; self.alpha = alpha; self.beta = beta
        // BLAS wants every leading dimension ≥ 1; buffers get ≥ 1 element so they have an address.
        lda = max(1, transA ? m : k) + pad
        ldb = max(1, transB ? k : n) + pad
        ldc = max(1, n) + pad
        a = rng.floats(max(1, (transA ? k : m) * lda))
        b = rng.floats(max(1, (transB ? n : k) * ldb))
        c = rng.floats(max(1, m * ldc))
    }

    var description: String {
        "\(transA ? "T" : "N")\(transB ? "T" : "N") m=\(m) n=\(n) k=\(k) α=\(alpha) β=\(beta) ld=\(lda),\(ldb),\(ldc)"
    }

    /// C after the fast sgemm with the given instruction set and threads (nil if unavailable).
    func fast(isa: String?, threads: Int) -> [Float]? {
        var out = c
        let ran = out.withUnsafeMutableBufferPointer { cp in
            FastKernels.sgemm(instructionSet: isa, threads: threads, transA: transA, transB: transB,
                              m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                              beta: beta, c: cp.baseAddress!, ldc: ldc)
        }
        return ran ? out : nil
    }

    /// C after the reference sgemm, with operands replaced by `f` (e.g. abs for error bounds).
    func reference(_ f: (Float) -> Float = { $0 }, alpha: Float? = nil, beta: Float? = nil) -> [Float] {
        var out = c.map(f)
        let a = self.a.map(f), b = self.b.map(f)
        out.withUnsafeMutableBufferPointer { cp in
            FastKernels.sgemmReference(transA: transA, transB: transB, m: m, n: n, k: k,
                                       alpha: alpha ?? self.alpha, a: a, lda: lda, b: b, ldb: ldb,
                                       beta: beta ?? self.beta, c: cp.baseAddress!, ldc: ldc)
        }
        return out
    }

    /// The index of the first element of `got` farther from the reference than float rounding
    /// allows (2(k+2)ε times the size of the terms), or nil when all agree. Padding columns
    /// (j ≥ n) must be untouched, i.e. equal.
    func firstMismatch(_ got: [Float]) -> Int? {
        let want = reference()
        let size = reference({ abs($0) }, alpha: abs(alpha), beta: abs(beta))
        let eps = Float.ulpOfOne
        for i in 0..<m * ldc {
            let tol = 2 * Float(k + 2) * eps * size[i] + Float.leastNormalMagnitude
            if !(abs(got[i] - want[i]) <= tol) { return i }
        }
        return nil
    }
}

/// The instruction sets this CPU can run (the tests hold each to the reference).
let runnableInstructionSets = ["avx512", "avx2", "generic"].filter { FastKernels.isAvailable(instructionSet: $0) }

/// C = α·op(A)·op(B) + β·C by the textbook triple loop summed in Double (cblas row-major
/// semantics; β = 0 does not read C): an oracle independent of CKernels.
func tripleLoopInDouble(_ tA: Bool, _ tB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], lda: Int,
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
