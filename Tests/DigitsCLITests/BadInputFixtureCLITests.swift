import DigitsTestSupport
import Foundation
import Testing

/// Runs the command that reads each committed malformed input (Tests/DigitsKitTests/Fixtures/
/// BadInputs, from tools/make-bad-input-fixtures.py): exit 2 and exactly one `digits: ` line on
/// standard error, naming the file. (BadInputFixtureTests checks each file's exact error.)
@Suite struct BadInputFixtureCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DigitsKitTests/Fixtures/BadInputs").path

    static func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(fixtures)/\(folder)")) ?? []).sorted()
    }

    static let datasetNames = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                               "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]

    /// A valid tiny dataset (2 training and 2 test images of 4×4, raw IDX under the usual names).
    static func writeTinyDataset(_ dir: String) throws {
        func idx(_ dims: [UInt32], _ data: [UInt8]) -> Data { Data(IDXFixtures.idx(dimensions: dims, data: data)) }
        let files = [idx([2, 4, 4], Array(0..<32)), idx([2], [3, 7]), idx([2, 4, 4], Array(32..<64)), idx([2], [1, 9])]
        for (name, data) in zip(datasetNames, files) { try data.write(to: URL(fileURLWithPath: "\(dir)/\(name)")) }
    }

    /// Exit 2, nothing but one `digits: PATH: …` line on standard error.
    static func expectOneErrorLine(_ r: RunResult, naming path: String, _ fixture: String) {
        #expect(r.status == 2, "\(fixture): exit \(r.status), stderr: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 1 && r.stderr.hasSuffix("\n"), "\(fixture): stderr: \(r.stderr)")
        #expect(lines.filter { $0.hasPrefix("digits: ") }.count == 1, "\(fixture): stderr: \(r.stderr)")
        #expect(lines.first?.hasPrefix("digits: \(path): ") == true, "\(fixture): stderr: \(r.stderr)")
        #expect((lines.first?.count ?? 0) > "digits: \(path): ".count, "\(fixture): no message")
    }

    /// `digits verify DIR` with the fixture in place of the training images (or labels).
    @Test(arguments: files("IDX").map { "IDX/\($0)" } + files("Gzip").map { "Gzip/\($0)" })
    func verifyRejectsDatasetFile(fixture: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-bad-inputs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeTinyDataset(dir)
        let isLabels = (fixture as NSString).lastPathComponent.hasPrefix("labels-")
        let target = "\(dir)/\(Self.datasetNames[isLabels ? 1 : 0])"
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: "\(Self.fixtures)/\(fixture)", toPath: target)
        let r = try runDigits(["verify", dir])
        Self.expectOneErrorLine(r, naming: target, fixture)
        #expect(r.stdout.contains("not usable: 1 problem"), "\(fixture): \(r.stdout)")
    }

    @Test(arguments: files("ModelFile"))
    func inspectRejectsModelFile(fixture: String) throws {
        let path = "\(Self.fixtures)/ModelFile/\(fixture)"
        let r = try runDigits(["inspect", path])
        Self.expectOneErrorLine(r, naming: path, fixture)
        #expect(r.stdout.isEmpty, "\(fixture): \(r.stdout)")
    }

    @Test(arguments: files("JSON"))
    func importJSONRejectsFile(fixture: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-bad-inputs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(Self.fixtures)/JSON/\(fixture)"
        let r = try runDigits(["import-json", path, "-o", "\(dir)/out.digits"])
        Self.expectOneErrorLine(r, naming: path, fixture)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "\(fixture): output written")
    }

    @Test func fixturesAreFound() {
        for folder in ["IDX", "Gzip", "ModelFile", "JSON"] { #expect(Self.files(folder).count >= 30, "\(folder)") }
    }
}
