import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpListsTheSubcommandsAndExitsZero() throws {
        let r = try runDigits(["--help"])
        #expect(r.status == 0)
        for name in ["download", "train", "evaluate", "classify", "compare", "inspect"] {
            #expect(r.stdout.contains(name), "help does not mention \(name)")
        }
    }

    @Test func unknownOptionIsOneLineAndExitsTwo() throws {
        let r = try runDigits(["--no-such-option"])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("digits: "))
    }
}
