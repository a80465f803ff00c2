/// What kind of failure an error is; the command line turns it into an exit code.
///
/// - `badInput`: the user gave something wrong (a malformed file, an impossible option): exit 2.
/// - `io`, `network`, `runtime`: the program could not finish (a read failed, a mirror was down,
///   training diverged): exit 1.
public enum FailureKind: Sendable, Equatable {
    case badInput
    case io
    case network
    case runtime
}

/// Every error DigitsKit throws conforms to this: a kind and a one-line description.
///
/// `description` is a single line with no trailing period (e.g. "bad magic 0x00000802, expected
/// 0x00000803 (images)"). Errors that concern a file are wrapped in ``FileError``, which prefixes
/// the path, so parsers that work on bytes need not know where the bytes came from.
public protocol DigitsError: Error, CustomStringConvertible, Sendable {
    var kind: FailureKind { get }
}

/// An error about one file: `"PATH: problem"`.
public struct FileError: DigitsError {
    /// The file (or directory) the problem is about, as the user named it.
    public let path: String
    /// What is wrong with it.
    public let underlying: any DigitsError

    public init(path: String, _ underlying: any DigitsError) {
        self.path = path
        self.underlying = underlying
    }

    public var kind: FailureKind { underlying.kind }
    /// The path escaped (``escapedForMessage(_:escapingQuotes:)``): a file named with a newline
    /// or an escape sequence still gives one plain line.
    public var description: String { "\(escapedForMessage(path)): \(underlying.description)" }
}

extension DigitsError {
    /// Wraps `self` in a ``FileError`` naming `path` (unless it already names a file).
    public func about(_ path: String) -> any DigitsError {
        if self is FileError { return self }
        return FileError(path: path, self)
    }
}

/// Runs `body`, attaching `path` to any ``DigitsError`` it throws and turning any other error
/// (for example a Foundation I/O error) into an I/O ``FileError``.
public func withFile<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any DigitsError {
        throw error.about(path)
    } catch {
        throw FileError(path: path, SystemError(message: oneLine(error)))
    }
}

/// A failure reported by the system (a failed `open`, `write`, `rename`, …).
public struct SystemError: DigitsError {
    public let message: String
    public var kind: FailureKind { .io }
    public init(message: String) { self.message = message }
    public var description: String { message }

    /// The error for the current `errno`, e.g. `SystemError(operation: "open")` →
    /// "open: No such file or directory".
    public init(operation: String, errno code: Int32) {
        self.message = "\(operation): \(String(cString: strerror(code)))"
    }
}

/// The first line of an error's description, trimmed: messages must stay on one line. A
/// Foundation or POSIX error gives its plain reason (``plainReason(_:)``), never `Error Domain=…`.
public func oneLine(_ error: any Error) -> String {
    if let error = error as? any DigitsError { return oneLine(error.description) }
    return oneLine(plainReason(error))
}

/// The first line of `text` (any line break ends it), trimmed.
public func oneLine(_ text: String) -> String {
    let first = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    return first.trimmingCharacters(in: .whitespaces)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
