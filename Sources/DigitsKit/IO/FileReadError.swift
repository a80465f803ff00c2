// Owns: the errors of reading an input file (`FileBytes`), and which of them are bad input.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read.
public enum FileReadError: DigitsError, Equatable {
    /// No such file (or a parent is not a directory).
    case missing
    /// A directory, device or other non-regular file.
    case notRegularFile
    /// Larger than the caller allows.
    case tooLarge(size: Int, limit: Int)
    /// The file got shorter while it was being read.
    case changedWhileReading
    /// The system refused (permissions, a symbolic-link loop, an I/O error): the failed call
    /// and its `errno`.
    case system(operation: String, errno: Int32)

    /// A file that cannot be opened is a bad argument, like a missing one (exit 2); a failure
    /// once it is open (`stat`, `read`) is an I/O failure (exit 1).
    public var kind: FailureKind {
        switch self {
        case .missing, .notRegularFile, .tooLarge: return .badInput
        case .system(let operation, _) where operation == "open": return .badInput
        case .changedWhileReading, .system: return .io
        }
    }

    /// The error for a failed `open` of an input file: `.missing` for ENOENT/ENOTDIR, else
    /// `.system("open", code)`.
    public static func open(errno code: Int32) -> FileReadError {
        code == ENOENT || code == ENOTDIR ? .missing : .system(operation: "open", errno: code)
    }

    public var description: String {
        switch self {
        case .missing: return "no such file"
        case .notRegularFile: return "not a regular file"
        case .tooLarge(let size, let limit): return "file too large (\(size) bytes, limit \(limit))"
        case .changedWhileReading: return "read: the file changed size while being read"
        case .system(let operation, let code): return SystemError(operation: operation, errno: code).description
        }
    }
}
