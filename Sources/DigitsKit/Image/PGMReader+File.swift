#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole content of the file at `path`, refusing files longer than `limit` bytes.
///
/// - Throws: ``SystemError`` when the file cannot be opened or read (a directory gives
///   "read: Is a directory"), ``PGMError/fileTooLarge(limit:)`` past the limit.
func readPGMFileBytes(_ path: String, limit: Int) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw SystemError(operation: "open", errno: errno) }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw SystemError(operation: "read", errno: errno)
        }
        if n == 0 { return out }
        guard out.count + n <= limit else { throw PGMError.fileTooLarge(limit: limit) }
        out.append(contentsOf: chunk[0..<n])
    }
}
