import Foundation
import Testing
@testable import DigitsKit

/// Backpropagation against centred finite differences, in Double: the acceptance check.
@Suite struct GradientCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var cost: Cost
        var lambda: Double
        /// Dropout: each example gets fixed masks (P = 0.5, kept factor 2); 0: none.
        var dropout = 0.0
        var testDescription: String { "\(cost.rawValue), λ = \(lambda)" + (dropout > 0 ? ", dropout \(dropout)" : "") }
    }

    /// Log-likelihood (softmax output) runs on three outputs, so that the softmax couples more
    /// than a pair and every class is some example's target.
    @Test(arguments: [Case(cost: .quadratic, lambda: 0), Case(cost: .quadratic, lambda: 0.8),
                      Case(cost: .crossEntropy, lambda: 0), Case(cost: .crossEntropy, lambda: 0.8),
                      Case(cost: .quadratic, lambda: 0.8, dropout: 0.5), Case(cost: .crossEntropy, lambda: 0, dropout: 0.5),
                      Case(cost: .logLikelihood, lambda: 0), Case(cost: .logLikelihood, lambda: 0.8),
                      Case(cost: .logLikelihood, lambda: 0.8, dropout: 0.5)])
    func backpropMatchesFiniteDifferences(_ c: Case) {
        let outputs = c.cost == .logLikelihood ? 3 : 2
        let sizes = [5, 4, 3, outputs]
        var g = Xoshiro256StarStar(seed: 2024)
        var weights = (1..<sizes.count).map { l in (0..<(sizes[l] * sizes[l - 1])).map { _ in g.nextNormal() } }
        var biases = (1..<sizes.count).map { l in (0..<sizes[l]).map { _ in g.nextNormal() } }
        let examples: [(x: [Double], y: [Double])] = (0..<4).map { i in
            ((0..<5).map { _ in g.nextUniform() }, (0..<outputs).map { $0 == i % outputs ? 1 : 0 })
        }
        let n = examples.count
        // The masks of the thinned networks (one per example and hidden layer), held fixed: the
        // cost is then a function of the parameters that finite differences can check.
        let masks: [[[Double]]]? = c.dropout > 0 ? examples.map { _ in
            (1..<(sizes.count - 1)).map { l in (0..<sizes[l]).map { _ in g.nextUniform() < c.dropout ? 0 : 1 / (1 - c.dropout) } }
        } : nil

        // Analytic: ∂C/∂w = (1/n) Σ_x ∂C_x/∂w + (λ/n) w, ∂C/∂b = (1/n) Σ_x ∂C_x/∂b.
        var gradW = weights.map { $0.map { _ in 0.0 } }, gradB = biases.map { $0.map { _ in 0.0 } }
        for (e, (x, y)) in examples.enumerated() {
            let (nw, nb) = ReferenceBackprop.gradients(sizes: sizes, weights: weights, biases: biases, x: x, y: y, cost: c.cost,
                                                       mask: masks?[e])
            for l in 0..<nw.count {
                for i in nw[l].indices { gradW[l][i] += nw[l][i] / Double(n) }
                for i in nb[l].indices { gradB[l][i] += nb[l][i] / Double(n) }
            }
        }
        for l in 0..<weights.count { for i in weights[l].indices { gradW[l][i] += c.lambda / Double(n) * weights[l][i] } }

        func cost() -> Double {
            ReferenceBackprop.totalCost(sizes: sizes, weights: weights, biases: biases, examples: examples,
                                        cost: c.cost, lambda: c.lambda, n: n, masks: masks)
        }
        func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
            let scale = max(abs(analytic), abs(numeric))
            return scale < 1e-12 ? abs(analytic - numeric) : abs(analytic - numeric) / scale
        }
        let h = 1e-5
        var worst = 0.0
        for l in 0..<weights.count {
            for i in weights[l].indices {
                let saved = weights[l][i]
                weights[l][i] = saved + h; let plus = cost()
                weights[l][i] = saved - h; let minus = cost()
                weights[l][i] = saved
                worst = max(worst, relativeError(gradW[l][i], (plus - minus) / (2 * h)))
            }
            for i in biases[l].indices {
                let saved = biases[l][i]
                biases[l][i] = saved + h; let plus = cost()
                biases[l][i] = saved - h; let minus = cost()
                biases[l][i] = saved
                worst = max(worst, relativeError(gradB[l][i], (plus - minus) / (2 * h)))
            }
        }
        #expect(worst < 1e-6, "max relative error \(worst)")
    }

    /// The log-likelihood cost of an example is −ln a_y with a = softmax(z^L): against the
    /// softmax and logarithm computed by hand, so the gradient check above checks that cost.
    @Test func logLikelihoodCostIsMinusLogOfTheSoftmaxOfTheLabel() {
        let sizes = [2, 3]
        let weights: [[Double]] = [[0.5, -1, 2, 0.25, -0.75, 1.5]]
        let biases: [[Double]] = [[0.1, -0.2, 0.3]]
        let x: [Double] = [0.4, 0.9]
        let z = (0..<3).map { j in biases[0][j] + weights[0][2 * j] * x[0] + weights[0][2 * j + 1] * x[1] }
        let expected = -log(exp(z[2]) / z.map(exp).reduce(0, +))
        let cost = ReferenceBackprop.totalCost(sizes: sizes, weights: weights, biases: biases, examples: [(x, [0, 0, 1])],
                                               cost: .logLikelihood, lambda: 0, n: 1)
        #expect(abs(cost - expected) < 1e-12, "\(cost) vs \(expected)")
        // δ^L = a − y (BP1 for softmax with log-likelihood): the bias gradient of the output layer.
        let (_, nablaB) = ReferenceBackprop.gradients(sizes: sizes, weights: weights, biases: biases, x: x, y: [0, 0, 1],
                                                      cost: .logLikelihood)
        let a = z.map(exp).map { $0 / z.map(exp).reduce(0, +) }
        for j in 0..<3 { #expect(abs(nablaB[0][j] - (a[j] - (j == 2 ? 1 : 0))) < 1e-12) }
    }
}
