import DigitsKit
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

    /// Whether standard output is coloured for `choice`: the one place that decides. `auto`
    /// colours a terminal unless `NO_COLOR` is set to anything but "" (no-color.org) or
    /// `TERM` is `dumb`; `always` and `never` are what they say.
    static func colour(_ choice: ColorChoice, isTTY: Bool = stdoutIsTTY,
                       environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto: return isTTY && (environment["NO_COLOR"] ?? "").isEmpty && !isDumb(environment)
        }
    }

    /// Whether `TERM` is `dumb`: no cursor or erase sequences (progress bars redraw with
    /// carriage returns and spaces alone) and no colour.
    static func isDumb(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["TERM"] == "dumb"
    }

    /// Width of the terminal on standard error, 80 when unknown.
    static var width: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Writes `text` to standard error as is (``StandardStream``: a failed write ends the
    /// program). Text from outside in it (file names, spec names, metadata) must already be
    /// escaped with ``escapedForMessage(_:escapingQuotes:)``.
    static func writeError(_ text: String) {
        StandardStream.error.write(text)
    }

    /// Prints an error message as one line: `digits: MESSAGE`.
    static func error(_ message: String) {
        ProgressBar.clearLine()
        writeError("digits: \(Self.oneLineText(message))\n")
    }

    /// Prints a warning as one line: `digits: warning: MESSAGE`.
    static func warning(_ message: String) {
        ProgressBar.clearLine()
        writeError("digits: warning: \(Self.oneLineText(message))\n")
    }

    /// `message` through the one escaping helper, ``escapedForMessage(_:escapingQuotes:)``:
    /// line breaks (LF, CR, U+2028, …), ESC, C0/C1 and bidi controls from a file name or a
    /// file's content appear as `\u{…}`, so the message stays one line and cannot style the
    /// terminal. Text escaped already passes unchanged.
    static func oneLineText(_ message: String) -> String { escapedForMessage(message) }

    /// Flushes standard output (lines meant for pipes must appear as they happen).
    static func flush() { fflush(stdout) }

    /// ANSI styling, applied only when `enabled` (``colour(_:isTTY:environment:)`` decides).
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", inverse = "7"
        func apply(_ text: String, enabled: Bool) -> String {
            enabled ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
        }
    }
}
