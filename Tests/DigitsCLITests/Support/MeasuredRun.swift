#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The result of ``runDigitsMeasured(_:addressSpaceLimitKiB:in:)``.
struct MeasuredRunResult {
    /// The exit status, or nil when the child was killed by a signal.
    var status: Int32?
    var signal: Int32?
    var stdout: String
    var stderr: String
    /// The child's own peak resident set size (`ru_maxrss` from `wait4` on its pid), in bytes.
    var peakRSS: Int
}

/// Runs the `digits` binary with its address space limited to `addressSpaceLimitKiB` (`ulimit -v`
/// in `/bin/sh`, which then execs `digits` in the same process) and measures its peak RSS.
///
/// `wait4` on the child's pid reports that process alone, unlike `getrusage(RUSAGE_CHILDREN)`,
/// which would mix in the children of tests running in parallel. Under the address-space limit
/// any allocation near the limit fails (the Swift runtime then traps), even one whose pages are
/// never touched and so would not show in the RSS.
func runDigitsMeasured(_ arguments: [String], addressSpaceLimitKiB: Int, in directory: String) throws -> MeasuredRunResult {
    let outPath = "\(directory)/measured-stdout", errPath = "\(directory)/measured-stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let script = "ulimit -v \(addressSpaceLimitKiB) && exec \"$0\" \"$@\""
    let argv = (["/bin/sh", "-c", script, digitsExecutable().path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    let signal = status & 0x7f
    #if canImport(Darwin)
    let peak = Int(usage.ru_maxrss)  // bytes on Darwin
    #else
    let peak = Int(usage.ru_maxrss) * 1024  // KiB on Linux
    #endif
    func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
    return MeasuredRunResult(status: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
                             stdout: text(outPath), stderr: text(errPath), peakRSS: peak)
}
