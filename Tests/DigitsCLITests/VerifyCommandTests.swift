import DigitsTestSupport
import Foundation
import Testing

/// `digits verify` on a good and on broken dataset directories (fixtures written here).
@Suite struct VerifyCommandTests {
    static let names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]

    /// Raw (uncompressed) IDX files under the gzip names: verify detects by content.
    func writeGoodDataset(_ dir: String, train: Int = 12, test: Int = 4) throws {
        func idx(_ dims: [Int], _ data: [UInt8]) -> Data {
            Data(IDXFixtures.idx(dimensions: dims.map(UInt32.init), data: data))
        }
        let files = [idx([train, 28, 28], [UInt8](repeating: 3, count: train * 784)),
                     idx([train], (0..<train).map { UInt8($0 % 10) }),
                     idx([test, 28, 28], [UInt8](repeating: 5, count: test * 784)),
                     idx([test], (0..<test).map { UInt8($0 % 10) })]
        for (name, data) in zip(Self.names, files) { try data.write(to: URL(fileURLWithPath: dir + "/" + name)) }
    }

    @Test func goodDirectoryExitsZero() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-verify")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeGoodDataset(dir)
        let r = try runDigits(["verify", dir])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("12 images 28×28") && r.stdout.contains("usable"))
    }

    @Test func jsonReportsEverything() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-verify")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeGoodDataset(dir)
        let r = try runDigits(["verify", dir, "--json"])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["usable"] as? Bool == true)
        #expect((object?["files"] as? [[String: Any]])?.compactMap { $0["count"] as? Int } == [12, 12, 4, 4])
    }

    @Test func brokenDirectoryExitsTwoWithOneLinePerProblem() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-verify")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeGoodDataset(dir)
        try FileManager.default.removeItem(atPath: dir + "/" + Self.names[3])
        try Data("not an idx file".utf8).write(to: URL(fileURLWithPath: dir + "/" + Self.names[0]))
        let r = try runDigits(["verify", dir])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "stderr: \(r.stderr)")
        #expect(lines.contains { $0.hasPrefix("digits: \(dir)/\(Self.names[0]): not an IDX file") })
        #expect(lines.contains("digits: \(dir)/\(Self.names[3]): no such file"))
        #expect(r.stdout.contains("not usable"))
    }

    @Test func missingDirectoryExitsTwo() throws {
        let r = try runDigits(["verify", "/nonexistent/digits-verify"])
        #expect(r.status == 2)
        #expect(r.stderr == "digits: /nonexistent/digits-verify: no such dataset directory (run 'digits download' first)\n")
    }

    @Test func unopenableFileExitsTwo() throws {
        // A symbolic link to itself: present, but open fails (ELOOP), even for root. A file that
        // cannot be opened is a bad argument like a missing one (exit 1 is for I/O errors).
        let dir = try TestSupport.makeTemporaryDirectory("digits-verify")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeGoodDataset(dir)
        let path = dir + "/" + Self.names[1]
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)
        let r = try runDigits(["verify", dir])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("digits: \(path): open: "), "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownDatasetIsAUsageError() throws {
        let r = try runDigits(["verify", "--dataset", "cifar"])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
