import Foundation

/// Helpers shared by the test targets.
public enum TestSupport {
    /// The real MNIST directory, nil when absent; throws when absent and ``RealData/required``.
    ///
    /// For tests not yet written as `@Test(.enabled(if: RealData.available, RealData.whyAbsent))`,
    /// which is the way to say a test needs the data (a skip then shows as a skip).
    public static func realMNISTDirectory() throws -> String? {
        if RealData.mnistDirectory == nil, RealData.required { _ = try RealData.directory() }
        return RealData.mnistDirectory
    }

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
