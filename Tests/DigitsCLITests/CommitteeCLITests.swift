import DigitsKit
import Foundation
import Testing

/// `digits evaluate A B …`, `digits classify A --with B …` and `digits compare A --committee B,C`:
/// several models answering as one committee (the mean of their outputs).
@Suite struct CommitteeCLITests {
    /// A [10, 10] model answering (ink position + shift) % 10 with output σ(weight − 5) there
    /// and σ(−5) elsewhere (shift 0, weight 10: ``EvaluateCLIFixtures/permutationModel(_:metadata:)``).
    static func shiftModel(_ shift: Int, weight: Float) throws -> Model {
        var w = [Float](repeating: 0, count: 100)
        for input in 0..<10 { w[((input + shift) % 10) * 10 + input] = weight }
        return Model(network: try Network(sizes: [10, 10], weights: [w], biases: [[Float](repeating: -5, count: 10)]))
    }

    /// a.bin: the identity model (18 of 20 right); weak.bin and strong.bin answer ink + 1 (never
    /// right here), with a smaller (σ(3)) or larger (σ(7)) output than a.bin's σ(5).
    static func directory() throws -> String {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(shiftModel(1, weight: 8), to: dir + "/weak.bin")
        try ModelFile.write(shiftModel(1, weight: 12), to: dir + "/strong.bin")
        return dir
    }

