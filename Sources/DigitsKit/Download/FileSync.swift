#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation

/// A file opened for writing with POSIX calls, so that it can be fsynced before it is renamed.
final class SyncedOutputFile {
    let path: String
    private var fd: Int32

    /// Opens `path` for writing; `append` keeps its content (a resumed download), otherwise it is
    /// created empty.
    init(path: String, append: Bool) throws {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        fd = open(path, flags, 0o644)
        if fd < 0 { throw FileError(path: path, SystemError(operation: "open", errno: errno)) }
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
    /// The size of the regular file at `path`, or nil when there is none.
    static func size(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// The MD5 of the first `limit` bytes of `path` (all of it when nil), read in 1 MiB chunks,
    /// and the number of bytes hashed.
    static func md5(of path: String, limit: Int? = nil) throws -> (hasher: Insecure.MD5, count: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileError(path: path, SystemError(operation: "open", errno: errno)) }
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
