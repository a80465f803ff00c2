// Owns: the errors for an output path the writer refuses (exit 2).

/// An output path that names something the one writer does not write (kind `.badInput`, exit 2).
public enum OutputPathError: DigitsError, Equatable {
    /// An empty name (`-o ''`).
    case emptyName
    /// Ends in `/` (or `/.`, `/..`): a directory's name where a file's is needed.
    case directoryName
    /// An existing directory where a file's name is needed.
    case isADirectory
    /// A block device: a model written over a disk is never what was meant.
    case blockDevice
    /// A Unix-domain socket (it cannot be opened for writing).
    case socket
    /// Exists, and is neither a directory, a device, a FIFO, a socket nor a regular file.
    case notAFile
    /// A directory output that exists and is not a directory.
    case notADirectory
    /// A parent directory that does not exist (and the command does not create directories).
    case noSuchDirectory(String)
    /// A parent that exists and is not a directory (e.g. a regular file).
    case ancestorNotADirectory(String)
    /// The output is the file the command reads.
    case sameAsInput(String)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .emptyName: return "empty output file name"
        case .directoryName: return "names a directory; give a file name"
        case .isADirectory: return "is a directory (expected a file name)"
        case .blockDevice: return "is a block device; digits writes only regular files, character devices and FIFOs"
        case .socket: return "is a socket; digits writes only regular files, character devices and FIFOs"
        case .notAFile: return "is not a regular file, character device or FIFO"
        case .notADirectory: return "exists and is not a directory"
        case .noSuchDirectory(let d): return "no such directory: \(d)"
        case .ancestorNotADirectory(let d): return "\(d) is not a directory"
        case .sameAsInput(let f): return "is the input file \(escapedForMessage(f)) itself; choose another output name"
        }
    }
}
