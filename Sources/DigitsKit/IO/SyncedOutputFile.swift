// Owns: the synced writer, a file written piece by piece (a download as it arrives, a local
// copy chunk by chunk) and fsynced before it is renamed into place (``AtomicFile/commit(_:to:)``).
// Whole-file outputs go through ``AtomicFile/write(_:to:)`` instead.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for writing with POSIX calls, so that it can be fsynced before it is renamed.
///
/// It is only ever a regular file in the directory itself: a symbolic link planted under its
/// name is not followed, and a FIFO or device is refused, not opened for writing
/// (``RegularFile/open(_:_:refusing:)``).
final class SyncedOutputFile {
    let path: String
    private var fd: Int32

    /// Opens `path` for writing; `append` keeps its content (a resumed download), otherwise it is
    /// created empty (an existing regular file is truncated only once it is known to be one).
    ///
    /// - Throws: what `refusing` makes of `path` and what it is ("a symbolic link", …) when it
    ///   is not a regular file; a ``FileError`` for other failures.
    init(path: String, append: Bool, refusing: RegularFile.Refusal) throws {
        self.path = path
        fd = try RegularFile.open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : 0), refusing: refusing)
        if !append, ftruncate(fd, 0) != 0 {
            let code = errno
            close(fd)
            throw FileError(path: path, SystemError(operation: "truncate", errno: code))
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes all of `bytes` (``WriteLoop``).
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        do {
            try WriteLoop.writeAll(bytes, to: fd)
        } catch {
            throw FileError(path: path, SystemError(operation: "write", errno: error.errno))
        }
    }

    /// Empties the file (a server that ignored our Range request sends everything again).
    func truncate() throws {
        if ftruncate(fd, 0) != 0 { throw FileError(path: path, SystemError(operation: "truncate", errno: errno)) }
    }

    /// Flushes the content to the disk and closes the file.
    func syncAndClose() throws {
        let descriptor = fd
        fd = -1
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            throw FileError(path: path, SystemError(operation: "fsync", errno: code))
        }
        // close can report a deferred write error (e.g. on network file systems).
        if close(descriptor) != 0 { throw FileError(path: path, SystemError(operation: "close", errno: errno)) }
    }
}
