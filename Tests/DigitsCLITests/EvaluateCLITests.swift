import DigitsKit
import Foundation
import Testing

@Suite struct EvaluateCLITests {
    @Test func printsAccuracyMatrixAndFigures() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let r = try runDigits(["evaluate", "a.bin", "--data", ".", "--validation", "2"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("accuracy 90.00% (18 / 20 correct)"))
        #expect(r.stdout.contains("7 → 1: 1"))
        #expect(r.stdout.contains("3 → 8: 1"))
        #expect(!r.stdout.contains("\u{1B}["), "no ANSI codes when stdout is not a terminal")
        // Row 7 of the matrix: one example, predicted 1.
        let row7 = r.stdout.split(separator: "\n").first { $0.hasPrefix("      7 ") }
        #expect(row7.map { $0.split(separator: " ").map(String.init) } == ["7", "0", "1", "0", "0", "0", "0", "0", "1", "0", "0"])
    }

    /// The test split needs only the test files; --validation (or another split) still checks
    /// the training files.
    @Test func testSplitNeedsOnlyTheTestFiles() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try FileManager.default.removeItem(atPath: dir + "/train-images-idx3-ubyte.gz")
        let r = try runDigits(["evaluate", "a.bin", "--data", "."], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("accuracy 90.00% (18 / 20 correct)"))
        let withValidation = try runDigits(["evaluate", "a.bin", "--data", ".", "--validation", "2"], in: dir)
        #expect(withValidation.status == 2)
        #expect(withValidation.stderr.contains("train-images-idx3-ubyte.gz"))
    }

    /// --time N (for tools/bench) evaluates N times and reports the median time; the figures
    /// are those of one evaluation.
    @Test func timedRunsReportTheSameFigures() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let once = try runDigits(["evaluate", "a.bin", "--data", ".", "--json"], in: dir)
        let timed = try runDigits(["evaluate", "a.bin", "--data", ".", "--json", "--time", "3"], in: dir)
        #expect(once.status == 0 && timed.status == 0, "stderr: \(timed.stderr)")
        var a = try EvaluateCLIFixtures.json(once.stdout), b = try EvaluateCLIFixtures.json(timed.stdout)
        #expect((b["seconds"] as? Double).map { $0 >= 0 } == true)
        a["seconds"] = nil
        b["seconds"] = nil
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
    }

    @Test func jsonCarriesConsistentFigures() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let r = try runDigits(["evaluate", "a.bin", "--data", ".", "--validation", "2", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try EvaluateCLIFixtures.json(r.stdout)
        let matrix = try #require(object["matrix"] as? [[Int]])
        let n = matrix.joined().reduce(0, +)
        let trace = matrix.indices.reduce(0) { $0 + matrix[$1][$1] }
        #expect(n == 20)
        #expect(object["accuracy"] as? Double == Double(trace) / Double(n))
        #expect(object["accuracy"] as? Double == 0.9)
        let perClass = try #require(object["perClass"] as? [[String: Any]])
        // Class 1: two examples (1, 11), both right, and example 7 taken for a 1: P = 2/3, R = 1.
        #expect(perClass[1]["precision"] as? Double == 2.0 / 3)
        #expect(perClass[1]["recall"] as? Double == 1)
        #expect(object["macro"] is [String: Any])
        #expect((object["confusions"] as? [Any])?.count == 2)
        // One vocabulary (docs/json.md): `label` is the true class, `predicted` the network's
        // answer; a count of answers is `predictedCount`.
        #expect(perClass[1]["label"] as? Int == 1 && perClass[1]["predictedCount"] as? Int == 3, "\(perClass[1])")
        #expect(perClass.allSatisfy { $0["predicted"] == nil })
        let confusions = try #require(object["confusions"] as? [[String: Any]])
        #expect(confusions.allSatisfy { Set($0.keys) == ["label", "predicted", "count"] }, "\(confusions)")
        #expect(confusions.contains { $0["label"] as? Int == 7 && $0["predicted"] as? Int == 1 }, "\(confusions)")
    }

    @Test func writesCSVSVGAndMisclassifiedDigits() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let r = try runDigits(["evaluate", "a.bin", "--data", ".", "--validation", "2", "--csv", "m.csv",
                               "--svg", "m.svg", "--misclassified", "wrong.pgm"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let csv = try String(contentsOfFile: dir + "/m.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 11)
        #expect(csv[0] == "true\\predicted,0,1,2,3,4,5,6,7,8,9")
        #expect(csv[8] == "7,0,1,0,0,0,0,0,1,0,0")
        let svg = try String(contentsOfFile: dir + "/m.svg", encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("</svg>"))
        let pgm = try Data(contentsOf: URL(fileURLWithPath: dir + "/wrong.pgm"))
        #expect(pgm.starts(with: Data("P5\n".utf8)))

        let d = try runDigits(["evaluate", "a.bin", "--data", ".", "--validation", "2", "--misclassified", "wrong/"], in: dir)
        #expect(d.status == 0, "stderr: \(d.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/wrong").sorted()
        #expect(files == ["00007-true7-pred1.pgm", "00013-true3-pred8.pgm"])
    }

    @Test func modelThatDoesNotFitTheDataIsOneLineExitTwo() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(Model(network: try Network(zerosWithSizes: [4, 10])), to: dir + "/small.bin")
        try ModelFile.write(Model(network: try Network(zerosWithSizes: [10, 5])), to: dir + "/five.bin")
        for (file, words) in [("small.bin", "4 inputs"), ("five.bin", "5 outputs")] {
            let r = try runDigits(["evaluate", file, "--data", ".", "--validation", "2"], in: dir)
            #expect(r.status == 2)
            #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
            #expect(r.stderr.hasPrefix("digits: \(file): ") && r.stderr.contains(words), "stderr: \(r.stderr)")
        }
    }

    @Test func warnsWhenTheModelWasTrainedOnOtherData() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let meta = Metadata([(MetadataKey.datasetName, .string("fashion-mnist"))])
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(metadata: meta), to: dir + "/f.bin")
        let r = try runDigits(["evaluate", "f.bin", "--data", ".", "--validation", "2"], in: dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning:") && r.stderr.contains("trained on fashion-mnist"), "stderr: \(r.stderr)")
    }
}
