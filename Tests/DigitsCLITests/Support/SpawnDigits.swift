import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// How a `digits` run ended when its standard output was something other than a pipe we read.
struct SpawnResult {
    var status: Int32
    var reason: Process.TerminationReason
    var stderr: String

    /// Ended by SIGPIPE: the quiet end of a filter whose reader left.
    var killedBySIGPIPE: Bool { reason == .uncaughtSignal && status == SIGPIPE }
}

/// Where the spawned process's standard output goes.
enum SpawnOutput {
    /// A file opened for writing (e.g. /dev/full).
    case file(String)
    /// A pipe whose read end is closed before the process starts: its first write fails.
    case closedPipe
}

/// Runs the built `digits` with standard output `output` and standard input `stdinPath` (or an
/// empty pipe). `ignoringSIGPIPE` starts it through `/bin/sh -c "trap '' PIPE; exec …"`, so that
/// it begins with SIGPIPE ignored, as under Python's subprocess.
func spawnDigits(_ arguments: [String], output: SpawnOutput, stdinPath: String? = nil,
                 ignoringSIGPIPE: Bool = false) throws -> SpawnResult {
    let process = Process()
    if ignoringSIGPIPE {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' PIPE; exec \"$0\" \"$@\"", digitsExecutable().path] + arguments
    } else {
        process.executableURL = digitsExecutable()
        process.arguments = arguments
    }
    var parentWriteEnd: Int32 = -1
    switch output {
    case .file(let path):
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    case .closedPipe:
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // no reader, ever
        parentWriteEnd = fds[1]
        process.standardOutput = FileHandle(fileDescriptor: fds[1], closeOnDealloc: false)
    }
    if let stdinPath {
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
    } else {
        process.standardInput = Pipe()
    }
    let err = Pipe()
    process.standardError = err
    try process.run()
    if parentWriteEnd >= 0 { close(parentWriteEnd) }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return SpawnResult(status: process.terminationStatus, reason: process.terminationReason,
                       stderr: String(decoding: errData, as: UTF8.self))
}

/// Whether `/bin/sh -c "trap '' PIPE; exec …"` really starts a program with SIGPIPE ignored
/// (bit 13 of SigIgn in /proc/self/status): the ignored-SIGPIPE tests rely on it.
func shellTrapIgnoresSIGPIPE() throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "trap '' PIPE; exec cat /proc/self/status"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
          let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
    return mask & (1 << (UInt64(SIGPIPE) - 1)) != 0
}

/// The file type bits of `path` (not following a final link), nil when absent.
func fileType(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
}
