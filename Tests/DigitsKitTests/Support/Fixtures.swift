import DigitsTestSupport
import Foundation

extension TestSupport {
    /// The path of a committed fixture under Tests/DigitsKitTests/Fixtures.
    static func fixture(_ relativePath: String) -> String {
        Bundle.module.bundleURL.appendingPathComponent("Fixtures/\(relativePath)").path
    }
}
