import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// `digits export`: the three formats, the format chosen from the name, and every bad case as
/// one line and exit 2 with nothing written.
@Suite struct ExportCommandTests {
    /// A directory holding `m.digits`, a small [6, 4, 3] model with metadata.
    static func modelDirectory(_ name: String) throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory(name)
        let sizes = [6, 4, 3]
        let w = (1..<3).map { i in (0..<(sizes[i] * sizes[i - 1])).map { Float($0 % 7) / 8 - 0.375 } }
        let b = (1..<3).map { i in (0..<sizes[i]).map { Float($0) / 4 } }
        let model = Model(network: try Network(sizes: sizes, weights: w, biases: b), cost: .crossEntropy,
                          metadata: Metadata([(MetadataKey.seed, .int(7)), (MetadataKey.testAccuracy, .double(0.5))]))
        try ModelFile.write(model, to: dir + "/m.digits")
        return dir
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func writesEachFormatAndTellsItFromTheExtension() throws {
        let dir = try Self.modelDirectory("digits-export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (format, file) in [("onnx", "a.onnx"), ("safetensors", "a.safetensors"), ("json", "a.json")] {
            let explicit = try runDigits(["export", "m.digits", "--format", format, "-o", "x-" + file], in: dir)
            #expect(explicit.status == 0, "\(explicit.stderr)")
            #expect(explicit.stdout.hasPrefix("x-\(file): \(format), 6-4-3, 43 parameters, "), "\(explicit.stdout)")
            let inferred = try runDigits(["export", "m.digits", "-o", file], in: dir)
            #expect(inferred.status == 0, "\(inferred.stderr)")
            #expect(try Self.bytes(dir + "/" + file) == Self.bytes(dir + "/x-" + file))
        }
        // ONNX starts with field 1 (ir_version = 7); safetensors with its u64 header length,
        // the data starting 8-aligned.
        #expect(try Self.bytes(dir + "/a.onnx").prefix(2) == [0x08, 0x07])
        let st = try Self.bytes(dir + "/a.safetensors")
        let n = st.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect((8 + n) % 8 == 0 && st.count == 8 + n + 4 * 43)
        #expect(String(decoding: st[8..<(8 + n)], as: UTF8.self).hasPrefix("{\"__metadata__\":{\"activations\":\"sigmoid,sigmoid\","))
        // The alias and export --format json write the same JSON.
        #expect(try runDigits(["export-json", "m.digits", "-o", "alias.json"], in: dir).status == 0)
        #expect(try Self.bytes(dir + "/alias.json") == Self.bytes(dir + "/a.json"))
        #expect(try NetworkJSON.decode(Self.bytes(dir + "/a.json")).network == ModelFile.read(dir + "/m.digits").network)
    }

    @Test func standardOutputGetsTheSameBytes() throws {
        let dir = try Self.modelDirectory("digits-export-stdout")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for format in ["onnx", "safetensors"] {
            #expect(try runDigits(["export", "m.digits", "-o", "m.\(format)"], in: dir).status == 0)
            // Through a shell redirect: the bytes are binary, not text for a String.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" export m.digits --format \(format) -o - > piped", digitsExecutable().path]
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try Self.bytes(dir + "/piped") == Self.bytes(dir + "/m.\(format)"))
        }
    }

    @Test(arguments: [
        (["--format", "tflite", "-o", "x.tflite"], "unknown format 'tflite' (use one of: onnx, safetensors, json)"),
        (["-o", "x.bin"], "give --format (onnx, safetensors, json)"),
        (["-o", "-"], "give --format (onnx, safetensors, json)"),
        (["--format", "onnx", "-o", "sub"], "digits: sub: is a directory"),
        (["--format", "onnx", "-o", "missing/x.onnx"], "digits: missing/x.onnx: no such directory: missing"),
        (["--format", "onnx", "-o", "file/x.onnx"], "digits: file/x.onnx: file is not a directory"),
        (["--format", "onnx", "-o", "m.digits"], "digits: m.digits: is the input file m.digits itself"),
        (["--format", "onnx", "-o", "./m.digits"], "digits: ./m.digits: is the input file m.digits itself"),
    ])
    func badUsageIsOneLineAndExitTwo(arguments: [String], message: String) throws {
        let dir = try Self.modelDirectory("digits-export-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let model = try Self.bytes(dir + "/m.digits")
        let r = try runDigits(["export", "m.digits"] + arguments, in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
        #expect(try Self.bytes(dir + "/m.digits") == model)
    }

    @Test func aMissingOrMalformedModelIsExitTwo() throws {
        let dir = try Self.modelDirectory("digits-export-badmodel")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data([0x89, 0x44, 0x47]).write(to: URL(fileURLWithPath: dir + "/bad.digits"))
        for (model, message) in [("bad.digits", "digits: bad.digits: truncated"), ("none.digits", "digits: none.digits: no such file")] {
            let r = try runDigits(["export", model, "-o", "out.onnx"], in: dir)
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix(message), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out.onnx"))
        }
    }

    /// `evaluate --scores` writes exactly the network's output activations, per example in
    /// order, as little-endian float32.
    @Test func evaluateScoresAreTheNetworksOutputs() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-export-scores")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try EvaluateCLIFixtures.writeDataset(in: dir)
        let model = try EvaluateCLIFixtures.deepIdentityModel()
        try ModelFile.write(model, to: dir + "/m.digits")
        let r = try runDigits(["evaluate", "m.digits", "--data", dir, "--scores", "s.f32"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let raw = try Self.bytes(dir + "/s.f32")
        #expect(raw.count == 20 * 10 * 4)
        let scores = stride(from: 0, to: raw.count, by: 4).map { i in
            Float(bitPattern: raw[i..<(i + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) })
        }
        let test = try Dataset.loadTest(directory: dir, spec: .mnist)
        #expect(scores == (try model.network.outputs(for: test.test)))
        #expect(scores[7 * 10 + 1] > 0.9 && scores[7 * 10 + 7] < 0.1)  // example 7 has its ink at 1
    }
}
