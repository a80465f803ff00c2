import DigitsKit
import Foundation
import Testing

/// `digits classify` on PNG, PPM and PBM input (told apart by content), and on every committed
/// malformed PNG fixture.
@Suite struct ClassifyImageFormatTests {
    typealias Workspace = ClassifyCommandTests.Workspace

    /// The stroke as a raw PPM: blue ink on yellow paper.
    static func ppm(_ image: GrayImage) -> [UInt8] {
        Array("P6\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels.flatMap { v -> [UInt8] in
            v > 0.5 ? [20, 20, 160] : [250, 240, 120]
        }
    }

    /// The stroke as a raw PBM (1 = black ink), rows padded to whole bytes.
    static func pbm(_ image: GrayImage) -> [UInt8] {
        var out = Array("P4\n\(image.width) \(image.height)\n".utf8)
        for y in 0..<image.height {
            var byte: UInt8 = 0
            for x in 0..<image.width {
                if image[x, y] > 0.5 { byte |= 0x80 >> UInt8(x % 8) }
                if x % 8 == 7 || x == image.width - 1 { out.append(byte); byte = 0 }
            }
        }
        return out
    }

    @Test func directoriesOfEveryFormatAreClassified() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("images/a.png", PNGWriter.encode(Workspace.stroke(vertical: true)))
        try ws.write("images/b.ppm", Self.ppm(Workspace.stroke(vertical: false)))
        try ws.write("images/nested/c.PBM", Self.pbm(Workspace.stroke(vertical: true)))
        try ws.write("images/d.pgm", PGMWriter.encode(Workspace.stroke(vertical: false)))
        try ws.write("images/notes.txt", Array("not an image".utf8))
        let r = try runDigits(["classify", ws.model, ws.dir + "/images", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let records = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(records.compactMap { $0["file"] as? String } == ["a.png", "b.ppm", "d.pgm", "nested/c.PBM"].map { ws.dir + "/images/" + $0 })
        #expect(records.compactMap { $0["digit"] as? Int } == [0, 1, 1, 0])
    }

    @Test func formatIsToldByContentNotName() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("really-a-png.pgm", PNGWriter.encode(Workspace.stroke(vertical: false)))
        try ws.write("really-a-pgm.png", PGMWriter.encode(Workspace.stroke(vertical: true)))
        let r = try runDigits(["classify", ws.model, ws.dir + "/really-a-png.pgm", ws.dir + "/really-a-pgm.png"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix(ws.dir + "/really-a-png.pgm: 1 ") == true, "\(r.stdout)")
        #expect(lines.last?.hasPrefix(ws.dir + "/really-a-pgm.png: 0 ") == true, "\(r.stdout)")
    }

    @Test func standardInputTakesAnyFormat() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        for (bytes, digit) in [(try PNGWriter.encode(Workspace.stroke(vertical: true)), 0),
                               (Self.ppm(Workspace.stroke(vertical: false)), 1),
                               (Self.pbm(Workspace.stroke(vertical: true)), 0)] {
            let r = try runDigits(["classify", ws.model, "-"], stdin: Data(bytes))
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.hasPrefix("-: \(digit)  confidence "), "\(r.stdout)")
        }
        let bad = try runDigits(["classify", ws.model, "-"], stdin: Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]))
        #expect(bad.status == 2)
        #expect(bad.stderr == "digits: -: not a PNG, PGM, PPM or PBM image (starts with \\xFF\\xD8\\xFF\\xE0)\n")
    }

    @Test func aDirectoryWithoutImagesSaysWhichFormatsItLookedFor() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("images/notes.txt", Array("x".utf8))
        let r = try runDigits(["classify", ws.model, ws.dir + "/images/nested"])
        #expect(r.status == 2)
        #expect(r.stderr == "digits: \(ws.dir)/images/nested: no .png, .pgm, .ppm or .pbm files in this directory\n")
    }

    @Test func everyMalformedPNGFixtureIsOneLineAndExitsTwo() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DigitsKitTests/Fixtures/PNG/bad").path
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted()
        #expect(names.count >= 25)
        let r = try runDigits(["classify", ws.model, fixtures, "--json"])
        #expect(r.status == 2, "\(r.stderr)")
        let errors = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(errors.count == names.count, "\(r.stderr)")
        for (line, name) in zip(errors, names) {
            #expect(line.hasPrefix("digits: \(fixtures)/\(name): "), "\(line)")
            #expect(line.contains("PNG"), "\(line)")
        }
        let records = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == names.count && records.allSatisfy { $0["error"] is String })
        // One at a time too: exit 2, exactly one line.
        for name in names.prefix(40) {
            let one = try runDigits(["classify", ws.model, "\(fixtures)/\(name)"])
            #expect(one.status == 2, "\(name): \(one.stderr)")
            #expect(one.stderr.split(separator: "\n").count == 1 && one.stdout.isEmpty, "\(name)")
        }
    }

    /// PNG bombs under a 768 MiB address-space cap: a header promising 8192×8192 over 4 KiB
    /// of data (inflating to 4 MiB), and one whose data would inflate past the cap on inflated
    /// size (refused from IHDR): exit 2, one line, small peak (as ``PeakMemoryTests``).
    @Test(arguments: ["zlib-bomb-huge-image.png", "inflates-beyond-limit.png", "zlib-bomb-after-image.png"])
    func pngBombsAreRefusedWithoutMuchMemory(fixture: String) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DigitsKitTests/Fixtures/PNG/bad/\(fixture)").path
        let r = try runDigitsMeasured(["classify", ws.model, path], addressSpaceLimitKiB: PeakMemoryTests.addressSpaceLimitKiB,
                                      in: ws.dir)
        #expect(r.signal == nil, "killed by signal \(r.signal ?? 0): \(r.stderr)")
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("digits: \(path): ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        PeakMemoryTests().checkPeak(r)
    }
}
