import DigitsKit
import Foundation
import Testing

/// `digits evaluate --images DIR` and `digits compare --images DIR` on a person's own images.
///
/// The images are strokes: the model answers 0 for a vertical stroke and 1 for a horizontal one
/// (both survive preprocessing). `imgs/1/v-wrong.pgm` is a vertical stroke labelled 1: the one
/// mistake.
@Suite struct EvaluateImagesCLITests {
    /// A [784, 10] model: output 0 for ink on the vertical centre line, 1 for the horizontal one
    /// (`swapped`: the other way round).
    static func strokeModel(swapped: Bool = false) throws -> Model {
        var network = try Network(zerosWithSizes: [784, 10])
        let (vertical, horizontal) = swapped ? (1, 0) : (0, 1)
        for y in 0..<28 {
            for x in 0..<28 {
                if abs(x - 14) < 3, abs(y - 14) >= 4 { network.weights[0][vertical * 784 + y * 28 + x] = 1 }
                if abs(y - 14) < 3, abs(x - 14) >= 4 { network.weights[0][horizontal * 784 + y * 28 + x] = 1 }
            }
        }
        network.biases[0] = [Float](repeating: -5, count: 10)
        return Model(network: network)
    }

    /// A stroke, black on white, in a 40×30 picture; `shift` moves it.
    static func stroke(vertical: Bool, shift: Int = 0) -> [UInt8] {
        var image = GrayImage(width: 40, height: 30)
        for y in 0..<30 {
            for x in 0..<40 {
                let on = vertical ? (18 + shift..<22 + shift).contains(x) && (3..<27).contains(y)
                                  : (4..<36).contains(x) && (8 + shift..<12 + shift).contains(y)
                if on { image[x, y] = 1 }
            }
        }
        return PGMWriter.encode(image, inkIsDark: true)
    }

    /// A directory with the models and `imgs/`: four usable images, plus `extra` files.
    static func makeDirectory(extra: [String: [UInt8]] = [:]) throws -> String {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        try ModelFile.write(strokeModel(), to: dir + "/a.digits")
        try ModelFile.write(strokeModel(swapped: true), to: dir + "/b.digits")
        var files: [String: [UInt8]] = [
            "imgs/0/v1.pgm": stroke(vertical: true), "imgs/0/v2.pgm": stroke(vertical: true, shift: 5),
            "imgs/1-h.pgm": stroke(vertical: false), "imgs/1/v-wrong.pgm": stroke(vertical: true, shift: -4),
        ]
        files.merge(extra) { $1 }
        for (path, bytes) in files {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        }
        return dir
    }

    @Test func reportsAccuracyMatrixAndTheMisclassifiedFiles() throws {
        let dir = try Self.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["evaluate", "a.digits", "--images", "imgs", "--svg", "cm.svg", "--misclassified", "wrong.pgm"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("a.digits on images in imgs (4 examples)"))
        #expect(r.stdout.contains("accuracy 75.00% (3 / 4 correct)"))
        #expect(r.stdout.contains("1 → 0: 1"))
        #expect(r.stdout.contains("misclassified images (true → predicted)\n  imgs/1/v-wrong.pgm: 1 → 0\n"))
        #expect(!r.stdout.contains("could not be used"))
        let row1 = r.stdout.split(separator: "\n").first { $0.hasPrefix("      1 ") }
        #expect(row1.map { $0.split(separator: " ").map(String.init) } == ["1", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0"])
        #expect(FileManager.default.fileExists(atPath: dir + "/cm.svg"))
        // The montage shows the 28×28 input the network saw, at the default scale.
        let montage = try PGMReader.read(dir + "/wrong.pgm")
        let tile = MontageTile(image: GrayImage(width: 28, height: 28), caption: "1→0")
        let expected = Montage.size(of: [tile], scale: Montage.defaultScale)
        #expect(montage.first?.width == expected.width && montage.first?.height == expected.height)
    }

