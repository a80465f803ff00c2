/// SplitMix64 (Steele, Lea & Flood 2014): a tiny 64-bit generator used to expand one seed into
/// the state of ``Xoshiro256StarStar`` and to mix (seed, epoch) pairs into new seeds.
///
/// It is counter-based: the i-th value drawn after `init(seed:)` is a fixed mix of
/// seed + i·0x9E3779B97F4A7C15 and nothing else, so a stream keyed by a derived seed gives each
/// counter value its own random bits (``DropoutMasks`` keys one stream per example).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed derived from `seed` and a stream number (an epoch, a purpose), well mixed so that
    /// neighbouring streams are unrelated.
    public static func derive(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = g.next()
        return g.next()
    }
}
