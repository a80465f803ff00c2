// Owns: what an output path may name (a file to replace, a device or FIFO to write into, or
// something refused) and the write into a device or FIFO. The checks commands make before any
// work are in `AtomicFile+Checks.swift`, the refusals in `OutputPathError.swift`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an output path may name.
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
}
