import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// `digits classify` end to end, with a hand-built model: class 0 answers to a vertical
/// stroke, class 1 to a horizontal one.
@Suite struct ClassifyCommandTests {
    /// A temporary directory holding `model.dm` and a few PGM files.
    struct Workspace {
        let dir: String
        var model: String { dir + "/model.dm" }

        init(inputs: Int = 784) throws {
            dir = try TestSupport.makeTemporaryDirectory("classify-cli")
            try FileManager.default.createDirectory(atPath: dir + "/images/nested", withIntermediateDirectories: true)
            var network = try Network(zerosWithSizes: [inputs, 10])
            if inputs == 784 {
                for y in 0..<28 {
                    for x in 0..<28 {
                        if abs(x - 14) < 3, abs(y - 14) >= 4 { network.weights[0][y * 28 + x] = 1 }
                        if abs(y - 14) < 3, abs(x - 14) >= 4 { network.weights[0][784 + y * 28 + x] = 1 }
                    }
                }
            }
            network.biases[0] = [Float](repeating: -5, count: 10)
            try ModelFile.write(Model(network: network), to: model)
        }

        /// Writes a stroke picture (black on white, 50×40) to `name` under the workspace.
        func writeStroke(_ name: String, vertical: Bool, plain: Bool = false) throws {
            try write(name, PGMWriter.encode(Self.stroke(vertical: vertical), inkIsDark: true, plain: plain))
        }

        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        }

        static func stroke(vertical: Bool) -> GrayImage {
            var image = GrayImage(width: 50, height: 40)
            for y in 0..<40 {
                for x in 0..<50 {
                    let inStroke = vertical ? (30..<34).contains(x) && (5..<35).contains(y)
                                            : (5..<40).contains(x) && (8..<12).contains(y)
                    if inStroke { image[x, y] = 1 }
                }
            }
            return image
        }

        func remove() { try? FileManager.default.removeItem(atPath: dir) }
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func classifiesFilesAndPrintsDigitConfidenceAndTop() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("v.pgm", vertical: true)
        try ws.writeStroke("h.pgm", vertical: false, plain: true)
        let r = try runDigits(["classify", ws.model, ws.dir + "/v.pgm", ws.dir + "/h.pgm", "--top", "2"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(ws.dir + "/v.pgm: 0  confidence "), "\(lines)")
        #expect(lines[1].hasPrefix(ws.dir + "/h.pgm: 1  confidence "), "\(lines)")
        #expect(lines[0].contains("top: 0 ") && lines[0].contains("(inverted)"))
        #expect(lines[0].components(separatedBy: ", ").count == 2)  // --top 2
    }

