#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an output path may name, and the early check that commands make before any work.
///
/// ``AtomicFile/write(_:to:)`` replaces only a regular file (or creates one). A character
/// device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe), also behind a symbolic link,
/// is opened and written into, as a shell redirection would: never renamed over. Anything else
/// (a directory, a block device, a socket, a name ending in `/`) is refused as bad input.
extension AtomicFile {
    /// How `write` treats an existing path.
    enum TargetKind: Equatable {
        /// A regular file, or nothing yet: replaced (created) atomically.
        case replaceable
        /// A character device or a FIFO: written into directly.
        case stream
    }

    /// The kind of the object `path` names (symbolic links followed by the kernel).
    ///
    /// - Throws: ``OutputPathError`` (`.badInput`) for a directory, a block device, a socket or
    ///   a name that can only be a directory's.
    static func targetKind(_ path: String) throws -> TargetKind {
        if let problem = nameProblem(path) { throw problem }
        var info = stat()
        guard stat(path, &info) == 0 else { return .replaceable }  // absent: the write creates it
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .replaceable
        case S_IFCHR, S_IFIFO: return .stream
        case S_IFDIR: throw OutputPathError.isADirectory
        case S_IFBLK: throw OutputPathError.blockDevice
        case S_IFSOCK: throw OutputPathError.socket
        default: throw OutputPathError.notAFile
        }
    }

    /// An empty name, or one that ends in `/`, `/.` or `/..` (it can only name a directory).
    private static func nameProblem(_ path: String) -> OutputPathError? {
        if path.isEmpty { return .emptyName }
        let last = split(path).name
        return last.isEmpty || last == "." || last == ".." ? .directoryName : nil
    }

    /// Writes all of `bytes` into the character device or FIFO `path` (no temporary file, no
    /// rename, no fsync: a stream keeps no old content to protect). Opening a FIFO waits for
    /// its reader, as a shell redirection does.
    static func writeIntoStream(_ bytes: [UInt8], path: String, io: IO) throws {
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw SystemError(operation: "open", errno: errno) }
        do {
            try writeAll(bytes, to: fd, io: io)
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 || errno == EINTR else { throw SystemError(operation: "close", errno: errno) }
    }

    /// Checks, before any work starts, that ``write(_:to:)`` can put a file at `path`: the name
    /// is a file name, the path is not a directory, block device or socket, and its directory
    /// exists (or, with `createsDirectories`, can be created: the nearest existing ancestor is
    /// a directory) and is writable.
    ///
    /// With `input`, the path must also not be that file (a command never replaces what it reads).
    ///
    /// - Throws: a ``FileError`` naming `path`: ``OutputPathError`` (exit 2) for a wrong kind of
    ///   path, a ``SystemError`` (exit 1) when the directory is not writable.
    public static func checkOutputFile(_ path: String, createsDirectories: Bool = false, notSameAs input: String? = nil) throws {
        do {
            if try targetKind(path) == .stream { return }
            if let input {
                var a = stat(), b = stat()
                if stat(path, &a) == 0, stat(input, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino {
                    throw OutputPathError.sameAsInput(input)
                }
            }
            try checkDirectory(of: followingLinks(path), creating: createsDirectories)
        } catch let error as any DigitsError {
            throw error.about(path)
        }
    }

    /// Checks, before any work starts, that `path` is a directory files can be written into, or
    /// can be created as one (its nearest existing ancestor is a directory).
    public static func checkOutputDirectory(_ path: String) throws {
        do {
            var info = stat()
            if stat(path, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else { throw OutputPathError.notADirectory }
                try requireWritable(path)
            } else {
                try checkDirectory(of: path + "/x", creating: true)
            }
        } catch let error as any DigitsError {
            throw error.about(path)
        }
    }

    /// The directory that will hold `path`: it exists and is writable, or (`creating`) its
    /// nearest existing ancestor is a writable directory.
    private static func checkDirectory(of path: String, creating: Bool) throws {
        var directory = split(path).directory
        var info = stat()
        var missing = false
        // Walk up to the nearest ancestor that exists.
        while stat(directory, &info) != 0 {
            guard errno == ENOENT || errno == ENOTDIR else { throw SystemError(operation: "stat \(directory)", errno: errno) }
            missing = true
            let parent = split(directory).directory
            if parent == directory { break }
            directory = parent
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw OutputPathError.ancestorNotADirectory(directory) }
        if missing && !creating { throw OutputPathError.noSuchDirectory(split(path).directory) }
        try requireWritable(directory)
    }

    /// Creates `directory` and any missing parents (`mkdir -p`, mode 0777 less the umask).
    ///
    /// - Throws: a ``FileError`` naming `directory` with the system's reason (`mkdir: Not a
    ///   directory`), never Foundation's error text.
    public static func createDirectories(_ directory: String) throws {
        // Each prefix ending before a "/", then the whole path, as the user spelled it.
        let prefixes = directory.indices.filter { directory[$0] == "/" }.map { String(directory[..<$0]) } + [directory]
        for prefix in prefixes where !prefix.isEmpty && !prefix.hasSuffix("/") {
            if mkdir(prefix, 0o777) == 0 { continue }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }
            throw FileError(path: directory, SystemError(operation: "mkdir \(prefix)", errno: code == EEXIST ? ENOTDIR : code))
        }
    }

    private static func requireWritable(_ directory: String) throws {
        if access(directory, W_OK) != 0 { throw SystemError(operation: "cannot write in \(directory)", errno: errno) }
    }
}

/// An output path that names something the one writer does not write (kind `.badInput`, exit 2).
public enum OutputPathError: DigitsError, Equatable {
    case emptyName
    /// Ends in `/` (or `/.`, `/..`): a directory's name where a file's is needed.
    case directoryName
    case isADirectory
    case blockDevice
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
