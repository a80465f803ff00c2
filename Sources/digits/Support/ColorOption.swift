import ArgumentParser
import Foundation

/// `--color auto|always|never`, shared by every command that colours its output. The decision
/// itself is ``Terminal/colour(_:)``'s: this only records the choice.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Colour when the stream is a terminal, `NO_COLOR` is unset or empty and `TERM` is not `dumb`.
    case auto
    /// Always colour (e.g. for `less -R`), whatever the environment says.
    case always
    /// Never colour.
    case never
}

/// The `--color` option of a command that colours its output.
struct ColorOption: ParsableArguments {
    @Option(name: .customLong("color"),
            help: ArgumentHelp("Colour the output: auto (when standard output is a terminal, NO_COLOR is unset and TERM is not dumb), always or never.",
                               valueName: "when"))
    var choice: ColorChoice = .auto

    /// Whether standard output is coloured.
    var stdout: Bool { Terminal.colour(choice) }
}
