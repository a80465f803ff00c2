// Owns: making a rename durable. The directory fsync after the output writer's own rename,
// and the rename-then-fsync commit of a file written and synced elsewhere (a download's
// `.partial`, a local copy's staged file).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// Renames the finished (already fsynced) file `from` over `to`, atomic within one
    /// directory, then fsyncs the directory so that the new name survives a crash; that last
    /// step is best effort: the file is in place anyway, and still usable.
    ///
    /// - Throws: a ``FileError`` naming `to` when the rename fails.
    static func commit(_ from: String, to: String) throws {
        if rename(from, to) != 0 { throw FileError(path: to, SystemError(operation: "rename", errno: errno)) }
        _ = syncDirectory(of: to)
    }

    /// fsyncs the directory holding `path` (see ``syncDirectory(_:)``).
    static func syncDirectory(of path: String) -> SystemError? {
        syncDirectory(split(path).directory)
    }

    /// Makes a rename (or unlink) in `directory` durable. Returns the error, if any (the new
    /// name is in place anyway).
    static func syncDirectory(_ directory: String) -> SystemError? {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return SystemError(operation: "open directory", errno: errno) }
        defer { close(fd) }
        // Some file systems cannot fsync a directory (EINVAL): nothing more can be done there.
        if fsync(fd) != 0, errno != EINVAL { return SystemError(operation: "fsync directory", errno: errno) }
        return nil
    }
}
