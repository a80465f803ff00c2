// Owns: the download path's small file-system steps (sizes, MD5s, refusing what is not a
// regular file as ``DownloadError/notRegularFile(path:what:)``). The writing itself, the
// rename and the fsyncs are the IO layer's (`Sources/DigitsKit/IO/`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto

extension SyncedOutputFile {
    /// Opens a download's file for writing (``SyncedOutputFile/init(path:append:refusing:)``);
    /// anything but a regular file under the name is ``DownloadError/notRegularFile(path:what:)``.
    convenience init(path: String, append: Bool) throws {
        try self.init(path: path, append: append, refusing: DownloadError.notRegularFile)
    }
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
        if let what = RegularFile.nonRegularKind(st.st_mode) { throw DownloadError.notRegularFile(path: path, what: what) }
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
            fd = try RegularFile.open(path, O_RDONLY, refusing: DownloadError.notRegularFile)
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

    /// Renames `from` to `to` and fsyncs the directory (``AtomicFile/commit(_:to:)``).
    static func commit(_ from: String, to: String) throws {
        try AtomicFile.commit(from, to: to)
    }

    /// fsyncs the directory holding `path`, best effort (``AtomicFile/syncDirectory(of:)``): the
    /// file is in place already, and a download that cannot make its name durable is still usable.
    static func syncDirectory(of path: String) {
        _ = AtomicFile.syncDirectory(of: path)
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
