import DigitsKit
import Foundation
import Testing

/// Pictures the tool writes are PNG when the name ends in `.png` (PGM otherwise), and per-digit
/// files in a directory take the `--format` asked for.
@Suite struct PNGOutputCLITests {
    @Test func evaluateWritesPNGMontageAndPerDigitFiles() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let base = ["evaluate", "a.bin", "--data", ".", "--validation", "2"]
        let r = try runDigits(base + ["--misclassified", "wrong.PNG"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let png = try ImageReader.read(dir + "/wrong.PNG")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/wrong.PNG")).starts(with: Data(PNGReader.signature)))
        // The same montage as the PGM one, sample for sample.
        let p = try runDigits(base + ["--misclassified", "wrong.pgm"], in: dir)
        #expect(p.status == 0)
        #expect(try ImageReader.read(dir + "/wrong.pgm") == png)

        let d = try runDigits(base + ["--misclassified", "each/", "--format", "png"], in: dir)
        #expect(d.status == 0, "stderr: \(d.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/each").sorted()
        #expect(files == ["00007-true7-pred1.png", "00013-true3-pred8.png"])
        let digit = try #require(try ImageReader.read(dir + "/each/" + files[0]).first)
        // Example 7 is a 10×1 picture with ink at x = 1, written dark on white.
        #expect(digit.width == 10 && digit.height == 1)
        #expect(digit.pixels == (0..<10).map { $0 == 1 ? 0 : 1 })

        let bad = try runDigits(base + ["--misclassified", "each/", "--format", "gif"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("gif"))
    }

    @Test func compareWritesPNGDisagreements() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(CompareCLITests.swap35), to: dir + "/b.bin")
        let base = ["compare", "a.bin", "b.bin", "--data", ".", "--validation", "2"]
        let r = try runDigits(base + ["--disagreements", "dis/", "--format", "png"], in: dir)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/dis").sorted()
        #expect(files == ["00003-true3-A3-B5.png", "00005-true5-A5-B3.png", "00015-true5-A5-B3.png"])
        for file in files { #expect(try ImageReader.read(dir + "/dis/" + file).count == 1) }
        let m = try runDigits(base + ["--disagreements", "dis.png"], in: dir)
        #expect(m.status == 0, "stderr: \(m.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/dis.png")).starts(with: Data(PNGReader.signature)))
    }
}