    @Test func jsonListsEveryImagesAnswer() throws {
        let dir = try Self.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["evaluate", "a.digits", "--images", "imgs", "--json"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let object = try EvaluateCLIFixtures.json(r.stdout)
        #expect(object["images"] as? String == "imgs")
        #expect(object["accuracy"] as? Double == 0.75)
        #expect(object["dataset"] == nil && object["split"] == nil)
        #expect((object["failures"] as? [Any])?.isEmpty == true)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["imgs/0/v1.pgm", "imgs/0/v2.pgm", "imgs/1/v-wrong.pgm", "imgs/1-h.pgm"])
        #expect(files.map { $0["label"] as? Int } == [0, 0, 1, 1])
        #expect(files.map { $0["predicted"] as? Int } == [0, 0, 0, 1])
    }

    /// A file that cannot be used is one line on standard error; the rest is still evaluated
    /// and the exit status says some input was bad.
    @Test func unusableFilesAreListedAndCountedApart() throws {
        let dir = try Self.makeDirectory(extra: ["imgs/0/junk.pgm": Array("junk".utf8), "imgs/x.pgm": Self.stroke(vertical: true),
                                                 "imgs/notes.txt": Array("hi".utf8)])
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["evaluate", "a.digits", "--images", "imgs"], in: dir)
        #expect(r.status == 2)
        #expect(r.stdout.contains("accuracy 75.00% (3 / 4 correct)"))
        #expect(r.stdout.contains("2 files could not be used and are not counted (listed on standard error)"))
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains("digits: warning: 1 file skipped, not .png, .pgm, .ppm, .pbm or .pnm: imgs/notes.txt"))
        #expect(lines.contains { $0.hasPrefix("digits: imgs/0/junk.pgm: ") })
        #expect(lines.contains { $0.hasPrefix("digits: imgs/x.pgm: no label") })
        let json = try runDigits(["evaluate", "a.digits", "--images", "imgs", "--json"], in: dir)
        #expect(json.status == 2)
        let failures = try #require(EvaluateCLIFixtures.json(json.stdout)["failures"] as? [[String: String]])
        #expect(failures.map { $0["file"] } == ["imgs/0/junk.pgm", "imgs/x.pgm"])
    }

    @Test func compareRunsMcNemarOnTheSameImages() throws {
        let dir = try Self.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        let r = try runDigits(["compare", "a.digits", "b.digits", "--images", "imgs"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("on images in imgs (4 examples)"))
        #expect(r.stdout.contains("McNemar exact test"))
        // B (outputs swapped) gets only the mislabelled stroke right.
        #expect(r.stdout.contains("only A right: 3, only B right: 1"))
        let json = try EvaluateCLIFixtures.json(try runDigits(["compare", "a.digits", "b.digits", "--images", "imgs", "--json"], in: dir).stdout)
        #expect(json["images"] as? String == "imgs")
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.map { $0["predictions"] as? [Int] } == [[0, 1], [0, 1], [0, 1], [1, 0]])
    }

    @Test func badUsageAndUnusableSetsAreOneLineAndExit2() throws {
        let dir = try Self.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/small.digits")
        let cases: [([String], String)] = [
            (["evaluate", "a.digits", "--images", "imgs", "--data", "."], "--data is for datasets"),
            (["compare", "a.digits", "b.digits", "--images", "imgs", "--split", "test"], "--split is for datasets"),
            (["evaluate", "a.digits", "--images", "empty"], "empty: no images here"),
            (["evaluate", "a.digits", "--images", "missing"], "missing: no such file"),
            (["evaluate", "a.digits", "--images", "a.digits"], "a.digits: not a directory"),
            (["evaluate", "small.digits", "--images", "imgs"], "small.digits: the model takes 10 inputs"),
            (["compare", "a.digits", "small.digits", "--images", "imgs"], "small.digits: the model takes 10 inputs"),
            (["evaluate", "a.digits", "--images", "imgs", "--scale", "0"], "--scale must be 1…16, got 0"),
            (["compare", "a.digits", "b.digits", "--scale", "17"], "--scale must be 1…16, got 17"),
            (["evaluate", "a.digits", "--scale", "big"], "--scale"),
        ]
        for (arguments, message) in cases {
            let r = try runDigits(arguments, in: dir)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(message), "\(arguments): \(r.stderr)")
        }
    }

    @Test func scaleEnlargesTheMontage() throws {
        let dir = try Self.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        for scale in [1, 3] {
            let r = try runDigits(["evaluate", "a.digits", "--images", "imgs", "--misclassified", "m\(scale).pgm", "--scale", "\(scale)"], in: dir)
            #expect(r.status == 0, "stderr: \(r.stderr)")
        }
        let one = try #require(try PGMReader.read(dir + "/m1.pgm").first)
        let three = try #require(try PGMReader.read(dir + "/m3.pgm").first)
        #expect(three.width == 3 * one.width && three.height == 3 * one.height)
        #expect(three[3 * 10 + 1, 3 * 20 + 2] == one[10, 20])
    }
}
