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

            Environment: DIGITS_DATA sets the folder of dataset directories (default datasets, \
            so mnist is in datasets/mnist), DIGITS_MODELS the folder train saves models in \
            (default models); NO_COLOR or TERM=dumb turn off colour under --color auto. \
            'digits help COMMAND' or 'digits COMMAND --help' describes one command; \
            'digits recipes' lists the training recipes.
            """,
        version: version,
        subcommands: [
            Download.self, Verify.self, Train.self, Recipes.self, Evaluate.self, Classify.self, Compare.self,
            Inspect.self, Export.self, ImportJSON.self, ExportJSON.self, Serve.self,
        ]
    )

    /// Parses the command line, runs the command, and turns every error into one line on
    /// standard error and an exit code (see ``ExitStatus``).
    static func main() {
        StandardStream.ignoreSIGPIPE()
        HelpTopic.check(Array(CommandLine.arguments.dropFirst()))
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            ExitStatus.exit(for: error, parsing: true)
        }
        do {
            try command.run()
        } catch {
            ExitStatus.exit(for: error, parsing: false)
        }
    }
}
