import ArgumentParser
import DigitsKit

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare saved models on the same examples."
    )

    func run() throws {
        throw ValidationError("'compare' is not implemented yet")  // STUB
    }
}
