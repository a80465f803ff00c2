import Foundation
import Testing

/// Helpers shared by the DigitsKit tests.
enum TestSupport {
    /// The directory that holds the real MNIST files (../shared/datasets/mnist), from the
    /// environment variable `DIGITS_MNIST_DIR` that `.ci/run` sets, else found beside the package.
    ///
    /// Returns nil when the files are absent on a developer machine (the caller skips); in CI
    /// (`CI` set) their absence is a failure, never a skip.
    static func realMNISTDirectory() throws -> String? {
        let fm = FileManager.default
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["DIGITS_MNIST_DIR"] { candidates.append(dir) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent("../shared/datasets/mnist").standardized.path)
        for dir in candidates where fm.fileExists(atPath: dir + "/train-images-idx3-ubyte.gz") {
            return dir
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            throw MissingData(message: "real MNIST files not found (set DIGITS_MNIST_DIR); tried \(candidates)")
        }
        return nil
    }

    struct MissingData: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// A new empty directory under the system's temporary directory, removed by the caller
    /// with ``removeDirectory(_:)`` (or left for the OS).
    static func makeTemporaryDirectory(_ name: String = "digits-test") throws -> String {
        let path = NSTemporaryDirectory() + "/\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of a committed fixture under Tests/DigitsKitTests/Fixtures.
    static func fixture(_ relativePath: String) -> String {
        Bundle.module.bundleURL.appendingPathComponent("Fixtures/\(relativePath)").path
    }
}
