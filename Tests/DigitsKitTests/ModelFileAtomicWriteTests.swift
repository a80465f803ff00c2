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
        for p in [dead, alive, other] { FileManager.default.createFile(atPath: p, contents: Data([1])) }
        try ModelFile.write(try ModelFileTestSupport.goldenModel(), to: dir + "/model.digits")
        #expect(try contents(dir) == [".model.digits.tmp-\(getpid())-def", ".other.digits.tmp-2147483646-abc", "model.digits"])
    }

    @Test func relativePathsSplitIntoDirectoryAndName() {
        #expect(AtomicFile.split("m.digits") == (".", "m.digits"))
        #expect(AtomicFile.split("/m.digits") == ("/", "m.digits"))
        #expect(AtomicFile.split("a/b/m.digits") == ("a/b", "m.digits"))
    }

    @Test func readingADirectoryOrMissingFileIsAnIOError() throws {
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-read")
        defer { TestSupport.removeDirectory(dir) }
        for path in [dir, dir + "/missing.digits"] {
            do {
                _ = try ModelFile.read(path)
                Issue.record("read \(path)")
            } catch let error as any DigitsError {
                #expect(error.kind == .io)
                #expect(error.description.hasPrefix(path + ": "))
            }
        }
    }
}
