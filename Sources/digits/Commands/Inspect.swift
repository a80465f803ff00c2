import ArgumentParser
import DigitsKit
import Foundation

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model file's architecture, metadata and checksums.",
        discussion: """
            Reads MODEL fully and checks it (size, CRC-32, every value) before printing anything.
            A malformed file is one line on standard error and exit status 2.
            """
    )

    @Argument(help: "The model file (.digits).")
    var model: String

    @Flag(help: "Print a JSON object (full metadata and training history) instead of text.")
    var json = false

    func run() throws {
        let info = try ModelFile.readInfo(model)
        let report = InspectReport(path: model, info: info)
        if json {
            try JSONOutput.print(report)
        } else {
            print(report.text, terminator: "")
        }
    }
}
