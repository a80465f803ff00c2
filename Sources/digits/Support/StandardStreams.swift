import DigitsKit
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written with `write(2)` and checked: the only way text
/// leaves `digits` on them (``Terminal``, ``JSONOutput`` and the `print` below use it).
///
/// - A failed write (`> /dev/full`, EIO) ends the program with one line on standard error,
///   `digits: standard output: No space left on device`, and exit status 1.
/// - A closed pipe (`digits … | head -1`) ends it quietly, as a Unix filter ends: by SIGPIPE,
///   also when SIGPIPE was ignored by whoever started `digits` (as Python's subprocess may).
///
/// SIGPIPE itself is ignored from the start (``ignoreSIGPIPE()``), so that a pipe closed under
/// an output *file* (a FIFO) is an error naming that file, and standard output's broken pipe is
/// decided here.
enum StandardStream {
    case output, error

    var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }
    var name: String { self == .output ? "standard output" : "standard error" }

    /// Writes all of `text`, or ends the program as described above.
    func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes all of `bytes`, or ends the program as described above. The bytes go through the
    /// library's one write loop (``WriteLoop/writeAll(_:to:using:)``), which resumes after short
    /// writes and EINTR and waits out EAGAIN (a non-blocking descriptor inherited from the caller).
    func write(bytes: [UInt8]) {
        do {
            try WriteLoop.writeAll(bytes, to: descriptor)
        } catch {
            fail(error.errno)
        }
    }

    /// Ends the program after a failed write of errno `code`.
    private func fail(_ code: Int32) -> Never {
        if code == EPIPE { Self.endByBrokenPipe() }
        if self == .output {
            // Straight to the descriptor: standard error's own failure cannot recurse.
            let line = Array("digits: \(name): \(String(cString: strerror(code)))\n".utf8)
            try? WriteLoop.writeAll(line, to: STDERR_FILENO)
        }
        exit(ExitStatus.failure)
    }

    /// Ends the process by SIGPIPE, as if it had never been ignored: quietly, with the status a
    /// shell reports for a filter whose reader stopped early (128 + 13).
    private static func endByBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(SIGPIPE)
        _exit(128 + SIGPIPE)  // not reached: the signal ends the process
    }

    /// Makes writes to a closed pipe fail with EPIPE instead of killing the process (call once,
    /// first thing).
    static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }
}

/// `print` inside the `digits` command is this one (it shadows the standard library's): the
/// same arguments, but written through ``StandardStream/output`` so that no answer line can be
/// lost silently to a full disk or trap on a closed pipe.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    StandardStream.output.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
