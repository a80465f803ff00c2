import DigitsKit
import Foundation
import Testing

/// Class names in `digits evaluate`'s report (Fashion-MNIST's, or a spec file's `classNames`),
/// and the report without names, byte for byte as it was before names existed.
@Suite struct EvaluateClassNamesCLITests {
    /// The text report on the MNIST-named fixture, as it was before class names (all but the
    /// last line, which holds the time taken).
    static let unnamedReport = #"""
        a.bin on mnist test (20 examples)
        accuracy 90.00% (18 / 20 correct)

        confusion matrix (rows: true class, columns: predicted)
        true\pred    0    1    2    3    4    5    6    7    8    9
              0      2    0    0    0    0    0    0    0    0    0
              1      0    2    0    0    0    0    0    0    0    0
              2      0    0    2    0    0    0    0    0    0    0
              3      0    0    0    1    0    0    0    0    1    0
              4      0    0    0    0    2    0    0    0    0    0
              5      0    0    0    0    0    2    0    0    0    0
              6      0    0    0    0    0    0    2    0    0    0
              7      0    1    0    0    0    0    0    1    0    0
              8      0    0    0    0    0    0    0    0    2    0
              9      0    0    0    0    0    0    0    0    0    2

        class  precision   recall       F1  support
            0    100.00%  100.00%  100.00%        2
            1     66.67%  100.00%   80.00%        2
            2    100.00%  100.00%  100.00%        2
            3    100.00%   50.00%   66.67%        2
            4    100.00%  100.00%  100.00%        2
            5    100.00%  100.00%  100.00%        2
            6    100.00%  100.00%  100.00%        2
            7    100.00%   50.00%   66.67%        2
            8     66.67%  100.00%   80.00%        2
            9    100.00%  100.00%  100.00%        2
        macro     93.33%   90.00%   89.33%       20

