/// Forward and backward passes over a whole mini-batch at once, as matrices.
///
/// A batch of `rows` examples is a row-major matrix with one example per row. For each layer
/// (identical mathematics to ``ReferenceBackprop``, transposed so examples are rows):
///
///     Z^l = A^(l-1) (w^l)ᵀ + 1 (b^l)ᵀ,   A^l = σ(Z^l)                  (rows × n_l)
///     Δ^L = ∇_A C ⊙ σ'(Z^L)                                            BP1
///       (A^L = softmax(Z^L) row by row for a softmax output, with Δ^L = A^L − Y)
///     Δ^(l-1) = (Δ^l w^l) ⊙ σ'(Z^(l-1))                                BP2
///     Σ_x ∂C_x/∂b^l = column sums of Δ^l                               BP3
///     Σ_x ∂C_x/∂w^l = (Δ^l)ᵀ A^(l-1)                                   BP4
///
/// With ``dropout`` set, training passes thin the hidden layers: A^l ⊙ M^l feeds layer l + 1
/// and Δ^l is multiplied by the same mask M^l (see ``DropoutMasks``).
///
/// Every buffer is allocated once for `capacity` rows; passes never allocate.
final class BatchedBackprop {
    let sizes: [Int]
    let capacity: Int
    /// A^0: the inputs, capacity × sizes[0].
    let input: UnsafeMutablePointer<Float>
    /// Y: the targets (one-hot for labels), capacity × sizes.last.
    let target: UnsafeMutablePointer<Float>
    /// `activations[i]`: A^(i+1), capacity × sizes[i+1].
    let activations: [UnsafeMutablePointer<Float>]
    /// `deltas[i]`: Δ^(i+1), capacity × sizes[i+1] (only with gradients).
    let deltas: [UnsafeMutablePointer<Float>]
    /// Gradients summed over the batch (``GradientDestination/sums``): `gradW[i]` like w^(i+1),
    /// `gradB[i]` like b^(i+1). Allocated on first use: training steps never store them.
    private(set) lazy var gradW: [UnsafeMutablePointer<Float>] = (0..<layerCount).map { buffer(sizes[$0 + 1] * sizes[$0]) }
    private(set) lazy var gradB: [UnsafeMutablePointer<Float>] = (0..<layerCount).map { buffer(sizes[$0 + 1]) }
    private var allocations: [UnsafeMutablePointer<Float>] = []
    /// The dropout masks ``backprop(_:rows:cost:into:maxNorm:)`` applies (drawn by the caller
    /// for each mini-batch); nil: no dropout.
    var dropout: DropoutMasks?
    /// The mean ``load(_:indices:next:)`` subtracts from training inputs (``InputMean``); nil:
    /// inputs as they are.
    var inputMean: InputMean?

    var layerCount: Int { sizes.count - 1 }
    var outputSize: Int { sizes[sizes.count - 1] }
    /// A^L, the outputs of the last forward pass.
    var output: UnsafeMutablePointer<Float> { activations[layerCount - 1] }

