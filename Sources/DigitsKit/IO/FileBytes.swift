// Owns: reading a whole input into memory: a file in one `read` loop into the final array, a
// stream (standard input) in chunks to its end; refusing what is not a regular file or is
// larger than the caller allows (errors: `FileReadError.swift`).

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

    /// The bytes readable from `fd` up to its end (for `classify -`, standard input), read with
    /// `read(2)` in 1 MiB chunks: a failed read is an error, not a trap (FileHandle's
    /// `readData` traps). Errors carry no name: wrap with ``withFile(_:_:)`` (`-`).
    ///
    /// - Throws: ``FileReadError/tooLarge(size:limit:)`` as soon as more than `limit` bytes
    ///   arrive (they are refused rather than held in memory); ``FileReadError/notRegularFile``
    ///   when `fd` is a directory (EISDIR); a ``SystemError`` `read: REASON` for other failures.
    public static func readToEnd(_ fd: Int32, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EISDIR { throw FileReadError.notRegularFile }
                throw SystemError(operation: "read", errno: errno)
            }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else { throw FileReadError.tooLarge(size: bytes.count + n, limit: limit) }
            bytes += chunk[..<n]
        }
    }
}

// The C function under a name that `FileBytes.read` does not shadow.
#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
