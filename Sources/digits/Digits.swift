import ArgumentParser
import DigitsKit
import Foundation

/// The `digits` command: download handwritten-digit datasets, train sigmoid networks on them,
/// evaluate, classify and compare saved models.
///
/// Exit codes: 0 success; 1 I/O, network or runtime failure; 2 bad input or usage.
@main
struct Digits: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Train, evaluate and compare neural networks on handwritten digits (MNIST and other IDX datasets).",
        discussion: """
            Exit codes: 0 success; 1 I/O, network or runtime failure; 2 bad input or usage.
            Every error is one line on standard error naming the file and the problem.
            """,
        version: version,
        subcommands: [
            Download.self, Verify.self, Train.self, Evaluate.self, Classify.self, Compare.self,
            Inspect.self, ImportJSON.self, ExportJSON.self, Serve.self,
        ]
    )

    /// Parses the command line, runs the command, and turns every error into one line on
    /// standard error and an exit code (see ``ExitStatus``).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            ExitStatus.exit(for: error)
        }
    }
}
