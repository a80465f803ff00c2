import ArgumentParser
import DigitsKit

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a sigmoid network by mini-batch gradient descent."
    )

    func run() throws {
        throw ValidationError("'train' is not implemented yet")  // STUB
    }
}
