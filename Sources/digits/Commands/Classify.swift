import ArgumentParser
import DigitsKit

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify PGM images of digits."
    )

    func run() throws {
        throw ValidationError("'classify' is not implemented yet")  // STUB
    }
}
