import ArgumentParser
import DigitsKit
import Foundation

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model file's architecture, metadata and checksums.",
        discussion: """
            Reads MODEL fully and checks it (size, CRC-32, every value) before printing anything.

            Examples:
              digits inspect models/best.digits
              digits inspect models/best.digits --json | jq .metadata

            Exit codes: 0 the file is valid; 2 it is missing, not a regular file, cannot be \
            opened or is malformed (one line on standard error naming the problem); 1 an I/O \
            error while reading it.
            """
    )

    @Argument(help: "The model file (.digits).", completion: .file(extensions: ["digits"]))
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
