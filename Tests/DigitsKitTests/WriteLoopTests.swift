import Foundation
import DigitsTestSupport
import Testing
@testable import DigitsKit

#if canImport(Glibc)
import Glibc
#endif

/// The one POSIX write loop: every byte arrives, whatever the descriptor does on the way.
@Suite struct WriteLoopTests {
    /// A pipe's two ends; `drain` reads the read end to its end.
    struct Pipe {
        let read: Int32, write: Int32
        init() throws {
            var fds: [Int32] = [0, 0]
            try #require(pipe(&fds) == 0)
            (read, write) = (fds[0], fds[1])
        }

        static func drain(_ fd: Int32) -> [UInt8] {
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return out }
                out += chunk[..<n]
            }
        }
    }

    static let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    /// Short writes and EINTR are resumed where they stopped.
    @Test func shortWritesAndInterruptionsAreResumed() throws {
        let dir = try TestSupport.makeTemporaryDirectory("writeloop")
        defer { TestSupport.removeDirectory(dir) }
        let path = dir + "/out"
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        var calls = 0
        try WriteLoop.writeAll(Self.bytes, to: fd) { fd, buffer in
            calls += 1
            if calls % 3 == 0 { return .failure(SystemCallError(errno: EINTR)) }
            return WriteLoop.system(fd, UnsafeRawBufferPointer(rebasing: buffer.prefix(1000 + calls)))
        }
        close(fd)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == Self.bytes)
        #expect(calls > 100, "the writer was asked for short pieces")
    }

    /// A write that makes no progress would loop forever: it is a full disk.
    @Test func noProgressIsAFullDisk() {
        var calls = 0
        #expect(throws: SystemCallError(errno: ENOSPC)) {
            // EIO after a few calls, so that a loop that retried would fail here, not hang.
            try WriteLoop.writeAll([1, 2, 3], to: -1) { _, _ in
                calls += 1
                return calls < 5 ? .success(0) : .failure(SystemCallError(errno: EIO))
            }
        }
        #expect(calls == 1)
    }

    /// Any other failure stops the loop and is the error (EPIPE for a reader that left).
    @Test func otherFailuresStopTheLoop() {
        var calls = 0
        #expect(throws: SystemCallError(errno: EPIPE)) {
            try WriteLoop.writeAll([1, 2, 3], to: -1) { _, buffer in
                calls += 1
                return calls == 1 ? .success(1) : .failure(SystemCallError(errno: EPIPE))
            }
        }
        #expect(calls == 2)
    }

    /// An empty buffer makes no call at all.
    @Test func emptyBufferWritesNothing() throws {
        try WriteLoop.writeAll([], to: -1) { _, _ in
            Issue.record("write called for an empty buffer")
            return .success(0)
        }
    }

    /// A non-blocking descriptor (as a caller may hand `digits` for its standard output): when
    /// the pipe is full the loop waits for the reader instead of failing with EAGAIN. The reader
    /// starts only once EAGAIN has been seen, so the wait is certain to happen.
    @Test func fullNonBlockingPipeIsWaitedOn() throws {
        let pipe = try Pipe()
        defer { close(pipe.read) }
        #expect(fcntl(pipe.write, F_SETFL, fcntl(pipe.write, F_GETFL) | O_NONBLOCK) == 0)
        let full = DispatchSemaphore(value: 0)
        final class Received: @unchecked Sendable { var bytes: [UInt8] = [] }
        let received = Received()
        let readerDone = DispatchSemaphore(value: 0)
        let readEnd = pipe.read
        Thread.detachNewThread {
            full.wait()
            received.bytes = Pipe.drain(readEnd)
            readerDone.signal()
        }
        var sawAgain = false
        // More than a pipe holds (64 KiB on Linux), so EAGAIN must come.
        let big = Array(repeating: Self.bytes, count: 4).flatMap { $0 }
        let outcome = Result { () throws(SystemCallError) in
            try WriteLoop.writeAll(big, to: pipe.write) { fd, buffer in
                let result = WriteLoop.system(fd, buffer)
                if case .failure(let e) = result, e.errno == EAGAIN, !sawAgain {
                    sawAgain = true
                    full.signal()
                }
                return result
            }
        }
        // The reader always finishes (also when the write failed): it sees end of file.
        close(pipe.write)
        if !sawAgain { full.signal() }
        readerDone.wait()
        try outcome.get()
        #expect(sawAgain)
        #expect(received.bytes == big)
    }
}
