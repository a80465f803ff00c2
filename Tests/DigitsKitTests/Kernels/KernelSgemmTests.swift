import Testing
@testable import DigitsKit

@Suite struct KernelSgemmTests {
    /// Many shapes around the tile sizes (1, odd, non-multiples), padded strides, every transpose
    /// and α/β combination, against the triple loop; 1 and 2 threads must give identical bits.
    @Test(arguments: runnableInstructionSets)
    func matchesReferenceOnManyShapes(isa: String) throws {
        var rng = KernelRNG(seed: 7)
        let dims = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 47, 64, 65]
        let scalars: [(Float, Float)] = [(1, 0), (1, 1), (-0.5, 0.25), (2, -1)]
        for trial in 0..<160 {
            let m = dims[rng.int(0...dims.count - 1)], n = dims[rng.int(0...dims.count - 1)]
            let k = trial % 5 == 0 ? rng.int(60...130) : dims[rng.int(0...dims.count - 1)]
            let (alpha, beta) = scalars[trial % scalars.count]
            let p = GemmProblem(transA: trial & 1 == 1, transB: trial & 2 == 2, m: m, n: n, k: k,
                                alpha: alpha, beta: beta, pad: trial % 3, rng: &rng)
            let one = try #require(p.fast(isa: isa, threads: 1))
            #expect(p.firstMismatch(one) == nil, "\(isa) \(p)")
            #expect(p.fast(isa: isa, threads: 2) == one, "\(isa) \(p): 2 threads differ")
        }
    }

    /// Skipping A's all-zero stretches (A·Bᵀ form) gives the very bits of the plain product for
    /// finite B, on every instruction set and thread count: rows blank in most places (as digit
    /// images are), −0 among the zeros, K with and without a partial tail; a NaN in A still
    /// reaches its row.
    @Test(arguments: runnableInstructionSets)
    func skippingZeroStretchesOfAGivesTheSameBits(isa: String) throws {
        var rng = KernelRNG(seed: 13)
        for (m, n, k) in [(10, 30, 784), (13, 7, 100), (5, 100, 33), (1, 1, 16)] {
            let lda = k + 3, ldc = n + 1
            var a = [Float](repeating: 0, count: m * lda)
            for i in 0..<m {
                for j in 0..<k where rng.int(0...9) < 2 { a[i * lda + j] = rng.float() }
                if k > 20 { a[i * lda + 5] = -0.0 }
            }
            let b = rng.floats(n * k)
            let c0 = rng.floats(m * ldc)
            func run(_ skipping: Bool, threads: Int, _ a: [Float]) throws -> [Float] {
                var c = c0
                let ok = c.withUnsafeMutableBufferPointer { cp in
                    FastKernels.sgemm(instructionSet: isa, threads: threads, transA: false, transB: true, m: m, n: n, k: k,
                                      alpha: 0.7, a: a, lda: lda, b: b, ldb: k, beta: 0.5, c: cp.baseAddress!, ldc: ldc,
                                      skippingZeroA: skipping)
                }
                try #require(ok)
                return c
            }
            let plain = try run(false, threads: 1, a)
            #expect(try run(true, threads: 1, a) == plain, "\(isa) \(m)×\(n)×\(k)")
            #expect(try run(true, threads: 2, a) == plain, "\(isa) \(m)×\(n)×\(k), 2 threads")
            var withNaN = a
            withNaN[(m - 1) * lda + k / 2] = .nan
            let c = try run(true, threads: 1, withNaN)
            #expect((0..<n).allSatisfy { c[(m - 1) * ldc + $0].isNaN }, "\(isa): NaN in A's last row")
            #expect(m == 1 || !c[0].isNaN)
        }
    }

    /// The shapes training and inference use, big enough to be split over threads (rows for
    /// some, columns for others): correct, and bit-identical for 1, 2 and 3 threads.
    @Test(arguments: runnableInstructionSets)
    func trainingShapesAreCorrectAndThreadCountIndependent(isa: String) throws {
        var rng = KernelRNG(seed: 11)
        let shapes: [(Bool, Bool, Int, Int, Int)] = [
            (false, true, 10, 30, 784),    // forward, batch 10: Z = A·Wᵀ
            (false, true, 100, 100, 784),  // forward, batch 100 (split by rows)
            (false, true, 20, 300, 200),   // split by columns
            (false, false, 100, 30, 100),  // BP2: δ·W
            (true, false, 30, 784, 100),   // BP4: δᵀ·A
            (true, true, 40, 130, 200),
        ]
        for (tA, tB, m, n, k) in shapes {
            let p = GemmProblem(transA: tA, transB: tB, m: m, n: n, k: k, alpha: -0.3, beta: 1, pad: 1, rng: &rng)
            let one = try #require(p.fast(isa: isa, threads: 1))
            #expect(p.firstMismatch(one) == nil, "\(isa) \(p)")
            #expect(p.fast(isa: isa, threads: 2) == one, "\(isa) \(p): 2 threads differ")
            #expect(p.fast(isa: isa, threads: 3) == one, "\(isa) \(p): 3 threads differ")
        }
    }

    /// The global entry point against the textbook triple loop summed in Double (an oracle
    /// outside CKernels, unlike ``FastKernels/sgemmReference``): every transpose, padded strides,
    /// α/β combinations; with β = 0, NaN in C must not propagate and C's padding is not written.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesTheTripleLoop(_ trans: (Bool, Bool)) {
        var g = Xoshiro256StarStar(seed: 99)
        func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float(g.nextNormal()) } }
        for (m, n, k) in [(1, 1, 1), (3, 5, 7), (10, 30, 37), (17, 9, 64)] {
            let (tA, tB) = trans
            let lda = (tA ? m : k) + 2, ldb = (tB ? k : n) + 1, ldc = n + 3
            let a = random((tA ? k : m) * lda), b = random((tB ? n : k) * ldb)
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                var c = random(m * ldc)
                if beta == 0 { for i in c.indices { c[i] = .nan } }  // β = 0 must not read C
                let expected = tripleLoopInDouble(tA, tB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                                                  beta: beta, c: c, ldc: ldc)
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

    @Test func betaZeroOverwritesNaNAndAlphaZeroReadsNeitherOperand() throws {
        var rng = KernelRNG(seed: 3)
        for (tA, tB) in [(false, false), (false, true), (true, false), (true, true)] {
            var p = GemmProblem(transA: tA, transB: tB, m: 5, n: 19, k: 7, alpha: 1, beta: 0, rng: &rng)
            p.c = Array(repeating: .nan, count: p.c.count)
            let out = try #require(p.fast(isa: nil, threads: 1))
            #expect(!out.contains { $0.isNaN })
            #expect(p.firstMismatch(out) == nil)

            var q = GemmProblem(transA: tA, transB: tB, m: 4, n: 3, k: 6, alpha: 0, beta: 2, rng: &rng)
            q.a = Array(repeating: .nan, count: q.a.count)
            let scaled = try #require(q.fast(isa: nil, threads: 1))
            let doubled: [Float] = q.c.map { (x: Float) -> Float in 2 * x }
            #expect(scaled == doubled)
        }
    }

    @Test func emptyDimensions() throws {
        var rng = KernelRNG(seed: 5)
        let k0 = GemmProblem(transA: false, transB: true, m: 3, n: 4, k: 0, alpha: 1, beta: 0.5, rng: &rng)
        let halved: [Float] = k0.c.map { (x: Float) -> Float in 0.5 * x }
        let k0out = try #require(k0.fast(isa: nil, threads: 2))
        #expect(k0out == halved)
        let m0 = GemmProblem(transA: false, transB: false, m: 0, n: 4, k: 3, rng: &rng)
        let m0out = try #require(m0.fast(isa: nil, threads: 2))
        #expect(m0out == m0.c)
    }

    /// The global entry point runs the automatic instruction set; the thread count it is set to
    /// (``FastKernels/threads``, 1 to 3) does not change bits.
    @Test func globalEntryPointMatchesExplicitOne() throws {
        var rng = KernelRNG(seed: 9)
        let p = GemmProblem(transA: false, transB: true, m: 64, n: 100, k: 300, alpha: 1, beta: 0, rng: &rng)
        let saved = FastKernels.threads
        defer { FastKernels.threads = saved }
        for threads in [saved, 1, 2, 3] {
            FastKernels.threads = threads
            var out = p.c
            out.withUnsafeMutableBufferPointer { cp in
                FastKernels.sgemm(transA: p.transA, transB: p.transB, m: p.m, n: p.n, k: p.k, alpha: p.alpha,
                                  a: p.a, lda: p.lda, b: p.b, ldb: p.ldb, beta: p.beta, c: cp.baseAddress!, ldc: p.ldc)
            }
            #expect(out == p.fast(isa: nil, threads: 1), "FastKernels.threads = \(threads)")
        }
        #expect(FastKernels.threads >= 1)
        #expect(["avx512", "avx2", "generic"].contains(FastKernels.instructionSet))
    }
}

@Suite struct KernelThreadPoolTests {
    /// Several callers at once, each changing its thread count every call, on a product just big
    /// enough to be split: every result identical, and no lost wake-up (this used to hang).
    @Test func concurrentCallersWithChangingThreadCounts() async throws {
        var rng = KernelRNG(seed: 21)
        let p = GemmProblem(transA: false, transB: true, m: 64, n: 64, k: 250, rng: &rng)  // 1.02e6 MACs
        let want = try #require(p.fast(isa: nil, threads: 1))
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for caller in 0..<3 {
                group.addTask {
                    var bad = 0
                    for call in 0..<40 where p.fast(isa: nil, threads: 1 + (call + caller) % 4) != want { bad += 1 }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
