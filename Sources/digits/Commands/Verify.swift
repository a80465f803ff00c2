import ArgumentParser
import DigitsKit

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dataset directory and say what is wrong with it."
    )

    func run() throws {
        throw ValidationError("'verify' is not implemented yet")  // STUB
    }
}
