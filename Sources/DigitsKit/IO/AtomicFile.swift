// Owns: crash-safe whole-file replacement, the one writer of output files. What a path may
// name and the early checks are in `AtomicFile+Targets.swift` and `AtomicFile+Checks.swift`;
// temporary names in `AtomicFile+Temporaries.swift`; path helpers in `AtomicFile+Paths.swift`;
// the directory fsync in `AtomicFile+Commit.swift`; the bytes go out through ``WriteLoop``.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C function under a name that AtomicFile's `IO.fsync` member does not shadow.
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
/// socket is refused (see `AtomicFile+Targets.swift`; the early path checks are in
/// `AtomicFile+Checks.swift`).
public enum AtomicFile {
    /// The system calls `write` uses, replaceable in tests to simulate a full disk.
    struct IO {
        /// Writes some of `buffer` to `fd`: the count written, or an errno.
        var write: WriteLoop.Call
        var fsync: (_ fd: Int32) -> Int32

        static let system = IO(
            write: WriteLoop.system,
            fsync: { systemFsync($0) == 0 ? 0 : errno }
        )
    }

    /// Replaces the file at `path` with `bytes` atomically; errors name `path` and are `.io`
    /// (a path of the wrong kind: ``OutputPathError``, `.badInput`).
    ///
    /// A symbolic link is followed: the file it points to is replaced and the link stays. An
    /// existing file keeps its permission bits; a new one gets 0644 less the umask. A character
    /// device or FIFO (also behind a link) is written into and stays what it is.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path, io: .system)
    }

    /// Replaces the file at `path` with `text` in UTF-8, exactly as the bytes overload above
    /// does (CSV, SVG, JSON and other text outputs).
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path, io: .system)
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

    /// Writes all of `bytes` to `fd` through ``WriteLoop`` with `io`'s `write`; a failure is a
    /// ``SystemError`` `write: REASON` (the caller names the file).
    static func writeAll(_ bytes: [UInt8], to fd: Int32, io: IO) throws {
        do {
            try WriteLoop.writeAll(bytes, to: fd, using: io.write)
        } catch {
            throw SystemError(operation: "write", errno: error.errno)
        }
    }
}
