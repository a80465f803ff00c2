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
    // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
    var outData = Data(), errData = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try? input.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
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
