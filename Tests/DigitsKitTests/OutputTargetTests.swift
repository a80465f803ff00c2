import Foundation
import Testing
@testable import DigitsKit

#if canImport(Glibc)
import Glibc
#endif

/// The one writer and what an output path may name: a regular file is replaced atomically
/// (``ModelFileAtomicWriteTests``), a character device or FIFO is written into and stays what it
/// is, a directory, block device or socket is refused, and the early check finds bad paths.
@Suite struct OutputTargetTests {
    func kind(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    func names(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    /// A copy of /dev/null (character device 1:3) made with mknod in a temporary directory, and
    /// through a symbolic link: written into, still a device, no temporary file left.
    @Test func characterDeviceIsWrittenIntoNotReplaced() throws {
        let dir = try TestSupport.makeTemporaryDirectory("output-chr")
        defer { TestSupport.removeDirectory(dir) }
        let device = dir + "/null"
        try SpecialFiles.makeDevice(device, type: S_IFCHR, major: 1, minor: 3)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "null")
        for path in [device, dir + "/link"] {
            try AtomicFile.write(Array("{\"sizes\": [1, 1]}\n".utf8), to: path)
            #expect(kind(device) == S_IFCHR, "\(path)")
        }
        #expect(kind(dir + "/link") == S_IFLNK)
        #expect(try names(dir) == ["link", "null"])
        try AtomicFile.checkOutputFile(device)
    }

    /// A FIFO with a reader gets every byte (more than a pipe buffer holds); it stays a FIFO.
    @Test func fifoDeliversTheBytesToItsReader() throws {
        let dir = try TestSupport.makeTemporaryDirectory("output-fifo")
        defer { TestSupport.removeDirectory(dir) }
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: fifo)
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for path in [fifo, dir + "/link"] {
            let reader = try FIFOReader(fifo)
            try AtomicFile.write(bytes, to: path)
            #expect(reader.finish() == bytes, "\(path)")
            #expect(kind(fifo) == S_IFIFO)
        }
        #expect(try names(dir) == ["link", "pipe"])
    }

    /// A Unix socket, a directory and a name that can only be a directory's are refused as bad
    /// input (by the writer and by the early check) and left alone.
    @Test func socketAndDirectoryAreRefused() throws {
        let dir = try TestSupport.makeTemporaryDirectory("output-refused")
        defer { TestSupport.removeDirectory(dir) }
        let socketPath = dir + "/sock"
        let socketFD = try SpecialFiles.makeSocket(socketPath)
        defer { close(socketFD) }
        try expectRefused([(socketPath, .socket, S_IFSOCK), (dir, .isADirectory, S_IFDIR),
                           (dir + "/new/", .directoryName, nil), (dir + "/..", .directoryName, S_IFDIR),
                           ("", .emptyName, nil)])
        #expect(try names(dir) == ["sock"])
    }

    /// A block device (loop0, made with mknod in a temporary directory) is refused, not
    /// written into: a model written over a disk is never what was meant.
    @Test func blockDeviceIsRefused() throws {
        let dir = try TestSupport.makeTemporaryDirectory("output-blk")
        defer { TestSupport.removeDirectory(dir) }
        try SpecialFiles.makeDevice(dir + "/loop", type: S_IFBLK, major: 7, minor: 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "loop")
        try expectRefused([(dir + "/loop", .blockDevice, S_IFBLK), (dir + "/link", .blockDevice, S_IFLNK)])
        #expect(try names(dir) == ["link", "loop"])
    }

