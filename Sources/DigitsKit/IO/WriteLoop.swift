// Owns: the one POSIX write loop. Every byte DigitsKit writes to a file (``AtomicFile``, the
// download's ``SyncedOutputFile``) and every byte `digits` writes to standard output or standard
// error goes through `WriteLoop.writeAll`, so short writes, EINTR, EAGAIN and a write that makes
// no progress are handled once.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C function under a name that `WriteLoop`'s own members do not shadow.
private let systemWrite: (Int32, UnsafeRawPointer?, Int) -> Int = write

/// The errno of a failed system call.
public struct SystemCallError: Error, Equatable {
    /// The `errno` the call left.
    public var errno: Int32

    public init(errno: Int32) { self.errno = errno }
}

/// The one POSIX write loop: writes a whole buffer to a file descriptor with `write(2)`.
///
/// It never prints and never ends the process: a failure is thrown as the errno that stopped it,
/// for the caller to name the file (or, in `digits`, the standard stream).
public enum WriteLoop {
    /// One `write(2)` call: the number of bytes written, or the errno it failed with.
    public typealias Call = (_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Result<Int, SystemCallError>

    /// The real `write(2)`.
    public static let system: Call = { fd, buffer in
        let n = systemWrite(fd, buffer.baseAddress, buffer.count)
        return n < 0 ? .failure(SystemCallError(errno: errno)) : .success(n)
    }

    /// Writes all of `bytes` to `fd`, as the buffer overload below does.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32, using write: Call = system) throws(SystemCallError) {
        // `withUnsafeBytes` rethrows untyped errors: carry the typed one out by hand.
        let outcome = bytes.withUnsafeBytes { all in
            Result { () throws(SystemCallError) in try writeAll(all, to: fd, using: write) }
        }
        try outcome.get()
    }

    /// Writes all of `buffer` to `fd` with `write` (the system's by default; tests pass one that
    /// fails on purpose).
    ///
    /// - Resumes after a short write and after EINTR.
    /// - On EAGAIN (a non-blocking descriptor, e.g. one inherited from the caller) waits with
    ///   `poll` until the descriptor can take more, then goes on.
    /// - A write that makes no progress on a non-empty buffer would loop forever: it counts as a
    ///   full disk (ENOSPC).
    ///
    /// - Throws: the errno of the first write that failed otherwise (EPIPE, ENOSPC, EIO, …); the
    ///   bytes before it may have been written.
    public static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32, using write: Call = system) throws(SystemCallError) {
        var done = 0
        while done < buffer.count {
            switch write(fd, UnsafeRawBufferPointer(rebasing: buffer[done...])) {
            case .success(let n) where n > 0:
                done += n
            case .success:
                throw SystemCallError(errno: ENOSPC)
            case .failure(let error):
                switch error.errno {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    var wait = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&wait, 1, -1)
                default:
                    throw error
                }
            }
        }
    }
}
