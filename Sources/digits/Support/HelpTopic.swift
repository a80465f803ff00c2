import ArgumentParser
import Foundation

/// `digits help NAME …`: the parser answers an unknown NAME with the general help and exit 0;
/// here it is a usage error (one line, exit 2) naming the commands there are.
enum HelpTopic {
    /// Exits with status 2 when `arguments` is `help` followed by a name that is no command.
    static func check(_ arguments: [String]) {
        guard arguments.first == "help" else { return }
        var subcommands = Digits.configuration.subcommands
        var path = "digits"
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            let names = subcommands.map(commandName)
            guard let index = names.firstIndex(of: name) else {
                let what = names.isEmpty ? "'\(path)' has no subcommands" : "commands: " + names.joined(separator: ", ")
                Terminal.error("no help for '\(name)': there is no such command (\(what); see 'digits --help')")
                exit(ExitStatus.badInput)
            }
            subcommands = subcommands[index].configuration.subcommands
            path += " " + name
        }
    }

    /// The name a command is called by on the command line.
    private static func commandName(_ command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }
}
