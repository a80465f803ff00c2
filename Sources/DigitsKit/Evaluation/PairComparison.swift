/// How two models' answers on the same examples relate: agreement, who alone is right, and
/// whether the difference in accuracy is significant (McNemar's exact test).
public struct PairComparison: Equatable, Sendable, Codable {
    /// Names of the two models (e.g. "A" and "B").
    public var first: String
    public var second: String
    /// Examples both got right / both got wrong.
    public var bothRight: Int
    public var bothWrong: Int
    /// Discordant examples: only the first model right (b) / only the second right (c).
    public var onlyFirstRight: Int
    public var onlySecondRight: Int
    /// Examples where the two models give different answers (right or wrong).
    public var disagreements: Int
    /// McNemar's exact two-sided p-value on (b, c).
    public var pValue: Double
    /// With more than one pair: ``pValue`` after Holm's correction over all the pairs compared
    /// (``McNemar/holmAdjusted(_:)``); the reading and the significance use it. Nil for a
    /// single pair.
    public var holmPValue: Double?
    /// One line for people, e.g. "B is better than A; a difference this large would arise by
    /// chance with p = 0.003".
    public var reading: String

    /// The p-value significance is judged by: Holm's when there is one, else McNemar's.
    public var decisivePValue: Double { holmPValue ?? pValue }

    /// Whether the difference is significant at ``McNemar/significanceLevel``.
    public var isSignificant: Bool { decisivePValue < McNemar.significanceLevel }

    /// Records Holm's adjusted p-value (one of several pairs tested together) and rewrites the
    /// reading with it.
    public mutating func applyHolm(_ adjusted: Double) {
        holmPValue = adjusted
        reading = PairComparison.reading(first: first, second: second, b: onlyFirstRight, c: onlySecondRight,
                                         p: adjusted, holm: true)
    }

    /// Compares two models' predictions of the same `labels`.
    /// - Throws: ``EvaluationError/lengthMismatch(labels:predictions:)`` when lengths differ.
    public init(first: String, second: String, labels: [Int], firstPredictions: [Int], secondPredictions: [Int]) throws {
        guard firstPredictions.count == labels.count else {
            throw EvaluationError.lengthMismatch(labels: labels.count, predictions: firstPredictions.count)
        }
        guard secondPredictions.count == labels.count else {
            throw EvaluationError.lengthMismatch(labels: labels.count, predictions: secondPredictions.count)
        }
        var both = 0, neither = 0, onlyA = 0, onlyB = 0, differ = 0
        for i in labels.indices {
            let a = firstPredictions[i] == labels[i], b = secondPredictions[i] == labels[i]
            switch (a, b) {
            case (true, true): both += 1
            case (false, false): neither += 1
            case (true, false): onlyA += 1
            case (false, true): onlyB += 1
            }
            if firstPredictions[i] != secondPredictions[i] { differ += 1 }
        }
        self.first = first
        self.second = second
        bothRight = both
        bothWrong = neither
        onlyFirstRight = onlyA
        onlySecondRight = onlyB
        disagreements = differ
        pValue = McNemar.exactPValue(b: onlyA, c: onlyB)
        reading = PairComparison.reading(first: first, second: second, b: onlyA, c: onlyB, p: pValue)
    }

    /// The plain-language reading of a McNemar result.
    static func reading(first: String, second: String, b: Int, c: Int, p: Double, holm: Bool = false) -> String {
        if b == 0 && c == 0 {
            return "\(first) and \(second) are right on exactly the same examples (p = 1)"
        }
        let shown = formatP(p) + (holm ? " (Holm-adjusted)" : "")
        guard p < McNemar.significanceLevel else {
            return "no significant difference between \(first) and \(second) (p = \(shown))"
        }
        let (better, worse) = c > b ? (second, first) : (first, second)
        return "\(better) is better than \(worse); a difference this large would arise by chance with p = \(shown)"
    }

    /// p with three significant figures, in scientific notation below 0.001.
    static func formatP(_ p: Double) -> String {
        if p >= 1 { return "1" }
        if p >= 0.001 { return String(format: "%.3g", p) }
        return String(format: "%.2e", p)
    }
}

import Foundation
