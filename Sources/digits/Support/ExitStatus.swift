import ArgumentParser
import DigitsKit
import Foundation

/// The one place where errors become exit codes and one-line messages.
enum ExitStatus {
    static let success: Int32 = 0
    /// I/O, network or runtime failure.
    static let failure: Int32 = 1
    /// Bad input or usage.
    static let badInput: Int32 = 2

    /// The exit code for a failure of `kind`.
    static func code(for kind: FailureKind) -> Int32 {
        kind == .badInput ? badInput : failure
    }

    /// Prints `error` as one line on standard error (or help/version on standard output) and exits.
    ///
    /// `parsing`: the error came from parsing the command line (a usage error, --help). An
    /// error from running a command that is neither a ``DigitsError`` nor a `ValidationError`
    /// (a Foundation error the library did not wrap) is exit 1 with its plain reason
    /// (``oneLine(_:)``), never its raw `Error Domain=…` text and never a usage message.
    static func exit(for error: any Error, parsing: Bool = true) -> Never {
        switch error {
        case let error as any DigitsError:
            Terminal.error(OfflineHint.message(for: error))
            Foundation.exit(code(for: error.kind))
        case let error as ExitCode:
            Foundation.exit(error.rawValue)
        case is ValidationError, is CleanExit:
            usage(error)
        case _ where !parsing && Digits.exitCode(for: error) != .success:  // `digits help X` runs, and succeeds
            Terminal.error(oneLine(error))
            Foundation.exit(failure)
        default:
            usage(error)
        }
    }

    /// Help or version (exit 0), or a usage error: one line and exit 2.
    private static func usage(_ error: any Error) -> Never {
        let code = Digits.exitCode(for: error)
        if code == .success {
            // --help, --version: the full text on standard output.
            print(Digits.fullMessage(for: error))
            Foundation.exit(success)
        }
        // A usage error from the parser (or a ValidationError from a command's validate()):
        // its message on one line, a pointer to --help, and exit 2.
        let text = Digits.message(for: error)
        let message = text.isEmpty ? oneLine(error) : UsageMessage(text).description
        Terminal.error("\(message) (see '\(helpCommand)')")
        Foundation.exit(badInput)
    }

    /// "digits train --help" when the command line names a subcommand, else "digits --help".
    private static var helpCommand: String {
        let names = Digits.configuration.subcommands.map { $0._commandName }
        let given = CommandLine.arguments.dropFirst().first { names.contains($0) }
        return given.map { "digits \($0) --help" } ?? "digits --help"
    }

    /// The parser's message without its "Error: " prefix, first line only.
    private struct UsageMessage {
        let description: String
        init(_ text: String) {
            let first = oneLine(text)
            description = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
        }
    }
}
