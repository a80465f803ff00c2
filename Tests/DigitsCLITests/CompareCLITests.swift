import DigitsKit
import Foundation
import Testing

@Suite struct CompareCLITests {
    /// B swaps 3 and 5: it gets examples 3, 5 and 15 wrong where A is right (b = 3, c = 0).
    static let swap35 = [0, 1, 2, 5, 4, 3, 6, 7, 8, 9]

    @Test func aModelComparedWithItselfAgreesEverywhere() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let r = try runDigits(["compare", "a.bin", "a.bin", "--data", ".", "--validation", "2", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try EvaluateCLIFixtures.json(r.stdout)
        #expect(object["disagreements"] as? Int == 0)
        let pair = try #require((object["pairs"] as? [[String: Any]])?.first)
        #expect(pair["pValue"] as? Double == 1)
        #expect(pair["disagreements"] as? Int == 0)
        let layers = try #require(((object["weights"] as? [[String: Any]])?.first?["layers"]) as? [[String: Any]])
        #expect((layers.first?["weights"] as? [String: Any])?["l2Distance"] as? Double == 0)
    }

    @Test func jsonCarriesEveryFigure() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(Self.swap35), to: dir + "/b.bin")
        let r = try runDigits(["compare", "a.bin", "b.bin", "--data", ".", "--validation", "2", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try EvaluateCLIFixtures.json(r.stdout)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.map { $0["accuracy"] as? Double } == [0.9, 0.75])
        let pair = try #require((object["pairs"] as? [[String: Any]])?.first)
        #expect(pair["onlyFirstRight"] as? Int == 3)
        #expect(pair["onlySecondRight"] as? Int == 0)
        #expect(pair["disagreements"] as? Int == 3)
        #expect(pair["pValue"] as? Double == 0.25)  // 2 · C(3, 0) / 2³
        #expect((pair["reading"] as? String)?.contains("no significant difference") == true)
        let recall = try #require(object["classRecall"] as? [[String: Any]])
        #expect(Set(recall.prefix(2).compactMap { $0["label"] as? Int }) == [3, 5])
        let diff = try #require((object["confusionDifferences"] as? [[String: Any]])?.first?["matrix"] as? [[Int]])
        #expect(diff[5][5] == -2 && diff[5][3] == 2 && diff[3][5] == 1 && diff[3][3] == -1)
        for key in ["metadata", "warnings", "examples", "weights"] { #expect(object[key] != nil, "missing \(key)") }
    }

    @Test func textReportShowsTheMcNemarReadingAndDifference() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(Self.swap35), to: dir + "/b.bin")
        let r = try runDigits(["compare", "a.bin", "b.bin", "--data", ".", "--validation", "2",
                               "--svg", "d.svg", "--disagreements", "dis/"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("only A right: 3, only B right: 0"))
        #expect(r.stdout.contains("no significant difference between A and B (p = 0.25)"))
        #expect(r.stdout.contains("confusion matrix difference B − A"))
        #expect(r.stdout.contains("weights: B against A"))
        #expect(!r.stdout.contains("\u{1B}["))
        let svg = try String(contentsOfFile: dir + "/d.svg", encoding: .utf8)
        #expect(svg.contains(">+2</text>") && svg.contains(">-2</text>"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/dis").sorted()
        #expect(files == ["00003-true3-A3-B5.pgm", "00005-true5-A5-B3.pgm", "00015-true5-A5-B3.pgm"])
    }

    @Test func differentArchitecturesCompareWithoutAWeightSection() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(EvaluateCLIFixtures.deepIdentityModel(), to: dir + "/c.bin")
        let r = try runDigits(["compare", "a.bin", "c.bin", "--data", ".", "--validation", "2", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let weights = try #require((try EvaluateCLIFixtures.json(r.stdout)["weights"] as? [[String: Any]])?.first)
        #expect(weights["layers"] == nil || weights["layers"] is NSNull)
        #expect((weights["omittedBecause"] as? String)?.contains("different architectures") == true)
        let text = try runDigits(["compare", "a.bin", "c.bin", "--data", ".", "--validation", "2"], in: dir)
        #expect(text.stdout.contains("no weight comparison: different architectures"))
    }

    @Test func metadataMismatchesWarn() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let mnist = Metadata([(MetadataKey.datasetName, .string("mnist")),
                              (MetadataKey.datasetSHA256, .string("t10k-labels-idx1-ubyte.gz=00aa"))])
        let fashion = Metadata([(MetadataKey.datasetName, .string("fashion-mnist"))])
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(metadata: mnist), to: dir + "/a.bin")
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(metadata: fashion), to: dir + "/b.bin")
        let r = try runDigits(["compare", "a.bin", "b.bin", "--data", ".", "--validation", "2"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("digits: warning: ") }
        #expect(warnings.contains { $0.contains("DIFFERENT data") }, "stderr: \(r.stderr)")
        // A's recorded checksum of the test labels is not the file's: evaluated on other data.
        #expect(warnings.contains { $0.contains("other than the training data of A, B (trained on fashion-mnist)") }, "stderr: \(r.stderr)")
    }

    @Test func needsTwoModelsThatFitTheData() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(Model(network: try Network(zerosWithSizes: [10, 3])), to: dir + "/three.bin")
        let one = try runDigits(["compare", "a.bin", "--data", "."], in: dir)
        #expect(one.status == 2 && one.stderr.split(separator: "\n").count == 1)
        let r = try runDigits(["compare", "a.bin", "three.bin", "--data", ".", "--validation", "2"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("digits: three.bin: ") && r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
    }
}
