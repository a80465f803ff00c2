import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error, and what they are connected to.
enum Terminal {
    /// Whether standard output is a terminal (colours, aligned tables, highlighted cells).
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    /// Whether standard error is a terminal (progress bars are drawn there).
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1

    /// Width of the terminal on standard error, 80 when unknown.
    static var width: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Writes `text` to standard error as is.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Prints an error message as one line: `digits: MESSAGE`.
    static func error(_ message: String) {
        ProgressBar.clearLine()
        writeError("digits: \(Self.flattened(message))\n")
    }

    /// Prints a warning as one line: `digits: warning: MESSAGE`.
    static func warning(_ message: String) {
        ProgressBar.clearLine()
        writeError("digits: warning: \(Self.flattened(message))\n")
    }

    /// `message` with every line break (LF, CR, U+2028, …) made a space: one line on the terminal.
    static func flattened(_ message: String) -> String { String(message.map { $0.isNewline ? " " : $0 }) }

    /// Flushes standard output (lines meant for pipes must appear as they happen).
    static func flush() { fflush(stdout) }

    /// ANSI styling, applied only when `enabled` (use ``stdoutIsTTY`` for standard output).
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", inverse = "7"
        func apply(_ text: String, enabled: Bool) -> String {
            enabled ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
        }
    }
}
