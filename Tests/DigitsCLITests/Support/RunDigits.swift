import Foundation

/// The result of running the `digits` binary.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `digits` executable (it sits beside the test bundle) with `arguments`,
/// optionally feeding `stdin`, in working directory `directory`.
func runDigits(_ arguments: [String], stdin: Data? = nil, in directory: String? = nil,
               environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = digitsExecutable()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // Drain both pipes concurrently so a chatty child cannot block on a full pipe: standard
    // error on a thread of its own, standard output on this one.
    let errData = LockedData()
    let errorReader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    errorReader.start()
    let stdinWriter = Thread {
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
    }
    stdinWriter.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    errData.waitUntilSet()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData.value, as: UTF8.self))
}

/// Bytes handed from a reader thread to the waiting test, under a lock.
private final class LockedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until ``set(_:)`` has been called.
    func waitUntilSet() {
        condition.lock()
        while data == nil { condition.wait() }
        condition.unlock()
    }

    var value: Data {
        condition.lock()
        defer { condition.unlock() }
        return data ?? Data()
    }
}

/// `.build/<config>/digits`: the products directory holds both the test bundle and the binary.
func digitsExecutable() -> URL {
    var dir = Bundle.main.bundleURL
    if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
    for candidate in [dir, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()] {
        let url = candidate.appendingPathComponent("digits")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return dir.appendingPathComponent("digits")
}