    @Test func aBadFileAmongGoodOnesIsOneLineAndExitsTwo() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("a.pgm", vertical: true)
        try ws.write("b.pgm", Array("P5\n28 28\n0\n".utf8))  // maxval 0
        try ws.writeStroke("c.pgm", vertical: false)
        let files = ["a.pgm", "b.pgm", "c.pgm"].map { ws.dir + "/" + $0 }
        let r = try runDigits(["classify", ws.model] + files)
        #expect(r.status == 2)
        let errors = r.stderr.split(separator: "\n")
        #expect(errors == ["digits: \(files[1]): PGM maxval 0 is outside 1…65535"])
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("\(files[0]): 0 ") && lines[1].hasPrefix("\(files[2]): 1 "))
    }

    /// With answers and errors going to one file or pipe, each error stands where its input
    /// stands among the answers.
    @Test func errorsStandAmongTheAnswersInInputOrder() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("a.pgm", vertical: true)
        try ws.write("b.pgm", Array("P5\n28 28\n0\n".utf8))
        try ws.writeStroke("c.pgm", vertical: false)
        let files = ["a.pgm", "b.pgm", "c.pgm"].map { ws.dir + "/" + $0 }
        let process = Process()
        process.executableURL = digitsExecutable()
        process.arguments = ["classify", ws.model] + files
        let both = Pipe()
        process.standardOutput = both
        process.standardError = both
        try process.run()
        let output = both.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(process.terminationStatus == 2)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("\(files[0]): 0 ") == true)
        #expect(lines.dropFirst().first == "digits: \(files[1]): PGM maxval 0 is outside 1…65535")
        #expect(lines.last?.hasPrefix("\(files[2]): 1 ") == true)
    }

    @Test func aMissingFileExitsTwoAndTheOtherFilesAreStillClassified() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("a.pgm", vertical: true)
        try ws.write("blank.pgm", PGMWriter.encode(GrayImage(width: 10, height: 10)))
        let missing = ws.dir + "/missing.pgm"
        let r1 = try runDigits(["classify", ws.model, ws.dir + "/a.pgm", missing])
        #expect(r1.status == 2)
        #expect(r1.stderr == "digits: \(missing): no such file\n")
        #expect(r1.stdout.split(separator: "\n").count == 1)
        let r2 = try runDigits(["classify", ws.model, missing, ws.dir + "/blank.pgm", ws.dir + "/a.pgm"])
        #expect(r2.status == 2)
        let errors = r2.stderr.split(separator: "\n")
        #expect(errors.count == 2)
        #expect(errors[1].hasPrefix("digits: \(ws.dir)/blank.pgm: no digit found"))
    }

    @Test func directoriesAreWalkedRecursivelyInSortedOrder() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("images/b.pgm", vertical: false)
        try ws.writeStroke("images/a.PGM", vertical: true)
        try ws.writeStroke("images/nested/c.pgm", vertical: true)
        try ws.write("images/notes.txt", Array("not an image".utf8))
        let r = try runDigits(["classify", ws.model, ws.dir + "/images", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let records = try json(r.stdout)
        #expect(records.compactMap { $0["file"] as? String } == ["a.PGM", "b.pgm", "nested/c.pgm"].map { ws.dir + "/images/" + $0 })
        #expect(records.compactMap { $0["digit"] as? Int } == [0, 1, 0])
    }

    @Test func jsonHasScoresTopAndErrorsInOrder() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("a.pgm", vertical: true)
        // (P6 was the bad file here before PPM was read; P7, PAM, still is not read.)
        try ws.write("bad.pgm", Array("P7\nWIDTH 1\nHEIGHT 1\n".utf8))
        let r = try runDigits(["classify", ws.model, ws.dir + "/a.pgm", ws.dir + "/bad.pgm", "--json", "--top", "4"])
        #expect(r.status == 2)
        let records = try json(r.stdout)
        #expect(records.count == 2)
        #expect(records[0]["digit"] as? Int == 0)
        let top = try #require(records[0]["top"] as? [[String: Any]])
        #expect(top.count == 4)
        #expect(top.first?["digit"] as? Int == 0)
        let confidence = try #require(records[0]["confidence"] as? Double)
        #expect(confidence > 0.5 && confidence <= 1)
        #expect((records[0]["output"] as? Double).map { $0 > 0.9 } == true)
        #expect(records[0]["inverted"] as? Bool == true)  // written black on white
        #expect((records[1]["error"] as? String)?.contains("P7") == true)
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func standardInputAndMultiImageFiles() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let two = PGMWriter.encode(Workspace.stroke(vertical: true), inkIsDark: false)
            + PGMWriter.encode(Workspace.stroke(vertical: false), inkIsDark: false)
        let r = try runDigits(["classify", ws.model, "-", "--json"], stdin: Data(two))
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let records = try json(r.stdout)
        #expect(records.compactMap { $0["file"] as? String } == ["-#1", "-#2"])
        #expect(records.compactMap { $0["digit"] as? Int } == [0, 1])
    }

    @Test func showDrawsTheNetworkInput() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("v.pgm", vertical: true)
        let r = try runDigits(["classify", ws.model, ws.dir + "/v.pgm", "--show"])
        #expect(r.status == 0)
        let art = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  |") }
        #expect(art.count == 28)
        #expect(art.allSatisfy { $0.count == 2 + 1 + 56 + 1 })
        #expect(art[14].contains("@@"))  // the stroke passes through the centre
        #expect(!art[0].contains("@"))
    }

    @Test func invertOptionIsObeyed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.writeStroke("v.pgm", vertical: true)
        let r = try runDigits(["classify", ws.model, ws.dir + "/v.pgm", "--invert", "no"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no digit found"))
        let bad = try runDigits(["classify", ws.model, ws.dir + "/v.pgm", "--invert", "maybe"])
        #expect(bad.status == 2)
        #expect(bad.stderr.split(separator: "\n").count == 1)
    }

    @Test func modelWithoutSevenEightyFourInputsExitsTwo() throws {
        let ws = try Workspace(inputs: 100)
        defer { ws.remove() }
        try ws.writeStroke("v.pgm", vertical: true)
        let r = try runDigits(["classify", ws.model, ws.dir + "/v.pgm"])
        #expect(r.status == 2)
        #expect(r.stderr == "digits: \(ws.model): the model takes 100 inputs; classifying pictures needs a model of 784 (28×28) inputs\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func everyCommittedMalformedFixtureIsOneLineAndExitsTwo() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DigitsKitTests/Fixtures/PGM/bad").path
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted()
        #expect(names.count >= 30)
        let r = try runDigits(["classify", ws.model, fixtures, "--json"])
        #expect(r.status == 2)
        let errors = r.stderr.split(separator: "\n")
        #expect(errors.count == names.count, "\(r.stderr)")
        for (line, name) in zip(errors, names) {
            #expect(line.hasPrefix("digits: \(fixtures)/\(name): "))
        }
        #expect(try json(r.stdout).allSatisfy { $0["error"] is String })
    }
}
