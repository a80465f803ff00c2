#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

// The C functions under names that AtomicFile's own `write` member does not shadow.
private let systemWrite = write
private let systemFsync = fsync

/// The one writer of output files: crash-safe whole-file replacement (reads: ``FileBytes``).
///
/// Every output (models, checkpoints, history CSV/SVG, exports, images) goes through `write`.
/// For a regular file (or a new one) it puts the bytes in a temporary file `.NAME.tmp-PID-RANDOM` in the target's directory,
/// fsyncs it, renames it over the target and fsyncs the directory. A crash or SIGKILL at any
/// moment leaves the target either old or new; a killed process may leave its own temporary
/// file, which a later `write` to the same target removes once that PID is gone. Temporary
/// names start with a dot and never end in the target's name, so they are not mistaken for it.
/// A character device or a FIFO is written into instead, and a directory, block device or
/// socket is refused (see `AtomicFile+Targets.swift`, which also holds the early path check).
public enum AtomicFile {
    /// The system calls `write` uses, replaceable in tests to simulate a full disk.
    struct IO {
        /// Writes some of `buffer` to `fd`: the count written, or an errno.
        var write: (_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Result<Int, SystemCallError>
        var fsync: (_ fd: Int32) -> Int32

        static let system = IO(
            write: { fd, buffer in
                let n = systemWrite(fd, buffer.baseAddress, buffer.count)
                return n < 0 ? .failure(SystemCallError(errno: errno)) : .success(n)
            },
            fsync: { systemFsync($0) == 0 ? 0 : errno }
        )
    }

    /// An errno from a system call.
    struct SystemCallError: Error { var errno: Int32 }

    /// Replaces the file at `path` with `bytes` atomically; errors name `path` and are `.io`
    /// (a path of the wrong kind: ``OutputPathError``, `.badInput`).
    ///
    /// A symbolic link is followed: the file it points to is replaced and the link stays. An
    /// existing file keeps its permission bits; a new one gets 0644 less the umask. A character
    /// device or FIFO (also behind a link) is written into and stays what it is.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path, io: .system)
    }

    /// ``write(_:to:)`` with the system calls of `io`.
    static func write(_ bytes: [UInt8], to path: String, io: IO) throws {
        do {
            if try targetKind(path) == .stream { return try writeIntoStream(bytes, path: path, io: io) }
        } catch let error as any DigitsError {
            throw error.about(path)
        }
        let target = followingLinks(path)
        let (directory, name) = split(target)
        removeStaleTemporaries(directory: directory, name: name)
        let temp = directory + "/" + temporaryName(for: name)
        var existing = stat()
        let mode: mode_t? = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : nil
        do {
            try writeAndSync(bytes, to: temp, mode: mode, io: io)
            guard rename(temp, target) == 0 else { throw SystemError(operation: "rename", errno: errno) }
        } catch let error as any DigitsError {
            unlink(temp)
            throw error.about(path)
        }
        try syncDirectory(directory).map { throw $0.about(path) }
    }

    /// `path` with symbolic links followed to the file they name (which need not exist yet);
    /// `path` itself when it is not a link, or the links loop or go too deep (the rename then
    /// fails or replaces the link, as a plain write would).
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {  // the kernel's own limit on links in a path
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : split(current).directory + "/" + link
        }
        return path
    }

    /// Creates `temp` (it must not exist) with permission bits `mode` (nil: 0644 less the
    /// umask), writes all of `bytes`, fsyncs and closes it.
    private static func writeAndSync(_ bytes: [UInt8], to temp: String, mode: mode_t?, io: IO) throws {
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError(operation: "create temporary file", errno: errno) }
        var closed = false
        defer { if !closed { close(fd) } }
        if let mode, fchmod(fd, mode) != 0 { throw SystemError(operation: "chmod temporary file", errno: errno) }
        try writeAll(bytes, to: fd, io: io)
        let syncError = io.fsync(fd)
        guard syncError == 0 else { throw SystemError(operation: "fsync", errno: syncError) }
        closed = true
        guard close(fd) == 0 else { throw SystemError(operation: "close", errno: errno) }
    }

    /// Writes all of `bytes` to `fd`, resuming after short writes and EINTR.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, io: IO) throws {
        try bytes.withUnsafeBytes { all in
            var done = 0
            while done < all.count {
                switch io.write(fd, UnsafeRawBufferPointer(rebasing: all[done...])) {
                case .success(let n):
                    // A zero-byte write of a non-empty buffer would loop forever: treat it as full.
                    guard n > 0 else { throw SystemError(operation: "write", errno: ENOSPC) }
                    done += n
                case .failure(let e):
                    if e.errno == EINTR { continue }
                    throw SystemError(operation: "write", errno: e.errno)
                }
            }
        }
    }

    /// Makes the rename durable. Returns the error, if any (the new file is in place anyway).
    static func syncDirectory(_ directory: String) -> SystemError? {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return SystemError(operation: "open directory", errno: errno) }
        defer { close(fd) }
        // Some file systems cannot fsync a directory (EINVAL): nothing more can be done there.
        if fsync(fd) != 0, errno != EINVAL { return SystemError(operation: "fsync directory", errno: errno) }
        return nil
    }

    /// `dir/name` → ("dir", "name"); "name" → (".", "name").
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    /// The prefix of every temporary file for target `name`: `.NAME.tmp-`.
    static func temporaryPrefix(for name: String) -> String { ".\(name).tmp-" }

    /// `.NAME.tmp-PID-RANDOM`: unique per process and call.
    static func temporaryName(for name: String) -> String {
        let random = String(UInt64.random(in: 0...UInt64(UInt32.max)), radix: 16)
        return temporaryPrefix(for: name) + "\(getpid())-\(random)"
    }

    /// Removes `.NAME.tmp-PID-*` files in `directory` whose PID is no longer running (left by a
    /// killed writer). Best effort: failures are ignored, live PIDs' files are kept.
    static func removeStaleTemporaries(directory: String, name: String) {
        let prefix = temporaryPrefix(for: name)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for file in names where file.hasPrefix(prefix) {
            let rest = file.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(directory + "/" + file)
            }
        }
    }
}
