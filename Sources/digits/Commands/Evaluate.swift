import ArgumentParser
import DigitsKit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model: accuracy, confusion matrix, per-class figures."
    )

    func run() throws {
        throw ValidationError("'evaluate' is not implemented yet")  // STUB
    }
}
