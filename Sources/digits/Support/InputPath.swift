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
}

/// A path on the command line that names the wrong kind of thing.
enum InputPathError: DigitsError, Equatable {
    case noSuchDirectory
    case notADirectory

    var kind: FailureKind { .badInput }

    var description: String {
        switch self {
        case .noSuchDirectory: return "no such directory"
        case .notADirectory: return "not a directory"
        }
    }
}
