import Testing
@testable import DigitsKit

/// Plain, per-example SGD for one epoch with every optional rule (Nesterov momentum, dropout,
/// max-norm), written from the formulas: the yardstick the fast path is held to.
enum ReferenceSGD {
    /// Example `r` of mini-batch `b` in `epoch`: its dropout masks, one per hidden layer, drawn
    /// as the rule says (uniform < P drops) from the example's counter-based stream.
    static func masks(seed: UInt64, epoch: Int, batch: Int, example r: Int, p: Double, hidden: [Int]) -> [[Float]] {
        let key = SplitMix64.derive(seed, stream: 3 << 32 | UInt64(epoch))
        var g = SplitMix64(seed: SplitMix64.derive(key, stream: UInt64(batch) << 16 | UInt64(r)))
        let kept = Float(1 / (1 - p))
        return hidden.map { n in (0..<n).map { _ in Double(g.next() >> 11) * 0x1.0p-53 < p ? 0 : kept } }
    }

    /// One epoch of `o` on `data` from `net` (and velocities `v`, updated), in the trainer's order;
    /// each input less `inputMean` when given.
    static func epoch(_ epoch: Int, _ o: TrainingOptions, _ data: LabeledImages, net: inout Network, v: inout Network,
                      inputMean: [Float]? = nil) {
        let n = data.count
        var order = Array(0..<n)
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(o.seed, stream: Trainer.shuffleStream(epoch)))
        rng.shuffle(&order)
        let hidden = Array(o.layers.dropFirst().dropLast())
        for (b, start) in stride(from: 0, to: n, by: o.batchSize).enumerated() {
            let batch = Array(order[start..<min(n, start + o.batchSize)])
            var sumW = net.weights.map { $0.map { _ in Float(0) } }, sumB = net.biases.map { $0.map { _ in Float(0) } }
            for (r, i) in batch.enumerated() {
                var y = [Float](repeating: 0, count: o.layers.last!)
                y[Int(data.labels[i])] = 1
                let mask = o.dropout > 0 ? masks(seed: o.seed, epoch: epoch, batch: b, example: r, p: o.dropout, hidden: hidden) : nil
                let x = inputMean.map { mu in zip(data.input(i), mu).map { $0 - $1 } } ?? data.input(i)
                let (nw, nb) = ReferenceBackprop.gradients(sizes: net.sizes, weights: net.weights, biases: net.biases,
                                                           x: x, y: y, cost: o.cost, mask: mask)
                for l in 0..<nw.count {
                    for j in nw[l].indices { sumW[l][j] += nw[l][j] }
                    for j in nb[l].indices { sumB[l][j] += nb[l][j] }
                }
            }
            let step = Float(o.eta / Double(batch.count)), l2 = Float(o.eta * o.lambda / Double(n)), mu = Float(o.momentum)
            for l in 0..<net.weights.count {
                for j in net.weights[l].indices {
                    let w = net.weights[l][j], g = step * sumW[l][j] + l2 * w  // η∇C
                    if o.momentum == 0 {
                        net.weights[l][j] = w - g
                    } else {
                        v.weights[l][j] = mu * v.weights[l][j] - g
                        net.weights[l][j] = o.nesterov ? w + mu * v.weights[l][j] - g : w + v.weights[l][j]
                    }
                }
                for j in net.biases[l].indices {
                    let g = step * sumB[l][j]
                    if o.momentum == 0 {
                        net.biases[l][j] -= g
                    } else {
                        v.biases[l][j] = mu * v.biases[l][j] - g
                        net.biases[l][j] += o.nesterov ? mu * v.biases[l][j] - g : v.biases[l][j]
                    }
                }
                if let c = o.maxNorm, l < net.weights.count - 1 {  // hidden neurons only
                    let cols = net.sizes[l]
                    for row in 0..<net.sizes[l + 1] {
                        let norm = rowNorm(net.weights[l], row, cols)
                        if norm > c { for k in 0..<cols { net.weights[l][row * cols + k] *= Float(c / norm) } }
                    }
                }
            }
        }
    }

    /// ‖row‖ of a row-major matrix with `cols` columns, in Double.
    static func rowNorm(_ w: [Float], _ row: Int, _ cols: Int) -> Double {
        (0..<cols).reduce(0.0) { $0 + Double(w[row * cols + $1]) * Double(w[row * cols + $1]) }.squareRoot()
    }

    /// The largest difference between two networks' parameters.
    static func largestDifference(_ a: Network, _ b: Network) -> Float {
        var worst: Float = 0
        for l in 0..<a.weights.count {
            for j in a.weights[l].indices { worst = max(worst, abs(a.weights[l][j] - b.weights[l][j])) }
            for j in a.biases[l].indices { worst = max(worst, abs(a.biases[l][j] - b.biases[l][j])) }
        }
        return worst
    }
}

