import Foundation
import Testing
@testable import DigitsKit

@Suite struct McNemarTests {
    @Test func textbookSmallCase() {
        // b = 1, c = 9: p = 2 · (C(10,0) + C(10,1)) / 2^10 = 22/1024.
        #expect(McNemar.exactPValue(b: 1, c: 9) == 0.021484375)
        #expect(McNemar.exactPValue(b: 9, c: 1) == 0.021484375)
    }

    @Test func noDiscordantPairsOrEqualCountsGiveOne() {
        #expect(McNemar.exactPValue(b: 0, c: 0) == 1)
        #expect(McNemar.exactPValue(b: 7, c: 7) == 1)
        #expect(McNemar.exactPValue(b: 0, c: 1) == 1)
    }

    @Test func agreesWithDirectSummationForSmallN() {
        // Up to n = 60, C(n, i) and 2^n are exact in a Double, so the formula can be summed as is.
        for n in 1...60 {
            for b in 0...n {
                let c = n - b, k = min(b, c)
                var sum = 0.0, binomial = 1.0
                for i in 0...k {
                    if i > 0 { binomial = binomial * Double(n - i + 1) / Double(i) }
                    sum += binomial
                }
                let expected = min(1, 2 * sum / pow(2, Double(n)))
                let got = McNemar.exactPValue(b: b, c: c)
                #expect(abs(got - expected) <= 1e-12 * max(expected, 1e-300) + 1e-300, "b=\(b) c=\(c)")
            }
        }
    }

    @Test func largeCasesMatchExactRationalArithmetic() {
        // Reference values from exact rational arithmetic (Python: Fraction and math.comb); the
        // cases with n > 1000 exercise the log-space path.
        let cases: [(Int, Int, Double)] = [
            (400, 500, 0.0009564441369189461),
            (4000, 4200, 0.027972423571324383),
            (30, 50, 0.03299261842647618),
            (480, 530, 0.12307327589621743),
            (600, 700, 0.0060157938610449525),
        ]
        for (b, c, p) in cases {
            let got = McNemar.exactPValue(b: b, c: c)
            #expect(abs(got - p) / p < 1e-9, "b=\(b) c=\(c): \(got) vs \(p)")
        }
    }

    @Test func hugeCountsStayFiniteAndTiny() {
        let p = McNemar.exactPValue(b: 100_000, c: 200_000)
        #expect(p >= 0 && p < 1e-100)
        #expect(McNemar.exactPValue(b: 1_000_000, c: 1_000_000) == 1)
    }

    @Test func pairComparisonCountsDiscordantExamples() throws {
        // 12 examples: both right on 1, only A right on 1 (index 1), only B right on 9, both
        // wrong on 1 (and the two wrong answers differ).
        let labels = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let b = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        let pair = try PairComparison(first: "A", second: "B", labels: labels, firstPredictions: a, secondPredictions: b)
        #expect(pair.bothRight == 1)
        #expect(pair.onlyFirstRight == 1)
        #expect(pair.onlySecondRight == 9)
        #expect(pair.bothWrong == 1)
        #expect(pair.disagreements == 11)
        #expect(abs(pair.pValue - 0.021484375) < 1e-15)
        #expect(pair.reading == "B is better than A; a difference this large would arise by chance with p = 0.0215")
    }

    @Test func readingSaysWhenThereIsNoSignificantDifference() throws {
        let pair = try PairComparison(first: "A", second: "B", labels: [0, 0, 0], firstPredictions: [0, 1, 0], secondPredictions: [1, 0, 0])
        #expect(pair.pValue == 1)
        #expect(pair.reading == "no significant difference between A and B (p = 1)")
        let same = try PairComparison(first: "A", second: "B", labels: [0, 1], firstPredictions: [0, 0], secondPredictions: [0, 0])
        #expect(same.disagreements == 0 && same.pValue == 1)
    }
}
