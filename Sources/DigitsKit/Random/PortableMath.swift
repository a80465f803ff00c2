/// Elementary functions computed in plain Swift arithmetic, so results do not depend on the C
/// library: used where bit-identical numbers across platforms matter (random normals).
public enum PortableMath {
    /// ln(x) for finite x > 0, accurate to about 1 ulp.
    ///
    /// x = m·2^e with m in [√½, √2); ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m−1)/(m+1),
    /// |s| ≤ 0.172, so 12 terms reach double precision.
    public static func log(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : .nan }
        var e = Int(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.4142135623730951 { m /= 2; e += 1 }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s, sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= s2
            k += 2
        }
        // ln 2 split in a high part exact in 32 bits and a low correction.
        let ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
        let de = Double(e)
        return de * ln2Hi + (2 * sum + de * ln2Lo)
    }
}
