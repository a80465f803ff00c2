import DigitsKit
import Foundation

/// Checks of paths named on the command line, made before any work starts so that a wrong
/// argument is one line and exit 2 rather than a failure half-way.
enum InputPath {
    /// Throws unless `path` is an existing directory.
    static func requireDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path: path, InputPathError.noSuchDirectory)
        }
        guard isDirectory.boolValue else { throw FileError(path: path, InputPathError.notADirectory) }
    }

    /// Throws if `path` exists but is not a directory (a directory to be created may be absent).
    static func requireDirectoryOrAbsent(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw FileError(path: path, InputPathError.notADirectory)
        }
    }

    /// Throws if `path` is an existing directory (an output file would be written there).
    static func requireNotDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileError(path: path, InputPathError.isADirectory)
        }
    }
}

/// A path on the command line that names the wrong kind of thing.
enum InputPathError: DigitsError, Equatable {
    case noSuchDirectory
    case notADirectory
    case isADirectory

    var kind: FailureKind { .badInput }

    var description: String {
        switch self {
        case .noSuchDirectory: return "no such directory"
        case .notADirectory: return "not a directory"
        case .isADirectory: return "is a directory (expected a file name)"
        }
    }
}
