import ArgumentParser
import DigitsKit
import Foundation

struct ExportJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-json",
        abstract: "Write a model as network2.py JSON.",
        discussion: """
            Writes {"sizes", "weights", "biases", "cost"} as network2.py's load() reads it. Every
            weight is printed in the shortest form that reads back to the same Float32. Metadata
            is not part of that format and is left out. '-o -' writes to standard output.
            """
    )

    @Argument(help: "The model file (.digits).")
    var model: String

    @Option(name: .shortAndLong, help: "The JSON file to write ('-' for standard output).")
    var output: String

    func run() throws {
        let loaded = try ModelFile.read(model)
        if output == "-" {
            let bytes = try NetworkJSON.encode(loaded)
            FileHandle.standardOutput.write(Data(bytes + [0x0A]))
        } else {
            try NetworkJSON.write(loaded, to: output)
        }
    }
}
