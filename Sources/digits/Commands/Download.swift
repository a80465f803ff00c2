import ArgumentParser
import DigitsKit

struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a dataset (MNIST by default) and verify every file."
    )

    func run() throws {
        throw ValidationError("'download' is not implemented yet")  // STUB
    }
}
