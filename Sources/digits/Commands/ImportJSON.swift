import ArgumentParser
import DigitsKit
import Foundation

struct ImportJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-json",
        abstract: "Convert a network2.py JSON file into a model file.",
        discussion: """
            Reads the {"sizes", "weights", "biases", "cost"} JSON that network2.py's save() writes \
            (at most 256 MiB), rounds every number to the nearest Float32 and writes a model file \
            atomically (the old OUTPUT stays intact if anything fails).

            Example:
              digits import-json net.json -o models/net.digits

            Exit codes: 0 written; 2 the JSON file is missing, unreadable or not such a network \
            (or OUTPUT is a directory, block device or socket, or its directory is missing); 1 \
            an I/O failure writing OUTPUT.
            """
    )

    @Argument(help: "The network2.py JSON file.", completion: .file(extensions: ["json"]))
    var input: String

    @Option(name: .shortAndLong, help: "The model file to write.", completion: .file(extensions: ["digits"]))
    var output: String

    func run() throws {
        try AtomicFile.checkOutputFile(output)
        var model = try NetworkJSON.read(input)
        model.metadata[MetadataKey.createdAt] = .string(ISO8601DateFormatter().string(from: Date()))
        model.metadata[MetadataKey.toolVersion] = .string(Digits.version)
        model.metadata[MetadataKey.cost] = .string(model.cost.rawValue)
        model.metadata["imported-from"] = .string("network2.py JSON")
        try ModelFile.write(model, to: output)
        let net = model.network
        print("\(escapedForMessage(output)): \(net.sizes.map(String.init).joined(separator: "-")), \(Format.grouped(net.parameterCount)) parameters, \(model.cost.rawValue) cost")
    }
}
