import ArgumentParser
import DigitsKit

struct ImportJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-json",
        abstract: "Convert a network2.py JSON file into a model file."
    )

    func run() throws {
        throw ValidationError("'import-json' is not implemented yet")  // STUB
    }
}
