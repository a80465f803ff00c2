import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Text from outside (file names, metadata strings) is printed escaped: it can neither forge an
/// answer line nor send escape sequences to the terminal.
@Suite struct OutsideTextCLITests {
    /// Raw characters that must never reach the output: LF inside a name, ESC, C1 CSI, bidi
    /// override, line separator.
    static let forbidden: [Unicode.Scalar] = ["\u{1B}", "\u{9B}", "\u{202E}", "\u{2028}"]

    func expectClean(_ text: String, _ what: String) {
        for scalar in Self.forbidden { #expect(!text.unicodeScalars.contains(scalar), "\(what): raw U+\(String(scalar.value, radix: 16))") }
    }

    @Test func forgedFileNamesGiveOneVisiblyEscapedLineEach() throws {
        let ws = try ClassifyCommandTests.Workspace()
        defer { ws.remove() }
        let names = ["x\nfake: 9  confidence 1.000.pgm", "e\u{1B}[31mred.pgm", "b\u{202E}gpj.pgm", "c\u{9B}2J\u{2028}.pgm"]
        for name in names { try ws.writeStroke("images/" + name, vertical: true) }
        try ws.write("images/bad\nfake: 1  confidence 1.000.pgm", Array("P5 garbage".utf8))
        let r = try runDigits(["classify", ws.model, ws.dir + "/images"])
        #expect(r.status == 2, "one input is malformed: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == names.count, "one answer line per image:\n\(r.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix(ws.dir + "/images/") && $0.contains(": 0  confidence ") })
        #expect(lines.contains { $0.hasPrefix(ws.dir + "/images/x\\u{a}fake: 9  confidence 1.000.pgm: 0  confidence ") })
        #expect(lines.contains { $0.hasPrefix(ws.dir + "/images/e\\u{1b}[31mred.pgm: 0") })
        #expect(!lines.contains { $0.hasPrefix("fake: ") })
        expectClean(r.stdout, "answers")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("digits: \(ws.dir)/images/bad\\u{a}fake: 1  confidence 1.000.pgm: PGM width"), "\(r.stderr)")
        expectClean(r.stderr, "error line")

        // JSON keeps the exact names for programs, still with nothing raw for a terminal.
        let j = try runDigits(["classify", ws.model, ws.dir + "/images", "--json"])
        let records = try #require(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]])
        let files = Set(records.compactMap { $0["file"] as? String })
        #expect(files == Set((names + ["bad\nfake: 1  confidence 1.000.pgm"]).map { ws.dir + "/images/" + $0 }))
        expectClean(j.stdout, "JSON")
        expectClean(j.stderr, "JSON errors")
    }

    /// A metadata string (the recipe of a resumed checkpoint) is escaped in the train banner.
    @Test func checkpointRecipeIsEscapedInTheBanner() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-outside-text")
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TinyDataset.write(to: dir + "/data")
        let first = try runDigits(["train", "--data", dir + "/data", "--layers", "8", "--epochs", "1", "--seed", "3",
                                   "--validation", "60", "--out", dir + "/run.digits", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let checkpoint = dir + "/run.checkpoint.digits"
        var model = try ModelFile.read(checkpoint)
        model.metadata[AugmentationMetadataKey.recipe] = .string("nielsen\nepoch 2/2  cost 0.0000\u{1B}[2J\u{202E}")
        try ModelFile.write(model, to: checkpoint)
        let r = try runDigits(["train", "--data", dir + "/data", "--resume", checkpoint, "--epochs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let banner = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("training ") })
        #expect(banner.hasSuffix("; recipe nielsen\\u{a}epoch 2/2  cost 0.0000\\u{1b}[2J\\u{202e}"), "\(banner)")
        expectClean(r.stderr, "banner")
        #expect(!r.stderr.split(separator: "\n").contains { $0.hasPrefix("epoch 2/2  cost 0.0000") })
    }
}
