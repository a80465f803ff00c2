import ArgumentParser
import DigitsKit

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model file's architecture, metadata and checksums."
    )

    func run() throws {
        throw ValidationError("'inspect' is not implemented yet")  // STUB
    }
}
