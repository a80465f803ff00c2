import Foundation

/// Helpers shared by the test targets.
public enum TestSupport {
    /// A new empty directory under the system's temporary directory, removed by the caller
    /// with ``removeDirectory(_:)`` (or left for the OS).
    public static func makeTemporaryDirectory(_ name: String = "digits-test") throws -> String {
        let path = NSTemporaryDirectory() + "/\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