/// Nesterov momentum, dropout and max-norm: each against its formula, and how they combine with
/// the trainer's guarantees (seeded, thread-independent).
@Suite struct RegulariserTests {
    struct Setup: Sendable, CustomTestStringConvertible {
        var name: String
        var momentum = 0.0, nesterov = false, dropout = 0.0, lambda = 0.0
        var maxNorm: Double?
        var testDescription: String { name }
        func options(epochs: Int = 2) -> TrainingOptions {
            var o = SyntheticData.options(epochs: epochs)
            o.layers = [36, 12, 8, 4]  // two hidden layers: masks for each
            o.cost = .crossEntropy
            o.eta = 0.5
            (o.momentum, o.nesterov, o.dropout, o.lambda, o.maxNorm) = (momentum, nesterov, dropout, lambda, maxNorm)
            return o
        }
    }

    static let setups = [
        Setup(name: "Nesterov", momentum: 0.7, nesterov: true, lambda: 1),
        Setup(name: "dropout 0.5", dropout: 0.5),
        Setup(name: "max-norm 0.8", lambda: 1, maxNorm: 0.8),
        Setup(name: "all three", momentum: 0.6, nesterov: true, dropout: 0.3, maxNorm: 1),
    ]

    /// Two epochs of the fast path (batched kernels, masks, fused or separate steps) against the
    /// per-example reference with the same order and masks, to the tolerance the plain-SGD
    /// check uses (the sums are added in other orders).
    @Test(arguments: setups)
    func twoEpochsAgreeWithTheReference(_ s: Setup) throws {
        let o = s.options()
        let data = SyntheticData.dataset(training: 205)  // the last mini-batch has 5 examples
        let trainer = try Trainer(options: o, dataset: data)
        var net = trainer.network
        let initial = net
        var v = try Network(zerosWithSizes: o.layers)
        let fast = try trainer.run().model.network
        for e in 1...o.epochs { ReferenceSGD.epoch(e, o, data.training, net: &net, v: &v) }
        let worst = ReferenceSGD.largestDifference(net, fast)
        #expect(worst < 1e-4, "largest parameter difference \(worst)")
        #expect(ReferenceSGD.largestDifference(fast, initial) > 1e-2)
    }

    /// Nesterov is not classical momentum: the same run without it ends elsewhere, and the
    /// reference of each agrees with its own run only.
    @Test func nesterovDiffersFromClassicalMomentum() throws {
        let nesterov = Self.setups[0].options(epochs: 1)
        var classical = nesterov
        classical.nesterov = false
        let data = SyntheticData.dataset(training: 205)
        let a = try Trainer(options: nesterov, dataset: data).run().model.network
        let b = try Trainer(options: classical, dataset: data).run().model.network
        #expect(ReferenceSGD.largestDifference(a, b) > 1e-3)
        var net = try Trainer(options: classical, dataset: data).network
        var v = try Network(zerosWithSizes: classical.layers)
        ReferenceSGD.epoch(1, nesterov, data.training, net: &net, v: &v)
        #expect(ReferenceSGD.largestDifference(net, a) < 1e-4)
        #expect(ReferenceSGD.largestDifference(net, b) > 1e-3)
    }

