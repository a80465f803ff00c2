/// McNemar's exact test for two classifiers evaluated on the same examples.
///
/// Only the discordant examples carry information: `b` where the first model alone is right and
/// `c` where the second alone is right. Under the null hypothesis (equal error rates) each
/// discordant example is a fair coin, so min(b, c) ~ Binomial(b + c, 1/2) and the two-sided
/// p-value is
///
///     p = min(1, 2 · Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c)).
public enum McNemar {
    /// The two-sided exact p-value for discordant counts `b` and `c` (1 when both are 0).
    ///
    /// Summed directly for n ≤ 1000; beyond, in log space (log C(n, i) built up term by term,
    /// summed with log-sum-exp), so it stays accurate for n in the millions, where 2^n overflows
    /// a Double.
    public static func exactPValue(b: Int, c: Int) -> Double {
        precondition(b >= 0 && c >= 0, "discordant counts must be non-negative")
        let n = b + c
        let k = min(b, c)
        guard n > 0 else { return 1 }
        if n <= 1000 {
            // C(n, i) < 2^1000 fits a Double, and dividing by 2^n is exact (scalbn), so small
            // cases come out exact (b = 1, c = 9 gives 22/1024 to the last bit).
            var sum = 0.0, binomial = 1.0
            for i in 0...k {
                if i > 0 { binomial = binomial * Double(n - i + 1) / Double(i) }
                sum += binomial
            }
            return min(1, scalbn(2 * sum, -n))
        }
        // log C(n, i) for i = 0…k via C(n, i+1) = C(n, i) · (n − i) / (i + 1).
        var logTerms: [Double] = []
        logTerms.reserveCapacity(k + 1)
        var logC = 0.0
        for i in 0...k {
            if i > 0 { logC += log(Double(n - i + 1)) - log(Double(i)) }
            logTerms.append(logC)
        }
        // The largest term is the last one (i = k ≤ n/2): log-sum-exp around it.
        let top = logTerms[k]
        var sum = 0.0
        for t in logTerms.reversed() {
            let e = exp(t - top)
            if e < 1e-300 { break }
            sum += e
        }
        let logP = log(2.0) + top + log(sum) - Double(n) * log(2.0)
        return min(1, exp(logP))
    }

    /// Holm's step-down adjustment of `pValues` for testing them all at once (the family-wise
    /// error rate stays at the level), in the given order: with the m p-values sorted
    /// ascending as p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted p₍ᵢ₎ is max over j ≤ i of min(1, (m − j + 1) p₍ⱼ₎).
    /// Rejecting where the adjusted value is below α is Holm's procedure at level α.
    public static func holmAdjusted(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] != pValues[$1] ? pValues[$0] < pValues[$1] : $0 < $1 }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// The conventional significance level used for the plain-language reading.
    public static let significanceLevel = 0.05
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