    /// Buffers for up to `capacity` rows; `gradients: false` (inference) leaves out the deltas.
    init(sizes: [Int], capacity: Int, gradients: Bool = true) {
        self.sizes = sizes
        self.capacity = capacity
        var all: [UnsafeMutablePointer<Float>] = []
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = Self.zeroed(count)
            all.append(p)
            return p
        }
        let layers = sizes.count - 1
        input = buffer(capacity * sizes[0])
        target = buffer(capacity * sizes[layers])
        activations = (0..<layers).map { buffer(capacity * sizes[$0 + 1]) }
        deltas = gradients ? (0..<layers).map { buffer(capacity * sizes[$0 + 1]) } : []
        allocations = all
    }

    deinit { for p in allocations { p.deallocate() } }

    /// `count` zeroed floats (at least one), freed with the workspace.
    private func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = Self.zeroed(count)
        allocations.append(p)
        return p
    }

    private static func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        return p
    }

    /// Loads examples `indices` of `images` into rows 0..<indices.count: pixels scaled to
    /// [0, 1] (converted here, per batch) less ``inputMean`` when set, and one-hot targets
    /// from the labels. `next`, when given, are the examples the following call will load:
    /// their pixels are prefetched.
    func load(_ images: LabeledImages, indices: UnsafeBufferPointer<Int>, next: UnsafeBufferPointer<Int>? = nil) {
        let n0 = sizes[0], nL = outputSize
        images.pixels.withUnsafeBufferPointer { px in
            FastKernels.gatherBytes(px, cols: n0, rows: indices, scale: 1 / 255, into: input)
            if let next { FastKernels.prefetchRows(px, cols: n0, rows: next) }
        }
        inputMean?.subtract(from: input, rows: indices.count)
        images.labels.withUnsafeBufferPointer { labels in
            target.update(repeating: 0, count: indices.count * nL)
            for (r, index) in indices.enumerated() {
                let label = Int(labels[index])
                if label < nL { target[r * nL + label] = 1 }
            }
        }
    }

    /// Loads examples `range` of `images` (inputs only, for inference).
    func loadInputs(_ images: LabeledImages, range: Range<Int>) {
        let n0 = sizes[0]
        images.pixels.withUnsafeBufferPointer { px in
            FastKernels.widenBytes(UnsafeBufferPointer(rebasing: px[(range.lowerBound * n0)..<(range.upperBound * n0)]),
                                   scale: 1 / 255, into: input)
        }
    }

    /// The forward pass for rows 0..<rows: A^l = σ(A^(l-1) (w^l)ᵀ + b^l) for every layer, the
    /// output layer a softmax of the same when `p`'s network has one; with `dropout`, each hidden
    /// layer's input to the next is A^l ⊙ M^l (its ``DropoutMasks/dropped``).
    func forward(_ p: Parameters, rows: Int, dropout: DropoutMasks? = nil) {
        let softmaxOutput = p.template.outputActivation == .softmax
        var aPrev = UnsafePointer(input)
        for l in 0..<layerCount {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let a = activations[l]
            // Z^l = A^(l-1) (w^l)ᵀ: (rows × nIn)(nIn × nOut); w^l is stored nOut × nIn. The input
            // images are mostly blank: their all-zero stretches are skipped (the same bits, as
            // the weights are finite; a non-finite weight fails the epoch's check anyway).
            FastKernels.sgemm(transA: false, transB: true, m: rows, n: nOut, k: nIn,
                              alpha: 1, a: aPrev, lda: nIn, b: p.weights[l], ldb: nIn,
                              beta: 0, c: a, ldc: nOut, skippingZeroA: l == 0)
            if softmaxOutput && l == layerCount - 1 {
                // A^L = softmax(Z^L + b^L), each row (example) on its own.
                FastKernels.biasSoftmax(rows: rows, cols: nOut, z: a, ldz: nOut, bias: p.biases[l], out: a, ldo: nOut)
            } else {
                // A^l = σ(Z^l + b^l).
                FastKernels.biasSigmoid(rows: rows, cols: nOut, z: a, ldz: nOut, bias: p.biases[l], out: a, ldo: nOut)
            }
            if let dropout, l < layerCount - 1 {
                FastKernels.multiply(count: rows * nOut, a, by: dropout.masks[l], into: dropout.dropped[l])
                aPrev = UnsafePointer(dropout.dropped[l])
            } else {
                aPrev = UnsafePointer(a)
            }
        }
    }

    /// Where ``backprop(_:rows:cost:into:)`` puts the batch's summed gradients.
    enum GradientDestination {
        /// Into ``gradW``/``gradB`` (Σ_x ∂C_x/∂w, Σ_x ∂C_x/∂b), parameters untouched.
        case sums
        /// Straight into the parameters as a gradient-descent step, never stored:
        /// w ← decay · w − step · Σ_x ∂C_x/∂w and b ← b − step · Σ_x ∂C_x/∂b
        /// (step = η/m, decay = 1 − ηλ/n). Same bits as summing first and stepping after.
        case descentStep(step: Float, decay: Float)
        /// Into the velocities, then the parameters, as a momentum step:
        /// v ← μ·v − step·Σ_x ∂C_x/∂w − l2·w, w ← w + v (biases: no l2 term), with l2 = ηλ/n.
        /// Same bits as summing first and stepping after.
        case momentumStep(step: Float, mu: Float, l2: Float, velocities: Parameters)
        /// Summed into ``gradW``/``gradB``, then a Nesterov momentum step from them
        /// (``FastKernels/nesterovApply(count:step:mu:l2:gradient:velocity:weights:)``, biases
        /// with no l2): v ← μ·v − u, w ← (w + μ·v) − u with u = step·Σ_x ∂C_x/∂w + l2·w.
        case nesterovStep(step: Float, mu: Float, l2: Float, velocities: Parameters)
    }

    /// Forward then backward pass for rows 0..<rows; returns the batch's summed cost Σ_x C_x
    /// and puts the gradients summed over the batch where `destination` says. With `maxNorm`
    /// (a step only), every row of each hidden layer's w^l is then held to L2 norm ≤ maxNorm
    /// (``FastKernels/maxNormRows(rows:cols:w:ldw:c:)``).
    ///
    /// Within a layer BP2 runs before BP4, so a fused descent step (BP4 writing into w^l) comes
    /// after the last read of w^l, and so does the max-norm of w^l.
    @discardableResult
    func backprop(_ p: Parameters, rows: Int, cost: Cost, into destination: GradientDestination = .sums,
                  maxNorm: Float? = nil) -> Double {
        if case .sums = destination { precondition(maxNorm == nil, "max-norm applies to a step") }
        precondition(p.template.outputActivation == cost.outputActivation,
                     "a \(p.template.outputActivation) output is not trained with the \(cost.rawValue) cost")
        forward(p, rows: rows, dropout: dropout)
        let L = layerCount - 1, nL = outputSize
        let aL = activations[L], y = target, dL = deltas[L]
        // BP1: δ^L = ∇_a C ⊙ σ'(z^L) (cross-entropy: a − y), one fused kernel; then the cost.
        // Log-likelihood with the softmax output: δ^L = a − y as well (the softmax Jacobian
        // cancels as σ' does for cross-entropy; Cost+Math.swift shows the algebra).
        FastKernels.outputDelta(rows: rows, cols: nL, a: aL, lda: nL, y: y, ldy: nL, d: dL, ldd: nL, cost: cost)
        let batchCost = Self.summedCost(cost, a: aL, y: y, rows: rows, cols: nL)
        for l in stride(from: L, through: 0, by: -1) {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let delta = deltas[l]
            let aPrev = l == 0 ? UnsafePointer(input) : UnsafePointer(dropout?.dropped[l - 1] ?? activations[l - 1])
            if l > 0 {
                // BP2: Δ^(l-1) = (Δ^l w^l) ⊙ σ'(Z^(l-1)): (rows × nOut)(nOut × nIn).
                FastKernels.sgemm(transA: false, transB: false, m: rows, n: nIn, k: nOut,
                                  alpha: 1, a: delta, lda: nOut, b: p.weights[l], ldb: nIn,
                                  beta: 0, c: deltas[l - 1], ldc: nIn)
                FastKernels.mulSigmoidPrime(rows: rows, cols: nIn, d: deltas[l - 1], ldd: nIn, a: activations[l - 1], lda: nIn)
                // Dropout: the dropped neurons pass no error back; the kept ones, scaled by
                // 1/(1 − P) forward, pass theirs scaled the same.
                if let dropout { FastKernels.multiply(count: rows * nIn, deltas[l - 1], by: dropout.masks[l - 1], into: deltas[l - 1]) }
            }
            // Where BP3 and BP4 put their sums, scaled by alpha, onto (weight|bias)Beta times what is there.
            let alpha: Float, weightBeta: Float, biasBeta: Float
            let b: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>
            switch destination {
            case .sums, .nesterovStep: (alpha, weightBeta, biasBeta, b, w) = (1, 0, 0, gradB[l], gradW[l])
            case let .descentStep(step, decay): (alpha, weightBeta, biasBeta, b, w) = (-step, decay, 1, p.biases[l], p.weights[l])
            case let .momentumStep(step, mu, _, v): (alpha, weightBeta, biasBeta, b, w) = (-step, mu, mu, v.biases[l], v.weights[l])
            }
            // BP3: Σ_x ∂C/∂b^l = Σ_x δ^l (column sums of Δ^l).
            FastKernels.columnSums(rows: rows, cols: nOut, d: delta, ldd: nOut, alpha: alpha, beta: biasBeta, out: b)
            // BP4: Σ_x ∂C/∂w^l = (Δ^l)ᵀ A^(l-1): (nOut × rows)(rows × nIn).
            FastKernels.sgemm(transA: true, transB: false, m: nOut, n: nIn, k: rows,
                              alpha: alpha, a: delta, lda: nOut, b: aPrev, ldb: nIn,
                              beta: weightBeta, c: w, ldc: nIn)
            switch destination {
            case let .momentumStep(_, _, l2, v):
                FastKernels.momentumApply(count: nOut * nIn, l2: l2, velocity: v.weights[l], weights: p.weights[l])
                FastKernels.momentumApply(count: nOut, l2: 0, velocity: v.biases[l], weights: p.biases[l])
            case let .nesterovStep(step, mu, l2, v):
                FastKernels.nesterovApply(count: nOut * nIn, step: step, mu: mu, l2: l2, gradient: gradW[l],
                                          velocity: v.weights[l], weights: p.weights[l])
                FastKernels.nesterovApply(count: nOut, step: step, mu: mu, l2: 0, gradient: gradB[l],
                                          velocity: v.biases[l], weights: p.biases[l])
            case .sums, .descentStep: break
            }
            // Hidden neurons only (Srivastava et al. 2014, §5.1): the output layer's rows are
            // left free, as they must be long for a confident answer.
            if let maxNorm, l < layerCount - 1 { FastKernels.maxNormRows(rows: nOut, cols: nIn, w: p.weights[l], ldw: nIn, c: maxNorm) }
        }
        return batchCost
    }

    /// Σ_x C_x over rows 0..<rows of the outputs `a` and targets `y` (rows × cols): each row's
    /// cost summed in Float in column order, the rows summed in Double. Quadratic ½‖a − y‖²;
    /// cross-entropy as ``Cost/value(a:y:)``, with one logarithm per element for 0/1 targets;
    /// log-likelihood as ``Cost/value(a:y:)``: −ln a_y for a one-hot target (one logarithm a row).
    static func summedCost(_ cost: Cost, a: UnsafePointer<Float>, y: UnsafePointer<Float>, rows: Int, cols: Int) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let ar = a + r * cols, yr = y + r * cols
            var rowCost: Float = 0
            switch cost {
            case .quadratic:
                for j in 0..<cols {
                    let d = ar[j] - yr[j]
                    rowCost += d * d / 2
                }
            case .crossEntropy, .logLikelihood:
                for j in 0..<cols { rowCost += cost.value(a: ar[j], y: yr[j]) }
            }
            total += Double(rowCost)
        }
        return total
    }
}