    /// The Nesterov step from the batch's summed gradients is its formula to the bit:
    /// u = step·g + l2·w, v ← μv − u, w ← (w + μv) − u (biases without l2). The layers are
    /// wider than a vector so that both the vector loop and its tail are checked.
    @Test(arguments: [Float(0), Float(0.002)])
    func nesterovStepIsItsFormula(_ l2: Float) throws {
        let net = try BackpropFixtures.network([40, 19, 7, 4], seed: 51)
        let work = BackpropFixtures.loadedWorkspace(for: net, seed: 52)
        let (step, mu): (Float, Float) = (0.3, 0.9)
        let velocities = try BackpropFixtures.network(net.sizes, seed: 53)
        let separate = Parameters(net), separateV = Parameters(velocities)
        let separateCost = work.backprop(separate, rows: 10, cost: .crossEntropy)
        for l in 0..<separate.layerCount {
            for i in 0..<separate.weightCount(l) {
                var u = step * work.gradW[l][i]
                if l2 != 0 { u = u + l2 * separate.weights[l][i] }
                let nv = mu * separateV.weights[l][i] - u
                separateV.weights[l][i] = nv
                separate.weights[l][i] = (separate.weights[l][i] + mu * nv) - u
            }
            for i in 0..<separate.sizes[l + 1] {
                let u = step * work.gradB[l][i]
                let nv = mu * separateV.biases[l][i] - u
                separateV.biases[l][i] = nv
                separate.biases[l][i] = (separate.biases[l][i] + mu * nv) - u
            }
        }
        let fast = Parameters(net), fastV = Parameters(velocities)
        let fastCost = work.backprop(fast, rows: 10, cost: .crossEntropy,
                                     into: .nesterovStep(step: step, mu: mu, l2: l2, velocities: fastV))
        #expect(fastCost == separateCost)
        #expect(fast.network() == separate.network())
        #expect(fastV.network() == separateV.network())
        #expect(fast.network() != net)
    }

    /// Dropout with P = 0 through the mask path (every factor exactly 1) is today's step to the bit.
    @Test func dropoutZeroIsTheUndroppedStep() throws {
        let net = try BackpropFixtures.network([12, 9, 7, 4], seed: 61)
        let work = BackpropFixtures.loadedWorkspace(for: net, seed: 62)
        let plain = Parameters(net)
        let plainCost = work.backprop(plain, rows: 10, cost: .crossEntropy, into: .descentStep(step: 0.3, decay: 0.999))
        work.dropout = DropoutMasks(probability: 0, sizes: net.sizes, capacity: 10)
        work.dropout?.draw(key: 5, batch: 0, rows: 10)
        let masked = Parameters(net)
        let maskedCost = work.backprop(masked, rows: 10, cost: .crossEntropy, into: .descentStep(step: 0.3, decay: 0.999))
        #expect(maskedCost == plainCost)
        #expect(masked.network() == plain.network())
    }

