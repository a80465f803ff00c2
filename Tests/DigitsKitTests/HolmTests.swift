import Testing
@testable import DigitsKit

@Suite struct HolmTests {
    /// Holm by hand: sorted 0.01, 0.02, 0.04 with m = 3 → 0.03, 0.04, 0.04 (monotone), in the
    /// original order.
    @Test func adjustsStepDownInTheGivenOrder() {
        let adjusted = McNemar.holmAdjusted([0.04, 0.01, 0.02])
        let expected = [0.04, 0.03, 0.04]
        for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) < 1e-15, "\(adjusted)") }
        #expect(McNemar.holmAdjusted([0.5, 0.6]) == [1, 1])  // capped at 1
        #expect(McNemar.holmAdjusted([0.01]) == [0.01])      // one test: unchanged
        #expect(McNemar.holmAdjusted([]).isEmpty)
    }

    /// A pair significant alone (p ≈ 0.0215) is not once three pairs are tested together.
    @Test func theReadingUsesTheAdjustedValue() throws {
        let labels = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
        var pair = try PairComparison(first: "A", second: "B", labels: labels,
                                      firstPredictions: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                                      secondPredictions: [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        #expect(pair.isSignificant && pair.holmPValue == nil)
        pair.applyHolm(McNemar.holmAdjusted([pair.pValue, 0.5, 0.9])[0])
        #expect(abs((pair.holmPValue ?? 0) - 3 * 0.021484375) < 1e-15)
        #expect(!pair.isSignificant)
        #expect(pair.reading == "no significant difference between A and B (p = 0.0645 (Holm-adjusted))")
    }

    /// Green where the second model is better: a rise on the diagonal, a fall off it.
    @Test func differenceHeatmapIsGreenForBetter() {
        let svg = HeatmapSVG.difference([2, -2, 2, -2], classCount: 2, title: "B − A")
        // The cells' rectangles, row by row: their fill="#rrggbb".
        let fills = svg.split(separator: "\n").filter { $0.contains("stroke=\"#d0d0d0\"") }.map { line in
            String(line.components(separatedBy: "fill=\"")[1].prefix(7))
        }
        let green = HeatmapSVG.RGB.white.mixed(with: .green, 1).hex
        let red = HeatmapSVG.RGB.white.mixed(with: .red, 1).hex
        // (0,0) +2 better, (0,1) −2 better, (1,0) +2 worse, (1,1) −2 worse.
        #expect(fills == [green, green, red, red], "\(fills)")
    }
}
