// Owns: opening a path that must be a regular file in its directory itself (never through a
// symbolic link, never waiting on a FIFO), and naming what a path is when it is not one.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened without following a link, for writers that must not write through one.
enum RegularFile {
    /// The caller's error for `path` being `what` ("a symbolic link", "a FIFO", …) instead of a
    /// regular file (the downloader's is ``DownloadError/notRegularFile(path:what:)``).
    typealias Refusal = (_ path: String, _ what: String) -> any Error

    /// Opens `path` with `flags` without following a symbolic link and checks that it is a
    /// regular file; returns the descriptor (blocking, close-on-exec). O_NONBLOCK during the
    /// open keeps a FIFO from waiting for a reader; it is cleared once the file is known regular.
    ///
    /// - Throws: `refusing(path, what)` for a link, FIFO, socket, directory or device; a
    ///   ``FileError`` naming `path` for other failures.
    static func open(_ path: String, _ flags: Int32, refusing: Refusal) throws -> Int32 {
        let fd = systemOpen(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            // ELOOP: a symbolic link; ENXIO: a FIFO without a reader (or a socket).
            if code == ELOOP { throw refusing(path, "a symbolic link") }
            if code == ENXIO { throw refusing(path, "a FIFO or socket") }
            throw FileError(path: path, SystemError(operation: "open", errno: code))
        }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let code = errno
            close(fd)
            throw FileError(path: path, SystemError(operation: "stat", errno: code))
        }
        if let what = nonRegularKind(st.st_mode) {
            close(fd)
            throw refusing(path, what)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// What a file of `mode` is when it is not a regular file ("a symbolic link", "a
    /// directory", …); nil for a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "an unknown kind of file"
        }
    }
}

/// The C `open` (mode 0644 less the umask for a new file), under a name that
/// ``RegularFile/open(_:_:refusing:)`` does not shadow.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags, 0o644)
}