        most frequent confusions (true → predicted: count)
          3 → 8: 1
          7 → 1: 1
        """#

    @Test func withoutNamesTheReportIsAsBefore() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let r = try runDigits(["evaluate", "a.bin", "--data", ".", "--svg", "cm.svg", "--csv", "cm.csv"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.dropLast(2).joined(separator: "\n") == Self.unnamedReport)
        #expect(lines.dropLast().last?.hasPrefix("(the network took ") == true)
        // The heatmap and the CSV, byte for byte as before (SHA-256 of the files then written).
        let svg = try FileBytes.read(dir + "/cm.svg", limit: 1 << 20)
        #expect(DatasetChecksum.sha256(svg) == "78609d3046055ed0ac9c28709078fa519530d402ae119afc0eb07dbe07994b0a")
        let csv = try FileBytes.read(dir + "/cm.csv", limit: 1 << 20)
        #expect(DatasetChecksum.sha256(csv) == "48d379c655655863c657d4f5a39a82d16e9ebd4f78f63c402d2cc3ae5f19a6d2")
        let json = try runDigits(["evaluate", "a.bin", "--data", ".", "--json"], in: dir)
        #expect(try EvaluateCLIFixtures.json(json.stdout)["classNames"] == nil)
    }

    /// A model trained on Fashion-MNIST but evaluated on MNIST: the dataset evaluated on
    /// decides, and MNIST's classes are digits.
    @Test func theDatasetEvaluatedOnDecidesNotTheModel() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let meta = Metadata([(MetadataKey.datasetName, .string("fashion-mnist"))])
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(metadata: meta), to: dir + "/a.bin")
        let r = try runDigits(["evaluate", "a.bin", "--data", "."], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.dropLast(2).joined(separator: "\n") == Self.unnamedReport)
    }

    @Test func fashionNamesTheClassesEverywhere() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let r = try runDigits(["evaluate", "a.bin", "--dataset", "fashion-mnist", "--data", ".", "--svg", "cm.svg"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Matrix rows led by "7 Sneaker", the columns still the bare labels.
        #expect(lines.contains("true\\pred          0    1    2    3    4    5    6    7    8    9"), "\(r.stdout)")
        #expect(lines.contains("7 Sneaker          0    1    0    0    0    0    0    1    0    0"), "\(r.stdout)")
        #expect(lines.contains("class          precision   recall       F1  support"), "\(r.stdout)")
        #expect(lines.contains("9 Ankle boot     100.00%  100.00%  100.00%        2"), "\(r.stdout)")
        #expect(lines.contains("macro             93.33%   90.00%   89.33%       20"), "\(r.stdout)")
        #expect(lines.contains("  3 Dress → 8 Bag: 1") && lines.contains("  7 Sneaker → 1 Trouser: 1"), "\(r.stdout)")
        let svg = String(decoding: try FileBytes.read(dir + "/cm.svg", limit: 1 << 20), as: UTF8.self)
        #expect(svg.contains(">0 T-shirt/top</text>") && svg.contains(">9 Ankle boot</text>"))
        let json = try EvaluateCLIFixtures.json(try runDigits(["evaluate", "a.bin", "--dataset", "fashion-mnist", "--data", ".", "--json"], in: dir).stdout)
        #expect(json["classNames"] as? [String] == DatasetSpec.fashionMNIST.classNames)
        // The vocabulary stays: per-class figures and confusions are keyed by label number.
        #expect((json["perClass"] as? [[String: Any]])?.first?["label"] as? Int == 0)
    }

    /// A spec file's names, escaped as any text from a file is before it reaches the terminal.
    @Test func specNamesAreEscaped() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let files = DatasetSpec.mnist.files.map { ["name": $0.name, "size": 1, "md5": String(repeating: "0", count: 32)] as [String: Any] }
        let names = (0..<10).map { $0 == 7 ? "sev\u{1B}[31men\u{202E}" : "c\($0)" }
        let spec = try JSONSerialization.data(withJSONObject: ["name": "named", "files": files, "classNames": names])
        try spec.write(to: URL(fileURLWithPath: dir + "/spec.json"))
        let r = try runDigits(["evaluate", "a.bin", "--spec", "spec.json", "--data", "."], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{202E}"))
        #expect(r.stdout.contains("  7 sev\\u{1b}[31men\\u{202e} → 1 c1: 1"), "\(r.stdout)")
    }

    /// --images knows the dataset only from the model: a Fashion model's classes are named.
    @Test func imagesUseTheNamesOfTheModelsDataset() throws {
        let dir = try EvaluateImagesCLITests.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        var model = try EvaluateImagesCLITests.strokeModel()
        model.metadata = Metadata([(MetadataKey.datasetName, .string("fashion-mnist"))])
        try ModelFile.write(model, to: dir + "/f.digits")
        let r = try runDigits(["evaluate", "f.digits", "--images", "imgs"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("misclassified images (true → predicted)\n  imgs/1/v-wrong.pgm: 1 Trouser → 0 T-shirt/top\n"), "\(r.stdout)")
        // An MNIST model on the same images: digits, as before.
        let plain = try runDigits(["evaluate", "a.digits", "--images", "imgs"], in: dir)
        #expect(plain.stdout.contains("  imgs/1/v-wrong.pgm: 1 → 0\n"), "\(plain.stdout)")
    }

    @Test func classifyNamesAFashionModelsAnswer() throws {
        let dir = try EvaluateImagesCLITests.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        var model = try EvaluateImagesCLITests.strokeModel()
        model.metadata = Metadata([(MetadataKey.datasetName, .string("fashion-mnist"))])
        try ModelFile.write(model, to: dir + "/f.digits")
        let r = try runDigits(["classify", "f.digits", "imgs/1-h.pgm"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("imgs/1-h.pgm: 1 (Trouser)  confidence "), "\(r.stdout)")
        let plain = try runDigits(["classify", "a.digits", "imgs/1-h.pgm"], in: dir)
        #expect(plain.stdout.hasPrefix("imgs/1-h.pgm: 1  confidence "), "\(plain.stdout)")
    }
}
