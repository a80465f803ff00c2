import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

#if canImport(Glibc)
import Glibc
#endif

/// Saving replaces the file atomically and leaves the old one intact on failure.
@Suite struct ModelFileAtomicWriteTests {
    /// An `IO` whose writes fail with `code` once `budget` bytes have been written in total.
    final class FailingWriter: @unchecked Sendable {
        var budget: Int
        let code: Int32
        init(budget: Int, code: Int32) { self.budget = budget; self.code = code }
        var io: AtomicFile.IO {
            AtomicFile.IO(
                write: { fd, buffer in
                    guard self.budget > 0 else { return .failure(.init(errno: self.code)) }
                    // Short writes, to exercise the loop.
                    let n = min(buffer.count, self.budget, 7)
                    let written = Glibc.write(fd, buffer.baseAddress, n)
                    self.budget -= max(written, 0)
                    return .success(written)
                },
                fsync: { _ in 0 })
        }
    }

    func contents(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    @Test func fullDiskLeavesTheOldModelIntact() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-enospc")
        defer { TestSupport.removeDirectory(dir) }
        let path = dir + "/model.digits"
        let old = try ModelFileTestSupport.goldenModel()
        try ModelFile.write(old, to: path)
        let new = try ModelFileRoundTripTests.randomModel(seed: 99)
        let bytes = try ModelFile.encode(new)
        for budget in [0, 1, 50, bytes.count - 1] {
            let failing = FailingWriter(budget: budget, code: ENOSPC)
            do {
                try AtomicFile.write(bytes, to: path, io: failing.io)
                Issue.record("write with budget \(budget) succeeded")
            } catch let error as any DigitsError {
                #expect(error.kind == .io)
                #expect(error.description.hasPrefix(path + ": write: "), "\(error)")
                #expect(error.description.contains(String(cString: strerror(ENOSPC))))
            }
            #expect(try ModelFile.read(path) == old, "budget \(budget)")
            #expect(try contents(dir) == ["model.digits"], "temporary file left behind (budget \(budget))")
        }
        // With enough room the same short-writing writer succeeds.
        try AtomicFile.write(bytes, to: path, io: FailingWriter(budget: bytes.count, code: ENOSPC).io)
        #expect(try ModelFile.encode(ModelFile.read(path)) == bytes)
    }

    @Test func failedFsyncLeavesTheOldModelIntact() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-eio")
        defer { TestSupport.removeDirectory(dir) }
        let path = dir + "/model.digits"
        let old = try ModelFileTestSupport.goldenModel()
        try ModelFile.write(old, to: path)
        var io = AtomicFile.IO.system
        io.fsync = { _ in EIO }
        #expect(throws: FileError.self) { try AtomicFile.write([1, 2, 3], to: path, io: io) }
        #expect(try ModelFile.read(path) == old)
        #expect(try contents(dir) == ["model.digits"])
    }

    @Test func missingDirectoryIsAnIOErrorNamingTheFile() throws {
        let path = "/nonexistent-digits-dir/sub/model.digits"
        do {
            try ModelFile.write(try ModelFileTestSupport.goldenModel(), to: path)
            Issue.record("write succeeded")
        } catch let error as any DigitsError {
            #expect(error.kind == .io)
            #expect(error.description.hasPrefix(path + ": "))
        }
    }

    @Test func staleTemporariesOfDeadProcessesAreRemoved() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-stale")
        defer { TestSupport.removeDirectory(dir) }
        // A PID that cannot be running (above the kernel's maximum), one that is (ours), and
        // another target's temporary file.
        let dead = dir + "/.model.digits.tmp-2147483646-abc"
        let alive = dir + "/.model.digits.tmp-\(getpid())-def"
        let other = dir + "/.other.digits.tmp-2147483646-abc"
        for p in [dead, alive, other] { _ = FileManager.default.createFile(atPath: p, contents: Data([1])) }
        try ModelFile.write(try ModelFileTestSupport.goldenModel(), to: dir + "/model.digits")
        #expect(try contents(dir) == [".model.digits.tmp-\(getpid())-def", ".other.digits.tmp-2147483646-abc", "model.digits"])
    }

    /// Saving over a symbolic link replaces the file it points to (relative links included) and
    /// keeps the link; an existing file keeps its permission bits.
    @Test func savingFollowsLinksAndKeepsTheFileMode() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-link")
        defer { TestSupport.removeDirectory(dir) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/runs", withIntermediateDirectories: false)
        let model = try ModelFileTestSupport.goldenModel()
        try ModelFile.write(model, to: dir + "/runs/real.digits")
        #expect(chmod(dir + "/runs/real.digits", 0o600) == 0)
        try fm.createSymbolicLink(atPath: dir + "/latest.digits", withDestinationPath: "runs/real.digits")
        var changed = model
        changed.metadata[MetadataKey.seed] = .int(42)
        try ModelFile.write(changed, to: dir + "/latest.digits")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir + "/latest.digits") == "runs/real.digits")
        #expect(try ModelFile.read(dir + "/runs/real.digits") == changed)
        let attributes = try fm.attributesOfItem(atPath: dir + "/runs/real.digits")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try contents(dir + "/runs") == ["real.digits"])
        // A link to a file that does not exist yet: the file is created where the link points.
        try fm.createSymbolicLink(atPath: dir + "/next.digits", withDestinationPath: dir + "/runs/next.digits")
        try ModelFile.write(model, to: dir + "/next.digits")
        #expect(try ModelFile.read(dir + "/runs/next.digits") == model)
        #expect(try fm.destinationOfSymbolicLink(atPath: dir + "/next.digits") == dir + "/runs/next.digits")
    }

    @Test func relativePathsSplitIntoDirectoryAndName() {
        #expect(AtomicFile.split("m.digits") == (".", "m.digits"))
        #expect(AtomicFile.split("/m.digits") == ("/", "m.digits"))
        #expect(AtomicFile.split("a/b/m.digits") == ("a/b", "m.digits"))
    }

    /// A model path that names nothing usable is a bad argument (exit 2), like a malformed file:
    /// missing, a directory, a FIFO (refused at once, not waited on), a symbolic-link loop.
    @Test func readingADirectoryMissingFileFIFOOrLoopIsBadInput() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-read")
        defer { TestSupport.removeDirectory(dir) }
        let fifo = dir + "/fifo.digits", loop = dir + "/loop.digits"
        #expect(mkfifo(fifo, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let expected = [dir: "not a regular file", dir + "/missing.digits": "no such file", fifo: "not a regular file",
                        loop: "open: "]
        for (path, problem) in expected {
            do {
                _ = try ModelFile.read(path)
                Issue.record("read \(path)")
            } catch let error as any DigitsError {
                #expect(error.kind == .badInput)
                #expect(error.description.hasPrefix(path + ": " + problem), "\(error)")
            }
        }
    }
}
