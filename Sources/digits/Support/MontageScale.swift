import ArgumentParser
import DigitsKit

extension Montage {
    /// Checks a `--scale` value for a montage: 1 … ``Montage/maxScale``.
    static func validateScale(_ scale: Int) throws {
        guard (1...maxScale).contains(scale) else {
            throw ValidationError("--scale must be 1…\(maxScale), got \(scale)")
        }
    }
}
