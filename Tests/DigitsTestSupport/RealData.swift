import DigitsKit
import Foundation
import Testing

/// Where the real MNIST files are, for the tests that need them.
///
/// Such a test is `@Test(.enabled(if: RealData.available, RealData.whyAbsent))`, so on a machine
/// without the files it shows as skipped, with the reason. CI cannot skip them unnoticed:
/// `.ci/run` checks the files itself and sets `DIGITS_REQUIRE_REAL_DATA=1`, under which
/// `RealDataTests` fails when the files are absent.
public enum RealData {
    /// Where to look, in order: `DIGITS_MNIST_DIR` (which `.ci/run` sets), then
    /// ../shared/datasets/mnist beside the package.
    public static let candidates: [String] = {
        var dirs: [String] = []
        if let dir = ProcessInfo.processInfo.environment["DIGITS_MNIST_DIR"], !dir.isEmpty { dirs.append(dir) }
        // This file is Tests/DigitsTestSupport/RealData.swift: three levels below the package.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        dirs.append(packageRoot.appendingPathComponent("../shared/datasets/mnist").standardized.path)
        return dirs
    }()

    /// The first candidate that holds all four MNIST files (gzipped, their published names),
    /// nil when none does.
    public static let mnistDirectory: String? = candidates.first { dir in
        DatasetSpec.mnist.files.allSatisfy { FileManager.default.fileExists(atPath: dir + "/" + $0.name) }
    }

    /// Whether the real MNIST files are on this machine.
    public static var available: Bool { mnistDirectory != nil }

    /// Whether this run demands them: `DIGITS_REQUIRE_REAL_DATA=1`, as `.ci/run` sets.
    public static var required: Bool { ProcessInfo.processInfo.environment["DIGITS_REQUIRE_REAL_DATA"] == "1" }

    /// The reason a test that needs the files is skipped.
    public static var whyAbsent: Comment {
        Comment(rawValue: "skipped: the real MNIST files are not here (set DIGITS_MNIST_DIR); tried \(candidates.joined(separator: ", "))")
    }

    /// The directory, for a test enabled by ``available``; throws when the files are absent.
    public static func directory() throws -> String {
        guard let dir = mnistDirectory else { throw Missing(description: whyAbsent.rawValue) }
        return dir
    }

    struct Missing: Error, CustomStringConvertible { var description: String }
}
