import ArgumentParser
import DigitsInterop
import DigitsKit
import Foundation

/// `export-json`: the older name of `export --format json`, kept for scripts.
struct ExportJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-json",
        abstract: "Write a model as network2.py JSON (the same as 'export --format json').",
        discussion: """
            Writes {"sizes", "weights", "biases", "cost"} as network2.py's load() reads it. Every \
            weight is printed in the shortest form that reads back to the same Float32. Metadata \
            is not part of that format and is left out. '-o -' writes to standard output.

            Examples:
              digits export-json models/best.digits -o net.json
              digits export-json models/best.digits -o - | jq .sizes

            OUTPUT may be a character device or a FIFO (/dev/null, /dev/stdout, a named pipe): \
            it is written into, never replaced. A regular file is replaced atomically.

            Exit codes: 0 written; 2 the model is missing, unreadable or malformed (or OUTPUT is \
            a directory, block device or socket, or its directory is missing); 1 an I/O failure \
            writing OUTPUT.
            """
    )

    @Argument(help: "The model file (.digits).", completion: .file(extensions: ["digits"]))
    var model: String

    @Option(name: .shortAndLong, help: "The JSON file to write ('-' for standard output).", completion: .file(extensions: ["json"]))
    var output: String

    func run() throws {
        try Export.export(model: model, format: .json, output: output)
    }
}