    func expectRefused(_ cases: [(path: String, problem: OutputPathError, kind: mode_t?)]) throws {
        for (path, problem, before) in cases {
            for attempt in [{ try AtomicFile.write([1, 2, 3], to: path) }, { try AtomicFile.checkOutputFile(path) }] {
                do {
                    try attempt()
                    Issue.record("\(path) was accepted")
                } catch let error as FileError {
                    #expect(error.underlying as? OutputPathError == problem, "\(path): \(error)")
                    #expect(error.kind == .badInput)
                    #expect(error.path == path)
                }
            }
            if !path.isEmpty { #expect(kind(path) == before, "\(path)") }
        }
    }

    /// The early check: a missing parent (unless the command creates directories), a parent
    /// that is a regular file, a directory output that is a file.
    @Test func earlyCheckFindsParentsThatCannotHoldTheFile() throws {
        let dir = try TestSupport.makeTemporaryDirectory("output-check")
        defer { TestSupport.removeDirectory(dir) }
        let file = dir + "/file"
        try AtomicFile.write([1], to: file)
        func problem(_ body: () throws -> Void) -> OutputPathError? {
            do { try body(); return nil } catch { return (error as? FileError)?.underlying as? OutputPathError }
        }
        #expect(problem { try AtomicFile.checkOutputFile(file) } == nil)
        #expect(problem { try AtomicFile.checkOutputFile(dir + "/new.csv") } == nil)
        #expect(problem { try AtomicFile.checkOutputFile(dir + "/a/b/new.csv") } == .noSuchDirectory(dir + "/a/b"))
        #expect(problem { try AtomicFile.checkOutputFile(dir + "/a/b/new.csv", createsDirectories: true) } == nil)
        #expect(problem { try AtomicFile.checkOutputFile(file + "/new.csv", createsDirectories: true) } == .ancestorNotADirectory(file))
        #expect(problem { try AtomicFile.checkOutputFile(file + "/a/new.csv", createsDirectories: true) } == .ancestorNotADirectory(file))
        #expect(problem { try AtomicFile.checkOutputDirectory(dir + "/x/y") } == nil)
        #expect(problem { try AtomicFile.checkOutputDirectory(file) } == .notADirectory)
        #expect(problem { try AtomicFile.checkOutputDirectory(file + "/sub") } == .ancestorNotADirectory(file))
        // Nothing was created by the checks.
        #expect(try names(dir) == ["file"])
        // mkdir -p with the system's reason, not Foundation's text.
        try AtomicFile.createDirectories(dir + "/x/y")
        #expect(kind(dir + "/x/y") == S_IFDIR)
        do {
            try AtomicFile.createDirectories(file + "/sub")
            Issue.record("created a directory under a file")
        } catch let error as FileError {
            #expect(error.description == "\(file)/sub: mkdir \(file): Not a directory")
        }
    }
}

/// Test helpers that make device nodes, FIFOs' readers and sockets.
enum SpecialFiles {
    struct Unavailable: Error, CustomStringConvertible { var description: String }

    /// Linux's dev_t for major:minor (the `makedev` macro is not imported into Swift).
    static func device(major: UInt64, minor: UInt64) -> dev_t {
        dev_t(((major & 0xFFFF_F000) << 32) | ((major & 0xFFF) << 8) | ((minor & 0xFFFF_FF00) << 12) | (minor & 0xFF))
    }

    /// mknod; when the system refuses (not root, or no CAP_MKNOD in a container) the test is
    /// cancelled with the reason, printed and recorded as a skip: never a silent pass.
    static func makeDevice(_ path: String, type: mode_t, major: UInt64, minor: UInt64) throws {
        guard mknod(path, type | 0o666, device(major: major, minor: minor)) == 0 else {
            let reason = "skipped: mknod \(path) failed: \(String(cString: strerror(errno))) (needs root with CAP_MKNOD; uid \(getuid()))"
            Swift.print(reason)
            try Test.cancel(Comment(rawValue: reason))
        }
    }

    /// A Unix-domain socket bound at `path`; returns its descriptor.
    static func makeSocket(_ path: String) throws -> Int32 {
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
final class FIFOReader: @unchecked Sendable {
    private let fd: Int32
    private let done = DispatchSemaphore(value: 0)
    private var bytes: [UInt8] = []

    init(_ path: String) throws {
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
    func finish() -> [UInt8] {
        done.wait()
        return bytes
    }
}
