import Testing
@testable import DigitsKit

/// Random networks and examples for the backpropagation tests.
enum BackpropFixtures {
    static func network(_ sizes: [Int], seed: UInt64, output: Activation = .sigmoid) throws -> Network {
        var g = Xoshiro256StarStar(seed: seed)
        var net = try Network(zerosWithSizes: sizes, output: output)
        for i in 0..<net.weights.count {
            net.weights[i] = net.weights[i].map { _ in Float(g.nextNormal()) }
            net.biases[i] = net.biases[i].map { _ in Float(g.nextNormal()) }
        }
        return net
    }

    /// A training workspace holding a batch of 10 random examples for `net` (one-hot targets).
    static func loadedWorkspace(for net: Network, seed: UInt64) -> BatchedBackprop {
        let batch = examples(10, inputs: net.inputSize, outputs: net.outputSize, seed: seed)
        let work = BatchedBackprop(sizes: net.sizes, capacity: batch.count)
        for (r, (x, y)) in batch.enumerated() {
            for i in x.indices { work.input[r * x.count + i] = x[i] }
            for i in y.indices { work.target[r * y.count + i] = y[i] }
        }
        return work
    }

    static func examples(_ count: Int, inputs: Int, outputs: Int, seed: UInt64) -> [(x: [Float], y: [Float])] {
        var g = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in
            let x = (0..<inputs).map { _ in Float(g.nextUniform()) }
            var y = [Float](repeating: 0, count: outputs)
            y[g.nextInt(below: outputs)] = 1
            return (x, y)
        }
    }
}

@Suite struct BackpropTests {
    @Test(arguments: Cost.allCases)
    func batchedAgreesWithTheReference(_ cost: Cost) throws {
        let net = try BackpropFixtures.network([12, 9, 7, 4], seed: 21, output: cost.outputActivation)
        let batch = BackpropFixtures.examples(10, inputs: 12, outputs: 4, seed: 22)
        let batched = net.backpropBatched(inputs: batch.map(\.x), targets: batch.map(\.y), cost: cost)
        var sumW = net.weights.map { [Float](repeating: 0, count: $0.count) }
        var sumB = net.biases.map { [Float](repeating: 0, count: $0.count) }
        var sumCost = 0.0
        for (x, y) in batch {
            let (nw, nb) = net.backpropReference(x, y, cost: cost)
            for l in 0..<nw.count {
                for i in 0..<nw[l].count { sumW[l][i] += nw[l][i] }
                for i in 0..<nb[l].count { sumB[l][i] += nb[l][i] }
            }
            let a = net.feedforward(x)
            for j in 0..<a.count { sumCost += Double(cost.value(a: a[j], y: y[j])) }
        }
        for l in 0..<sumW.count {
            for i in 0..<sumW[l].count {
                #expect(abs(sumW[l][i] - batched.nablaW[l][i]) <= 1e-5 * max(1, abs(sumW[l][i])), "w layer \(l) [\(i)]")
            }
            for i in 0..<sumB[l].count {
                #expect(abs(sumB[l][i] - batched.nablaB[l][i]) <= 1e-5 * max(1, abs(sumB[l][i])), "b layer \(l) [\(i)]")
            }
        }
        #expect(abs(sumCost - batched.cost) <= 1e-4 * max(1, sumCost))
    }

    @Test(arguments: Activation.allCases)
    func batchedOutputsAgreeWithFeedforward(_ output: Activation) throws {
        let net = try BackpropFixtures.network([16, 8, 5], seed: 3, output: output)
        var g = Xoshiro256StarStar(seed: 4)
        let count = 1203  // more than one inference chunk, not a multiple of it
        let pixels = (0..<(count * 16)).map { _ in UInt8(g.nextInt(below: 256)) }
        let images = LabeledImages(rows: 4, columns: 4, pixels: pixels, labels: [UInt8](repeating: 0, count: count))
        let out = try net.outputs(for: images)
        #expect(out.count == count * 5)
        for i in stride(from: 0, to: count, by: 97) {
            let reference = net.feedforward(images.input(i))
            for j in 0..<5 { #expect(abs(out[i * 5 + j] - reference[j]) < 1e-5) }
            if output == .softmax {
                let sum = out[(i * 5)..<(i * 5 + 5)].reduce(0, +)
                #expect(abs(sum - 1) < 1e-6 && out[(i * 5)..<(i * 5 + 5)].allSatisfy { $0 > 0 }, "softmax row \(i)")
            }
        }
        #expect(try net.outputs(for: images.slice(0..<0)).isEmpty)
        #expect(throws: NetworkError.self) {
            try net.outputs(for: LabeledImages(rows: 3, columns: 3, pixels: [UInt8](repeating: 0, count: 9), labels: [0]))
        }
    }

