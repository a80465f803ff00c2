#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `digits serve` running in a child process on an ephemeral port of 127.0.0.1.
///
/// Started with `--port 0`; the port is read from the startup line. ``stop()`` sends SIGTERM
/// and waits (bounded) for the exit; the process is killed if a test forgets to stop it.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: UInt16
    /// The startup line printed on standard output.
    let startupLine: String
    private let stderrPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let errorText = LockedText()
    private var stopped = false

    /// Starts `digits serve ARGUMENTS --port 0` and waits (up to 60 s) for its startup line.
    init(_ arguments: [String]) throws {
        process.executableURL = digitsExecutable()
        process.arguments = ["serve"] + arguments + ["--port", "0"]
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        let errorText = self.errorText
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { errorText.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        let out = stdoutPipe.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
            let chunk = out.availableData  // blocks until data or EOF
            if chunk.isEmpty { break }
            line += chunk
        }
        startupLine = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let range = startupLine.range(of: #":(\d+)/"#, options: .regularExpression),
              let port = UInt16(startupLine[range].dropFirst().dropLast()) else {
            process.terminate()
            throw ServeTestError("no startup line with a port: \(startupLine.debugDescription); stderr: \(errorText.value)")
        }
        self.port = port
    }

    /// What the server wrote on standard error so far (warnings, the access log).
    var stderr: String { errorText.value }

    /// Sends `signal` without waiting (``stop()`` then waits for the exit).
    func send(signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Sends SIGTERM and waits up to 30 s for the exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard !stopped else { return process.terminationStatus }
        stopped = true
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        usleep(50_000)  // let the last standard-error bytes arrive
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    deinit { if !stopped { stop() } }
}

struct ServeTestError: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}

/// Text appended from a reader thread and read by the test.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ more: String) { lock.lock(); text += more; lock.unlock() }
    var value: String { lock.lock(); defer { lock.unlock() }; return text }
}
