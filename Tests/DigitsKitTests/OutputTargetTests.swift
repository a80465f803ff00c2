import DigitsTestSupport
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