    /// The batched gradients through the masks are the reference's with the same masks (the
    /// tolerance of the unmasked check), and the masks are really thinning.
    @Test func droppedGradientsAgreeWithTheReference() throws {
        let net = try BackpropFixtures.network([12, 9, 7, 4], seed: 71)
        let batch = BackpropFixtures.examples(10, inputs: 12, outputs: 4, seed: 72)
        let work = BackpropFixtures.loadedWorkspace(for: net, seed: 72)
        let masks = DropoutMasks(probability: 0.4, sizes: net.sizes, capacity: 10)
        masks.draw(key: 73, batch: 2, rows: 10)
        work.dropout = masks
        _ = work.backprop(Parameters(net), rows: 10, cost: .crossEntropy)
        var sumW = net.weights.map { [Float](repeating: 0, count: $0.count) }
        var sumB = net.biases.map { [Float](repeating: 0, count: $0.count) }
        var factors: Set<Float> = []
        for (r, (x, y)) in batch.enumerated() {
            let mask = masks.hiddenSizes.enumerated().map { h, n in Array(UnsafeBufferPointer(start: masks.masks[h] + r * n, count: n)) }
            factors.formUnion(mask.joined())
            let (nw, nb) = ReferenceBackprop.gradients(sizes: net.sizes, weights: net.weights, biases: net.biases,
                                                       x: x, y: y, cost: .crossEntropy, mask: mask)
            for l in 0..<nw.count {
                for i in nw[l].indices { sumW[l][i] += nw[l][i] }
                for i in nb[l].indices { sumB[l][i] += nb[l][i] }
            }
        }
        #expect(factors == [0, Float(1 / 0.6)])
        for l in 0..<sumW.count {
            for i in sumW[l].indices { #expect(abs(sumW[l][i] - work.gradW[l][i]) <= 1e-5 * max(1, abs(sumW[l][i])), "w \(l) [\(i)]") }
            for i in sumB[l].indices { #expect(abs(sumB[l][i] - work.gradB[l][i]) <= 1e-5 * max(1, abs(sumB[l][i])), "b \(l) [\(i)]") }
        }
    }

    /// The masks are a function of (key, mini-batch, example, neuron) only: the same call gives
    /// the same masks, another mini-batch or key others, a shorter batch the first rows of a
    /// longer one; about P of them are dropped.
    @Test func masksAreKeyedAndDropAboutP() throws {
        let sizes = [5, 200, 100, 3]
        func masks(key: UInt64, batch: Int, rows: Int) -> [Float] {
            let m = DropoutMasks(probability: 0.3, sizes: sizes, capacity: 50)
            m.draw(key: key, batch: batch, rows: rows)
            return (0..<rows).flatMap { r in m.hiddenSizes.enumerated().flatMap { h, n in
                Array(UnsafeBufferPointer(start: m.masks[h] + r * n, count: n)) } }
        }
        let a = masks(key: 9, batch: 4, rows: 50)
        #expect(a == masks(key: 9, batch: 4, rows: 50))
        #expect(a != masks(key: 9, batch: 5, rows: 50))
        #expect(a != masks(key: 10, batch: 4, rows: 50))
        #expect(Array(a.prefix(10 * 300)) == masks(key: 9, batch: 4, rows: 10))
        let dropped = Double(a.filter { $0 == 0 }.count) / Double(a.count)
        #expect(abs(dropped - 0.3) < 0.02, "dropped \(dropped)")  // 15,000 draws: σ ≈ 0.004
    }

    /// A dropout run is the same bits on one thread or two, both where the second thread
    /// measures beside training and where it splits the mini-batch products.
    @Test(arguments: [(36, 10), (300, 100)])
    func dropoutDoesNotDependOnTheThreads(_ shape: (hidden: Int, batch: Int)) throws {
        var o = Self.setups[3].options(epochs: 2)
        o.layers = [36, shape.hidden, 4]
        o.batchSize = shape.batch
        let data = SyntheticData.dataset()
        var results: [Network] = []
        for threads in [1, 2] {
            o.threads = threads
            results.append(try Trainer(options: o, dataset: data).run().model.network)
        }
        #expect(results[0] == results[1])
        if shape.batch * shape.hidden * 36 >= FastKernels.parallelMinimumWork {
            #expect(try !Trainer(options: o, dataset: data).measuresBesideTraining)  // the products split instead
        }
    }

    /// After a max-norm run every hidden neuron's incoming weights have norm ≤ C (up to the
    /// rounding of the scaling itself: a few float ulps), and the constraint bound: without it
    /// the rows grow longer. The output layer is left free, and some of its rows grow past C.
    @Test func maxNormHoldsEveryHiddenRow() throws {
        var o = Self.setups[2].options(epochs: 3)
        o.lambda = 0
        let c = try #require(o.maxNorm)
        let data = SyntheticData.dataset()
        let net = try Trainer(options: o, dataset: data).run().model.network
        o.maxNorm = nil
        let free = try Trainer(options: o, dataset: data).run().model.network
        var longestFree = 0.0
        let output = net.weights.count - 1
        let longestOutput = (0..<net.sizes[output + 1]).map { ReferenceSGD.rowNorm(net.weights[output], $0, net.sizes[output]) }.max() ?? 0
        #expect(longestOutput > c, "the output layer was constrained too (longest row \(longestOutput))")
        for l in 0..<output {
            for row in 0..<net.sizes[l + 1] {
                let norm = ReferenceSGD.rowNorm(net.weights[l], row, net.sizes[l])
                #expect(norm <= c * (1 + 1e-6), "layer \(l) row \(row): norm \(norm)")
                longestFree = max(longestFree, ReferenceSGD.rowNorm(free.weights[l], row, net.sizes[l]))
            }
        }
        #expect(longestFree > c * 1.5)
    }

    /// The max-norm kernel on every instruction set this CPU runs, against the rule in Double:
    /// rows within C untouched (bit for bit), longer ones scaled to C (float tolerance), the
    /// padding past each row never written.
    @Test func maxNormKernelScalesOnlyLongRows() throws {
        let (rows, cols, ld) = (23, 37, 41)
        var g = Xoshiro256StarStar(seed: 81)
        let original = (0..<(rows * ld)).map { i in Float(g.nextNormal() * Double(i / ld % 5) * 0.2) }
        let c: Float = 2.5
        for isa in ["avx512", "avx2", "generic"] where FastKernels.isAvailable(instructionSet: isa) {
            var w = original
            _ = w.withUnsafeMutableBufferPointer { p in
                FastKernels.withInstructionSet(isa) { FastKernels.maxNormRows(rows: rows, cols: cols, w: p.baseAddress!, ldw: ld, c: c) }
            }
            for r in 0..<rows {
                let norm = (0..<cols).reduce(0.0) { $0 + Double(original[r * ld + $1]) * Double(original[r * ld + $1]) }.squareRoot()
                for k in 0..<ld {
                    let i = r * ld + k
                    if k >= cols || norm < Double(c) * (1 - 1e-5) {
                        #expect(w[i] == original[i], "\(isa) row \(r) [\(k)]")
                    } else if norm > Double(c) * (1 + 1e-5) {
                        #expect(abs(Double(w[i]) - Double(original[i]) * Double(c) / norm) <= 1e-6 * abs(Double(original[i])) + 1e-12,
                                "\(isa) row \(r) [\(k)]")
                    }
                }
            }
        }
    }

    @Test func badValuesAreRefusedNamingTheOption() throws {
        var o = SyntheticData.options()
        o.nesterov = true
        #expect(throws: TrainingError.invalidOption(.nesterov, "needs a momentum μ > 0 (momentum is 0)")) { try o.validate() }
        o.momentum = 0.5
        #expect(throws: Never.self) { try o.validate() }
        for p in [1, -0.1, .nan, .infinity] {
            var d = SyntheticData.options()
            d.dropout = p
            #expect(throws: TrainingError.invalidOption(.dropout, "must be in [0, 1), got \(p)")) { try d.validate() }
        }
        for c in [0, -1, .nan, .infinity] {
            var m = SyntheticData.options()
            m.maxNorm = c
            #expect(throws: TrainingError.invalidOption(.maxNorm, "must be a positive number, got \(c)")) { try m.validate() }
        }
    }

    /// Recorded in the model only when on (a run without them writes the keys it always did),
    /// and read back as they were.
    @Test func recordedOnlyWhenOn() throws {
        let data = SyntheticData.dataset()
        let plain = try Trainer(options: SyntheticData.options(epochs: 1), dataset: data).checkpoint().model
        for key in [TrainingMetadataKey.nesterov, TrainingMetadataKey.dropout, TrainingMetadataKey.maxNorm] {
            #expect(plain.metadata[key] == nil, "\(key)")
        }
        let o = Self.setups[3].options()
        let model = try Trainer(options: o, dataset: data).checkpoint().model
        #expect(model.metadata.int(TrainingMetadataKey.nesterov) == 1)
        #expect(model.metadata.double(TrainingMetadataKey.dropout) == 0.3)
        #expect(model.metadata.double(TrainingMetadataKey.maxNorm) == 1)
        #expect(try Checkpoint(model: ModelFile.decode(ModelFile.encode(model))).options == o)
    }
}