extension Network {
    /// The gradients Σ_x ∂C_x/∂w and Σ_x ∂C_x/∂b summed over the examples, computed by the
    /// batched path training uses (one matrix pass for the whole batch).
    public func backpropBatched(inputs: [[Float]], targets: [[Float]], cost: Cost = .quadratic)
        -> (nablaW: [[Float]], nablaB: [[Float]], cost: Double) {
        precondition(inputs.count == targets.count && !inputs.isEmpty, "need matching, non-empty batches")
        let work = BatchedBackprop(sizes: sizes, capacity: inputs.count)
        for (r, (x, y)) in zip(inputs, targets).enumerated() {
            precondition(x.count == inputSize && y.count == outputSize, "example does not fit the network")
            for i in 0..<x.count { work.input[r * inputSize + i] = x[i] }
            for i in 0..<y.count { work.target[r * outputSize + i] = y[i] }
        }
        let params = Parameters(self)
        let c = work.backprop(params, rows: inputs.count, cost: cost)
        let nablaW = (0..<(sizes.count - 1)).map { Array(UnsafeBufferPointer(start: work.gradW[$0], count: sizes[$0 + 1] * sizes[$0])) }
        let nablaB = (0..<(sizes.count - 1)).map { Array(UnsafeBufferPointer(start: work.gradB[$0], count: sizes[$0 + 1])) }
        return (nablaW, nablaB, c)
    }
}
