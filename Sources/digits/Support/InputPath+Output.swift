import DigitsKit
import Foundation

extension InputPath {
    /// Throws unless a file can be created or replaced at `path`: it is not a directory, its
    /// directory exists (and is a directory), and it is not the file `input` (so a command
    /// never overwrites what it is reading). Checked before any work, as bad usage (exit 2).
    static func requireWritableFileLocation(_ path: String, notSameAs input: String) throws {
        try requireNotDirectory(path)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw FileError(path: path, OutputPathError.noSuchDirectory(directory))
            }
            guard isDirectory.boolValue else { throw FileError(path: path, OutputPathError.parentNotADirectory(directory)) }
        }
        var a = stat(), b = stat()
        if stat(path, &a) == 0, stat(input, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino {
            throw FileError(path: path, OutputPathError.sameAsInput(input))
        }
    }
}

/// An output path that cannot be written as asked (bad usage: exit 2).
enum OutputPathError: DigitsError, Equatable {
    case noSuchDirectory(String)
    case parentNotADirectory(String)
    case sameAsInput(String)
    /// Binary data (the format's name) asked for on a terminal.
    case binaryToTerminal(String)

    var kind: FailureKind { .badInput }

    var description: String {
        switch self {
        case .noSuchDirectory(let d): return "no such directory \(escapedForMessage(d))"
        case .parentNotADirectory(let d): return "\(escapedForMessage(d)) is not a directory"
        case .sameAsInput(let f): return "is the input file \(escapedForMessage(f)) itself; choose another output name"
        case .binaryToTerminal(let f): return "standard output is a terminal: \(f) is binary (give -o FILE or redirect it)"
        }
    }
}