    /// Training fuses the SGD step into the backward pass (BP4 writes w ← decay·w − step·Σ∂C/∂w
    /// directly); that must be the very bits of summing the gradients first and stepping after.
    @Test(arguments: [(Cost.quadratic, Float(1)), (.crossEntropy, Float(0.999)), (.logLikelihood, Float(0.999))])
    func fusedDescentStepIsSummingThenStepping(_ setup: (Cost, Float)) throws {
        let (cost, decay) = setup
        let net = try BackpropFixtures.network([12, 9, 7, 4], seed: 31, output: cost.outputActivation)
        let work = BackpropFixtures.loadedWorkspace(for: net, seed: 32)
        let rows = 10
        let step: Float = 0.3
        let separate = Parameters(net)
        let separateCost = work.backprop(separate, rows: rows, cost: cost)
        for l in 0..<separate.layerCount {
            for i in 0..<separate.weightCount(l) {
                separate.weights[l][i] = decay * separate.weights[l][i] - step * work.gradW[l][i]
            }
            for i in 0..<separate.sizes[l + 1] { separate.biases[l][i] += -step * work.gradB[l][i] }
        }
        let fused = Parameters(net)
        let fusedCost = work.backprop(fused, rows: rows, cost: cost, into: .descentStep(step: step, decay: decay))
        #expect(fusedCost == separateCost)
        #expect(fused.network() == separate.network())
        #expect(fused.network() != net)
    }

    /// With momentum the step is fused too (BP4 writes v ← μ·v − step·Σ∂C/∂w, then v −= l2·w and
    /// w += v); that must be the very bits of summing the gradients first and stepping after.
    @Test(arguments: [Float(0), Float(0.002)])
    func fusedMomentumStepIsSummingThenStepping(_ l2: Float) throws {
        let net = try BackpropFixtures.network([12, 9, 7, 4], seed: 41)
        let work = BackpropFixtures.loadedWorkspace(for: net, seed: 42)
        let rows = 10
        let (step, mu): (Float, Float) = (0.3, 0.9)
        let velocities = try BackpropFixtures.network(net.sizes, seed: 43)  // some earlier velocity
        let separate = Parameters(net), separateV = Parameters(velocities)
        let separateCost = work.backprop(separate, rows: rows, cost: .crossEntropy)
        for l in 0..<separate.layerCount {
            for i in 0..<separate.weightCount(l) {
                var nv = mu * separateV.weights[l][i] - step * work.gradW[l][i]
                if l2 != 0 { nv = nv - l2 * separate.weights[l][i] }
                separateV.weights[l][i] = nv
                separate.weights[l][i] = separate.weights[l][i] + nv
            }
            for i in 0..<separate.sizes[l + 1] {
                separateV.biases[l][i] = mu * separateV.biases[l][i] - step * work.gradB[l][i]
                separate.biases[l][i] = separate.biases[l][i] + separateV.biases[l][i]
            }
        }
        let fused = Parameters(net), fusedV = Parameters(velocities)
        let fusedCost = work.backprop(fused, rows: rows, cost: .crossEntropy,
                                      into: .momentumStep(step: step, mu: mu, l2: l2, velocities: fusedV))
        #expect(fusedCost == separateCost)
        #expect(fused.network() == separate.network())
        #expect(fusedV.network() == separateV.network())
        #expect(fused.network() != net)
    }
}
