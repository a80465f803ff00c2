#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation

/// A file opened for writing with POSIX calls, so that it can be fsynced before it is renamed.
///
/// It is only ever a regular file in the directory itself: a symbolic link planted under its
/// name is not followed (O_NOFOLLOW), and a FIFO or device is refused, not opened for writing
/// (O_NONBLOCK keeps the open of a FIFO from waiting for a reader).
final class SyncedOutputFile {
    let path: String
    private var fd: Int32

    /// Opens `path` for writing; `append` keeps its content (a resumed download), otherwise it is
    /// created empty (an existing regular file is truncated only once it is known to be one).
    ///
    /// - Throws: ``DownloadError/notRegularFile(path:what:)`` when `path` is a symbolic link or
    ///   not a regular file, a ``FileError`` for other failures.
    init(path: String, append: Bool) throws {
        self.path = path
        fd = try FileSync.openRegular(path, O_WRONLY | O_CREAT | (append ? O_APPEND : 0))
        if !append, ftruncate(fd, 0) != 0 {
            let code = errno
            close(fd)
            throw FileError(path: path, SystemError(operation: "truncate", errno: code))
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc_write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, SystemError(operation: "write", errno: errno))
            }
            // A zero-byte write of a non-empty buffer would loop forever: treat it as a full disk.
            guard n > 0 else { throw FileError(path: path, SystemError(operation: "write", errno: ENOSPC)) }
            offset += n
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

@inline(__always)
private func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buf, count)
    #else
    return Darwin.write(fd, buf, count)
    #endif
}

/// Small file-system steps of the download path, each one throwing a ``FileError``.
enum FileSync {
    /// The size of the regular file at `path`, or nil when there is none. `followingLinks`
    /// false (the files the downloader writes) counts a symbolic link as no file.
    static func size(_ path: String, followingLinks: Bool = true) -> Int? {
        var st = stat()
        let found = followingLinks ? stat(path, &st) : lstat(path, &st)
        guard found == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// Throws ``DownloadError/notRegularFile(path:what:)`` when something other than a regular
    /// file (a symbolic link, a directory, a FIFO, a device, a socket) is at `path`.
    static func requireRegularOrAbsent(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if let what = nonRegularKind(st.st_mode) { throw DownloadError.notRegularFile(path: path, what: what) }
    }

    /// Opens `path` with `flags` without following a symbolic link and checks that it is a
    /// regular file; returns the descriptor (blocking, close-on-exec).
    static func openRegular(_ path: String, _ flags: Int32) throws -> Int32 {
        let fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        if fd < 0 {
            let code = errno
            // ELOOP: a symbolic link; ENXIO: a FIFO without a reader (or a socket).
            if code == ELOOP { throw DownloadError.notRegularFile(path: path, what: "a symbolic link") }
            if code == ENXIO { throw DownloadError.notRegularFile(path: path, what: "a FIFO or socket") }
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
            throw DownloadError.notRegularFile(path: path, what: what)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// What a file of `mode` is when it is not a regular file.
    private static func nonRegularKind(_ mode: mode_t) -> String? {
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

    /// The MD5 of the first `limit` bytes of `path` (all of it when nil), read in 1 MiB chunks,
    /// and the number of bytes hashed. `followingLinks` false (the files the downloader writes)
    /// refuses a symbolic link or a file that is not regular.
    static func md5(of path: String, limit: Int? = nil, followingLinks: Bool = true) throws -> (hasher: Insecure.MD5, count: Int) {
        let fd: Int32
        if followingLinks {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw FileError(path: path, SystemError(operation: "open", errno: errno)) }
        } else {
            fd = try openRegular(path, O_RDONLY)
        }
        defer { close(fd) }
        var hasher = Insecure.MD5()
        var count = 0
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let want = limit.map { min(chunk, $0 - count) } ?? chunk
            if want <= 0 { break }
            let n = read(fd, buffer.baseAddress!, want)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, SystemError(operation: "read", errno: errno))
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            count += n
        }
        return (hasher, count)
    }

    /// Lower-case hex of a finished MD5.
    static func hex(_ hasher: Insecure.MD5) -> String {
        DatasetChecksum.hex(hasher.finalize())
    }

    /// Renames `from` to `to` (atomic within one directory) and fsyncs the directory so that
    /// the new name survives a crash.
    static func commit(_ from: String, to: String) throws {
        if rename(from, to) != 0 { throw FileError(path: to, SystemError(operation: "rename", errno: errno)) }
        syncDirectory(of: to)
    }

    /// fsyncs the directory holding `path` as ``AtomicFile`` does, best effort: the file is in
    /// place already, and a download that cannot make its name durable is still usable.
    static func syncDirectory(of path: String) {
        _ = AtomicFile.syncDirectory(AtomicFile.split(path).directory)
    }

    /// Removes `path` if it exists.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Creates `directory` and its parents (errors: the system's reason, not Foundation's text).
    static func makeDirectory(_ directory: String) throws {
        try AtomicFile.createDirectories(directory)
    }
}
