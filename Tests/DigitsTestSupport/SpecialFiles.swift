#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Test helpers that make device nodes, FIFOs' readers and sockets.
public enum SpecialFiles {
    public struct Unavailable: Error, CustomStringConvertible { public var description: String }

    /// Linux's dev_t for major:minor (the `makedev` macro is not imported into Swift).
    public static func device(major: UInt64, minor: UInt64) -> dev_t {
        dev_t(((major & 0xFFFF_F000) << 32) | ((major & 0xFFF) << 8) | ((minor & 0xFFFF_FF00) << 12) | (minor & 0xFF))
    }

    /// mknod; when the system refuses (not root, or no CAP_MKNOD in a container) the test is
    /// cancelled with the reason, printed and recorded as a skip: never a silent pass.
    public static func makeDevice(_ path: String, type: mode_t, major: UInt64, minor: UInt64) throws {
        guard mknod(path, type | 0o666, device(major: major, minor: minor)) == 0 else {
            let reason = "skipped: mknod \(path) failed: \(String(cString: strerror(errno))) (needs root with CAP_MKNOD; uid \(getuid()))"
            Swift.print(reason)
            try Test.cancel(Comment(rawValue: reason))
        }
    }

    /// A Unix-domain socket bound at `path`; returns its descriptor.
    public static func makeSocket(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw Unavailable(description: "socket \(path): \(String(cString: strerror(errno)))") }
        return fd
    }
}

/// Reads a FIFO on a thread of its own until its writer closes it. Opened at once (without
/// waiting for a writer), so a writer that never comes cannot hang the test: ``finish()``
/// gives up after the writer has had a generous while.
public final class FIFOReader: @unchecked Sendable {
    private let fd: Int32
    private let done = DispatchSemaphore(value: 0)
    private var bytes: [UInt8] = []

    public init(_ path: String) throws {
        fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SpecialFiles.Unavailable(description: "open \(path): \(String(cString: strerror(errno)))") }
        Thread { self.run() }.start()
    }

    private func run() {
        var seenWriter = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<3000 {  // 100 ms polls: at most 5 minutes
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&p, 1, 100)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { bytes += buffer[..<n]; seenWriter = true; continue }
            // EOF counts once a writer has come and gone (before that a FIFO reads as empty).
            if n == 0, seenWriter || (p.revents & Int16(POLLHUP)) != 0 { break }
        }
        close(fd)
        done.signal()
    }

    /// Waits for the reader and returns what it read.
    public func finish() -> [UInt8] {
        done.wait()
        return bytes
    }
}
