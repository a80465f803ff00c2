import ArgumentParser
import DigitsInterop
import DigitsKit
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model as ONNX, safetensors or network2.py JSON.",
        discussion: """
            onnx: opset 13; input 'pixels' float32 [N, 784] in [0, 1], output 'scores' float32 \
            [N, classes] (the network's output activations, the numbers digits computes); per \
            layer a Gemm and a Sigmoid (a Softmax for a log-likelihood model's output layer); \
            the metadata in metadata_props. safetensors: \
            layers.N.weight F32 [n_out, n_in] and layers.N.bias F32 [n_out] per layer, the \
            metadata in __metadata__. json: network2.py's format (no metadata; same as \
            export-json). Metadata: every entry 'digits inspect' shows, as text, plus \
            architecture, activations, cost and parameter-sha256. docs/export-formats.md has \
            the details and how to load each file in Python.

            Without --format, OUTPUT's extension (.onnx, .safetensors, .json) chooses. '-o -' \
            writes to standard output (binary formats only when it is not a terminal).

            Examples:
              digits export models/best.digits -o best.onnx
              digits export models/best.digits --format safetensors -o best.safetensors
              digits export models/best.digits --format json -o - | jq .sizes

            Exit codes: 0 written; 2 bad usage (an unknown format, no format), a missing, \
            unreadable or malformed model, an OUTPUT that is a directory, in a missing \
            directory or the model itself, or a model the format cannot hold; 1 an I/O failure \
            writing OUTPUT.
            """
    )

    @Argument(help: "The model file (.digits).")
    var model: String

    @Option(help: ArgumentHelp("onnx, safetensors or json (default: from OUTPUT's extension).", valueName: "format"), completion: .list(ExportFormat.allCases.map(\.rawValue)))
    var format: String?

    @Option(name: .shortAndLong, help: "The file to write ('-' for standard output).")
    var output: String

    func validate() throws { _ = try chosenFormat() }

    func run() throws {
        try Self.export(model: model, format: chosenFormat(), output: output)
    }

    /// --format, or the format OUTPUT's extension names.
    func chosenFormat() throws -> ExportFormat {
        let names = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        if let format {
            guard let f = ExportFormat(rawValue: format.lowercased()) else {
                throw ValidationError("unknown format '\(escapedForMessage(format))' (use one of: \(names))")
            }
            return f
        }
        let ext = (output as NSString).pathExtension.lowercased()
        guard output != "-", let f = ExportFormat(rawValue: ext) else {
            throw ValidationError("give --format (\(names)): it cannot be told from the output name")
        }
        return f
    }

    /// Reads `model`, checks `output`, and writes the model there in `format` (the work of
    /// `export` and `export-json`).
    static func export(model: String, format: ExportFormat, output: String) throws {
        let loaded = try ModelFile.read(model)
        if output == "-" {
            if format.isBinary && Terminal.stdoutIsTTY {
                throw ValidationError("standard output is a terminal: \(format.rawValue) is binary (give -o FILE or redirect it)")
            }
            var bytes = try withFile(model) { try ModelExport.encode(loaded, as: format, producerVersion: Digits.version) }
            if !format.isBinary { bytes.append(0x0A) }
            StandardStream.output.write(bytes: bytes)
            return
        }
        try AtomicFile.checkOutputFile(output, notSameAs: model)
        // A model the format cannot hold is the model's problem: the message names the model.
        let bytes = try withFile(model) { try ModelExport.encode(loaded, as: format, producerVersion: Digits.version) }
        try AtomicFile.write(bytes, to: output)
        let sizes = loaded.network.sizes.map(String.init).joined(separator: "-")
        print("\(output): \(format.rawValue), \(sizes), \(Format.grouped(loaded.network.parameterCount)) parameters, \(Format.bytes(bytes.count))")
    }
}
