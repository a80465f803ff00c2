#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files in one go (one `read` loop into the final array, no Foundation copies).
public enum FileBytes {
    /// The largest file read: room for the largest IDX data plus gzip overhead.
    public static let maxFileBytes = IDXFile.maxPayloadBytes + (IDXFile.maxPayloadBytes >> 4)

    /// The bytes of the file at `path` (errors carry no path: wrap with ``withFile(_:_:)``).
    ///
    /// If `checkPrefix` is given, it first sees the file's first `prefixLength` bytes (fewer if
    /// the file is shorter) and its size, and may throw before the rest is read (a model file's
    /// header is checked against its size before gigabytes are read).
    ///
    /// - Throws: ``FileReadError``: `.missing` / `.notRegularFile` / `.tooLarge` / a failed
    ///   `open` (bad input: the file cannot be used), `.system` for `stat`/`read` and
    ///   `.changedWhileReading` (I/O); or what `checkPrefix` throws.
    public static func read(_ path: String, limit: Int = maxFileBytes, prefixLength: Int = 0,
                            checkPrefix: ((_ prefix: [UInt8], _ fileSize: Int) throws -> Void)? = nil) throws -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused as not regular
        // below. (The flag does nothing to reads of regular files.)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileReadError.open(errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError.system(operation: "stat", errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FileReadError.notRegularFile }
        let size = Int(info.st_size)
        guard size <= limit else { throw FileReadError.tooLarge(size: size, limit: limit) }
        let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            // Reads into buffer[count..<end]; stops early only at end of file.
            func fill(to end: Int) throws {
                while count < end, let base = buffer.baseAddress {
                    let n = systemRead(fd, base + count, end - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw FileReadError.system(operation: "read", errno: errno)
                    }
                    if n == 0 { return }  // the file shrank while being read
                    count += n
                }
            }
            if let checkPrefix {
                try fill(to: min(size, prefixLength))
                try checkPrefix(Array(buffer[0..<count]), size)
            }
            try fill(to: size)
        }
        guard bytes.count == size else {
            throw FileReadError.changedWhileReading
        }
        return bytes
    }
}

/// Why a file could not be read.
public enum FileReadError: DigitsError, Equatable {
    /// No such file (or a parent is not a directory).
    case missing
    /// A directory, device or other non-regular file.
    case notRegularFile
    /// Larger than the caller allows.
    case tooLarge(size: Int, limit: Int)
    /// The file got shorter while it was being read.
    case changedWhileReading
    /// The system refused (permissions, a symbolic-link loop, an I/O error): the failed call
    /// and its `errno`.
    case system(operation: String, errno: Int32)

    /// A file that cannot be opened is a bad argument, like a missing one (exit 2); a failure
    /// once it is open (`stat`, `read`) is an I/O failure (exit 1).
    public var kind: FailureKind {
        switch self {
        case .missing, .notRegularFile, .tooLarge: return .badInput
        case .system(let operation, _) where operation == "open": return .badInput
        case .changedWhileReading, .system: return .io
        }
    }

    /// The error for a failed `open` of an input file: `.missing` for ENOENT/ENOTDIR, else
    /// `.system("open", code)`.
    public static func open(errno code: Int32) -> FileReadError {
        code == ENOENT || code == ENOTDIR ? .missing : .system(operation: "open", errno: code)
    }

    public var description: String {
        switch self {
        case .missing: return "no such file"
        case .notRegularFile: return "not a regular file"
        case .tooLarge(let size, let limit): return "file too large (\(size) bytes, limit \(limit))"
        case .changedWhileReading: return "read: the file changed size while being read"
        case .system(let operation, let code): return SystemError(operation: operation, errno: code).description
        }
    }
}


#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
