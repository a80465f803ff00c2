import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// `digits import-json` and `digits export-json`.
@Suite struct JSONCommandTests {
    static let json = """
        {"sizes": [2, 3, 1], "weights": [[[0.5, -1.25], [0.001, 2], [0, 0.1]], [[1, 2, 3]]], \
        "biases": [[[0.1], [0.2], [0.3]], [[-4]]], "cost": "CrossEntropyCost"}
        """

    @Test func importThenExportRoundTrips() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-json")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Self.json.utf8).write(to: URL(fileURLWithPath: dir + "/in.json"))
        let imported = try runDigits(["import-json", "in.json", "-o", "m.digits"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let model = try ModelFile.read(dir + "/m.digits")
        #expect(model.network.sizes == [2, 3, 1])
        #expect(model.cost == .crossEntropy)
        #expect(model.metadata.string(MetadataKey.createdAt) != nil)

        let exported = try runDigits(["export-json", "m.digits", "-o", "out.json"], in: dir)
        #expect(exported.status == 0, "\(exported.stderr)")
        let back = try NetworkJSON.decode(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/out.json"))))
        #expect(back.network == model.network)
        #expect(back.cost == .crossEntropy)

        let stdout = try runDigits(["export-json", "m.digits", "-o", "-"], in: dir)
        #expect(stdout.status == 0)
        #expect(try NetworkJSON.decode(Array(stdout.stdout.utf8)).network == model.network)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["in.json", "m.digits", "out.json"])
    }

    @Test func malformedJSONIsOneLineExitTwoAndLeavesTheOldModel() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-json-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Self.json.utf8).write(to: URL(fileURLWithPath: dir + "/good.json"))
        #expect(try runDigits(["import-json", "good.json", "-o", "m.digits"], in: dir).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/m.digits"))
        for (text, message) in [
            ("{\"sizes\": [2, 3, 1]", "invalid JSON at byte"),
            (Self.json.replacingOccurrences(of: "[[-4]]", with: "[[-4, 1]]"), "biases[1][0] has 2 numbers, expected 1"),
            (Self.json.replacingOccurrences(of: "0.001", with: "NaN"), "weights[0][1][0] is NaN"),
            (Self.json.replacingOccurrences(of: "CrossEntropyCost", with: "Foo"), "unknown cost"),
        ] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/bad.json"))
            let r = try runDigits(["import-json", "bad.json", "-o", "m.digits"], in: dir)
            #expect(r.status == 2, "\(text)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("digits: bad.json: "), "\(r.stderr)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/m.digits")) == before)
    }

    @Test func exportOfMalformedModelExitsTwo() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-json-badmodel")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data([0x89, 0x44, 0x47]).write(to: URL(fileURLWithPath: dir + "/m.digits"))
        let r = try runDigits(["export-json", "m.digits", "-o", "out.json"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("digits: m.digits: truncated"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.json"))
    }

    @Test func missingOutputOptionIsUsageError() throws {
        let r = try runDigits(["import-json", "x.json"])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// A write failure (here: the file size limit, the nearest thing to a full disk without
    /// root) is exit 1, one line, the old model intact and no temporary file left.
    @Test func writeFailureLeavesTheOldModel() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-json-efbig")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Self.json.utf8).write(to: URL(fileURLWithPath: dir + "/small.json"))
        #expect(try runDigits(["import-json", "small.json", "-o", "m.digits"], in: dir).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/m.digits"))
        // A [64, 64, 10] network: ~17 KB as a model file, over a 4 KiB (ulimit -f 4) limit.
        var rng = SystemRandomNumberGenerator()
        let sizes = [64, 64, 10]
        let w = (1..<3).map { i in (0..<(sizes[i] * sizes[i - 1])).map { _ in Float.random(in: -1...1, using: &rng) } }
        let b = (1..<3).map { i in (0..<sizes[i]).map { _ in Float.random(in: -1...1, using: &rng) } }
        let big = Model(network: try Network(sizes: sizes, weights: w, biases: b))
        try Data(try NetworkJSON.encode(big)).write(to: URL(fileURLWithPath: dir + "/big.json"))
        let script = "trap '' XFSZ; ulimit -f 4; exec \"$0\" import-json big.json -o m.digits"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, digitsExecutable().path]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.hasPrefix("digits: m.digits: write: "), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/m.digits")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["big.json", "m.digits", "small.json"])
    }
}