    /// The mean decides: with the weaker partner the committee answers as a.bin, with the
    /// stronger as the partner; each member's own accuracy is listed.
    @Test func evaluateReportsTheCommitteeAndEachMember() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let weak = try runDigits(["evaluate", "a.bin", "weak.bin", "--data", "."], in: dir)
        #expect(weak.status == 0, "stderr: \(weak.stderr)")
        let lines = weak.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "committee of 2 models (the mean of their outputs) on mnist test (20 examples)", "\(lines)")
        #expect(lines.dropFirst().prefix(2) == ["  member a.bin: accuracy 90.00% (18 correct)",
                                                "  member weak.bin: accuracy 0.00% (0 correct)"])
        #expect(weak.stdout.contains("accuracy 90.00% (18 / 20 correct)"))
        let strong = try runDigits(["evaluate", "a.bin", "strong.bin", "--data", "."], in: dir)
        #expect(strong.status == 0, "stderr: \(strong.stderr)")
        #expect(strong.stdout.contains("accuracy 0.00% (0 / 20 correct)"), "\(strong.stdout)")
        #expect(strong.stdout.contains("  member a.bin: accuracy 90.00% (18 correct)"))
        #expect(strong.stdout.contains("  9 → 0: 2"), "the committee's confusions: \(strong.stdout)")
    }

    @Test func evaluateJSONListsTheMembersAndGivesTheCommitteesFigures() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["evaluate", "a.bin", "strong.bin", "a.bin", "--data", ".", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try EvaluateCLIFixtures.json(r.stdout)
        #expect(object["model"] == nil, "a committee is not one model")
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(members.map { $0["model"] as? String } == ["a.bin", "strong.bin", "a.bin"])
        #expect(members.map { $0["accuracy"] as? Double } == [0.9, 0, 0.9])
        #expect(members.map { $0["correct"] as? Int } == [18, 0, 18])
        // Two votes for a.bin's σ(5) outweigh one σ(7): the mean answers as a.bin.
        #expect(object["accuracy"] as? Double == 0.9 && object["correct"] as? Int == 18)
        let single = try EvaluateCLIFixtures.json(try runDigits(["evaluate", "a.bin", "--data", ".", "--json"], in: dir).stdout)
        #expect(single["members"] == nil && single["model"] as? String == "a.bin")
        #expect(single["matrix"] as? [[Int]] == object["matrix"] as? [[Int]])
    }

    /// --scores writes the committee's outputs: the mean of what each member writes alone.
    @Test func scoresAreTheMeanOfTheMembersScores() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        for (args, file) in [(["a.bin"], "a.f32"), (["weak.bin"], "w.f32"), (["a.bin", "weak.bin"], "both.f32")] {
            let r = try runDigits(["evaluate"] + args + ["--data", ".", "--scores", file], in: dir)
            #expect(r.status == 0, "stderr: \(r.stderr)")
        }
        func floats(_ name: String) throws -> [Float] {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            return stride(from: 0, to: data.count, by: 4).map { i in
                Float(bitPattern: data[i..<(i + 4)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) })
            }
        }
        let a = try floats("a.f32"), w = try floats("w.f32"), both = try floats("both.f32")
        #expect(a.count == 200 && both.count == 200)
        #expect(both == zip(a, w).map { ($0 + $1) / 2 })
    }

    /// A member that does not match the first, or does not fit the data: exit 2 naming its file.
    @Test func aMemberThatDoesNotFitIsNamed() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let five = Model(network: try Network(zerosWithSizes: [10, 5]))
        try ModelFile.write(five, to: dir + "/five.bin")
        let r = try runDigits(["evaluate", "a.bin", "five.bin", "--data", "."], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "digits: five.bin: the model has 5 outputs but the data has 10 classes\n", "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let missing = try runDigits(["evaluate", "a.bin", "nope.bin", "--data", "."], in: dir)
        #expect(missing.status == 2 && missing.stderr.contains("nope.bin"), "\(missing.stderr)")
    }

    /// --misclassified and --csv follow the committee's answers.
    @Test func misclassifiedAndCSVAreTheCommittees() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["evaluate", "a.bin", "strong.bin", "--data", ".", "--csv", "m.csv", "--misclassified", "wrong.pgm"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("wrote 20 of 20 misclassified digits"), "\(r.stderr)")
        let csv = try String(contentsOfFile: dir + "/m.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n")[1] == "0,0,2,0,0,0,0,0,0,0,0", "label 0 taken for 1 twice: \(csv)")
    }

    /// A 784-input model that always answers 4 with output σ(20) = 1 (in Float32), and gives
    /// class 0 σ(−30) ≈ 0: beside the stroke model (which answers 0 for a vertical stroke with
    /// output ≈ 1) the mean favours 4.
    static func alwaysFour(outputs: Int = 10) throws -> Model {
        var net = try Network(zerosWithSizes: [784, outputs])
        net.biases[0] = (0..<outputs).map { $0 == 4 ? 20 : ($0 == 0 ? -30 : -5) }
        return Model(network: net)
    }

    @Test func classifyWithMembersAnswersAsTheCommittee() throws {
        let ws = try ClassifyCommandTests.Workspace()
        defer { ws.remove() }
        try ws.writeStroke("v.pgm", vertical: true)
        try ModelFile.write(Self.alwaysFour(), to: ws.dir + "/four.dm")
        let alone = try runDigits(["classify", ws.model, ws.dir + "/v.pgm", "--json"])
        let twice = try runDigits(["classify", ws.model, "--with", ws.model, ws.dir + "/v.pgm", "--json"])
        let four = try runDigits(["classify", ws.model, ws.dir + "/v.pgm", "--with", ws.dir + "/four.dm", "--json"])
        for r in [alone, twice, four] { #expect(r.status == 0, "stderr: \(r.stderr)") }
        let a = try #require(JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [[String: Any]])
        let t = try #require(JSONSerialization.jsonObject(with: Data(twice.stdout.utf8)) as? [[String: Any]])
        let f = try #require(JSONSerialization.jsonObject(with: Data(four.stdout.utf8)) as? [[String: Any]])
        #expect(a[0]["digit"] as? Int == 0 && a[0]["committee"] == nil)
        // The model with itself: the very same answer and confidence.
        #expect(t[0]["digit"] as? Int == 0 && t[0]["confidence"] as? Double == a[0]["confidence"] as? Double)
        #expect(t[0]["committee"] as? [String] == [ws.model, ws.model])
        #expect(f[0]["digit"] as? Int == 4, "\(f)")
        #expect(f[0]["committee"] as? [String] == [ws.model, ws.dir + "/four.dm"])
        let text = try runDigits(["classify", ws.model, "--with", ws.dir + "/four.dm", ws.dir + "/v.pgm"])
        #expect(text.stdout.hasPrefix(ws.dir + "/v.pgm: 4  confidence "), "\(text.stdout)")
    }

    @Test func classifyRefusesAMemberThatIsNotADigitModel() throws {
        let ws = try ClassifyCommandTests.Workspace()
        defer { ws.remove() }
        try ws.writeStroke("v.pgm", vertical: true)
        try ModelFile.write(Self.alwaysFour(outputs: 7), to: ws.dir + "/seven.dm")
        let r = try runDigits(["classify", ws.model, "--with", ws.dir + "/seven.dm", ws.dir + "/v.pgm"])
        #expect(r.status == 2)
        #expect(r.stderr == "digits: \(ws.dir)/seven.dm: \(ClassifyError.modelOutputCount(7).description)\n", "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// A committee as one side of compare: its figures are the committee's, McNemar's test
    /// pairs it with the single model, its weights are not compared.
    @Test func compareTreatsACommitteeAsOneModel() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["compare", "a.bin", "--committee", "a.bin,strong.bin", "--data", ".", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try EvaluateCLIFixtures.json(r.stdout)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.count == 2)
        #expect(models[0]["members"] == nil && models[0]["accuracy"] as? Double == 0.9)
        #expect(models[1]["members"] as? [String] == ["a.bin", "strong.bin"])
        #expect(models[1]["path"] as? String == "a.bin + strong.bin")
        #expect(models[1]["accuracy"] as? Double == 0, "the mean answers as strong.bin: \(models[1])")
        #expect(models[1]["parameterCount"] as? Int == 220)
        let pair = try #require((object["pairs"] as? [[String: Any]])?.first)
        #expect(pair["onlyFirstRight"] as? Int == 18 && pair["onlySecondRight"] as? Int == 0, "\(pair)")
        let weights = try #require((object["weights"] as? [[String: Any]])?.first)
        #expect(weights["layers"] == nil)
        #expect((weights["omittedBecause"] as? String)?.contains("B is a committee of 2 models") == true, "\(weights)")

        let text = try runDigits(["compare", "a.bin", "--committee", "a.bin,strong.bin", "--data", "."], in: dir)
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("B  committee of 2: a.bin + strong.bin  accuracy 0.00%"), "\(text.stdout)")
        // The same committee's answers as evaluate gives them.
        let evaluated = try EvaluateCLIFixtures.json(try runDigits(["evaluate", "a.bin", "strong.bin", "--data", ".", "--json"], in: dir).stdout)
        let confusion = try #require((object["confusionDifferences"] as? [[String: Any]])?.first?["matrix"] as? [[Int]])
        let single = try EvaluateCLIFixtures.json(try runDigits(["evaluate", "a.bin", "--data", ".", "--json"], in: dir).stdout)
        let a = try #require(single["matrix"] as? [[Int]]), c = try #require(evaluated["matrix"] as? [[Int]])
        #expect(confusion == zip(c, a).map { zip($0, $1).map { $0 - $1 } })
    }

    @Test func compareRefusesACommitteeOfOneOrNothingToCompare() throws {
        let dir = try Self.directory()
        defer { EvaluateCLIFixtures.remove(dir) }
        for args in [["a.bin", "--committee", "strong.bin"], ["--committee", "a.bin,strong.bin"], ["a.bin", "--committee", "a.bin,"]] {
            let r = try runDigits(["compare"] + args + ["--data", "."], in: dir)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
        }
        let missing = try runDigits(["compare", "a.bin", "--committee", "a.bin,nope.bin", "--data", "."], in: dir)
        #expect(missing.status == 2 && missing.stderr.contains("nope.bin"), "\(missing.stderr)")
    }

    /// --images with a committee: the images are prepared once, every file's answer is the
    /// committee's (a model with itself: the single model's answers, both members listed).
    @Test func evaluateImagesWithACommittee() throws {
        let dir = try EvaluateImagesCLITests.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let single = try runDigits(["evaluate", "a.digits", "--images", "imgs", "--json"], in: dir)
        let twice = try runDigits(["evaluate", "a.digits", "a.digits", "--images", "imgs", "--json"], in: dir)
        #expect(single.status == 0 && twice.status == 0, "stderr: \(twice.stderr)")
        let s = try EvaluateCLIFixtures.json(single.stdout), t = try EvaluateCLIFixtures.json(twice.stdout)
        let files = { (o: [String: Any]) in (o["files"] as? [[String: Any]])?.map { "\($0["file"] ?? "")=\($0["predicted"] ?? "")" } }
        #expect(files(t) != nil && files(t) == files(s))
        #expect((t["members"] as? [[String: Any]])?.count == 2 && t["accuracy"] as? Double == s["accuracy"] as? Double)
        try ModelFile.write(Model(network: try Network(zerosWithSizes: [784, 5])), to: dir + "/five.digits")
        let bad = try runDigits(["evaluate", "a.digits", "five.digits", "--images", "imgs"], in: dir)
        #expect(bad.status == 2 && bad.stderr.hasPrefix("digits: five.digits: "), "\(bad.stderr)")
    }
}
