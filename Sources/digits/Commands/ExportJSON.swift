import ArgumentParser
import DigitsKit

struct ExportJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-json",
        abstract: "Write a model as network2.py JSON."
    )

    func run() throws {
        throw ValidationError("'export-json' is not implemented yet")  // STUB
    }
}
