import ArgumentParser
import DigitsKit

extension Montage {
    /// Checks a montage's enlargement given as `flag` (`--scale`, `--preview-scale`): 1 …
    /// ``Montage/maxScale``.
    static func validateScale(_ scale: Int, flag: String = "--scale") throws {
        guard (1...maxScale).contains(scale) else {
            throw ValidationError("\(flag) must be 1…\(maxScale), got \(scale)")
        }
    }
}
