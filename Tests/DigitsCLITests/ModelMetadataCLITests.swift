import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Models with out-of-range metadata, unusable outputs or 65,536 metadata entries, through the
/// commands that read them: exit 2 with one line naming the file and the key, never a trap.
@Suite struct ModelMetadataCLITests {
    /// A [16, 10] model (the tiny dataset's 4×4 images) with `entries` as its metadata, written
    /// by the library's writer (which stores any metadata, with a valid CRC) to DIR/m.digits.
    static func writeModel(_ entries: [(String, MetadataValue)], in dir: String, network: Network? = nil) throws -> String {
        let path = dir + "/m.digits"
        try ModelFile.write(Model(network: try network ?? Network(zerosWithSizes: [16, 10]), metadata: Metadata(entries)), to: path)
        return path
    }

    /// One bad value of each class, each read by every command that loads a model.
    static let badValues: [(entry: (String, MetadataValue), message: String)] = [
        ((MetadataKey.history, .doubles([1e308, 0.5, 0.5, 0.5, 3, 1])),
         #"metadata entry "history": record 1: the epoch is 1e+308, not a whole number 1…1000000"#),
        ((MetadataKey.history, .doubles([1, .infinity, 0.5, 0.5, 3, 1])),
         #"metadata entry "history": record 1: the training cost is inf, not a finite number ≥ 0 (or NaN: not measured)"#),
        ((MetadataKey.epochs, .int(-3)), #"metadata entry "epochs": -3 is outside 0…1000000"#),
        ((MetadataKey.threads, .int(100_000)), #"metadata entry "threads": 100000 is outside 1…256"#),
        ((MetadataKey.miniBatchSize, .int(0)), #"metadata entry "mini-batch-size": 0 is outside 1…65536"#),
        ((MetadataKey.learningRate, .double(.nan)), #"metadata entry "learning-rate": nan is not a finite number > 0"#),
        ((TrainingMetadataKey.epochsPlanned, .int(-1)), #"metadata entry "train.epochs-planned": -1 is outside 1…1000000"#),
        ((MetadataKey.validationSize, .int(Int64.max)), #"metadata entry "validation-size": 9223372036854775807 is outside 0…10000000"#),
        ((AugmentationMetadataKey.rotation, .double(-.infinity)), #"metadata entry "train.augment.rotation": -inf is not a finite number in 0.0…45.0"#),
    ]

    @Test(arguments: badValues.indices)
    func badValueIsOneLineNamingFileAndKey(_ index: Int) throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try BadInputFixtureCLITests.writeTinyDataset(dir + "/data")
        let (entry, message) = Self.badValues[index]
        let path = try Self.writeModel([entry], in: dir)
        let commands: [[String]] = [
            ["inspect", path], ["export-json", path, "-o", dir + "/out.json"],
            ["evaluate", path, "--data", dir + "/data"], ["compare", path, path, "--data", dir + "/data"],
            ["train", "--data", dir + "/data", "--resume", path, "--out", dir + "/t.digits", "--quiet"],
        ]
        for command in commands {
            let r = try runDigits(command)
            #expect(r.status == 2, "\(command): exit \(r.status), stderr: \(r.stderr)")
            #expect(r.stderr == "digits: \(path): \(message)\n", "\(command)")
            #expect(r.stdout.isEmpty, "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.digits"))
    }

    /// 28×28 grey with a dark bar: a picture the preprocessor finds ink in.
    static func writePicture(in dir: String) throws -> String {
        var pixels = [UInt8](repeating: 255, count: 28 * 28)
        for y in 6..<22 { for x in 12..<16 { pixels[y * 28 + x] = 0 } }
        let path = dir + "/p.pgm"
        try Data(Array("P5 28 28 255\n".utf8) + pixels).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func classifyRefusesAModelWithoutTenOutputs() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.writeModel([], in: dir, network: try Network(zerosWithSizes: [784, 7]))
        let r = try runDigits(["classify", path, try Self.writePicture(in: dir)])
        #expect(r.status == 2)
        #expect(r.stderr == "digits: \(path): the model has 7 outputs; classifying digits needs a model of 10 outputs (one per digit)\n")
        #expect(r.stdout.isEmpty)
        // evaluate on a 10-class dataset says the same kind of thing.
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try BadInputFixtureCLITests.writeTinyDataset(dir + "/data")
        let small = try Self.writeModel([], in: dir, network: try Network(zerosWithSizes: [16, 7]))
        let e = try runDigits(["evaluate", small, "--data", dir + "/data"])
        #expect(e.status == 2)
        #expect(e.stderr == "digits: \(small): the model has 7 outputs but the data has 10 classes\n")
    }

    /// Finite weights whose sigmoids all underflow to 0: "confidence 0/0" is an error, not
    /// "0, confidence 0.000".
    @Test func classifyReportsOutputsWithoutAConfidence() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var net = try Network(zerosWithSizes: [784, 10])
        net.biases[0] = [Float](repeating: -1000, count: 10)
        let path = try Self.writeModel([], in: dir, network: net)
        let picture = try Self.writePicture(in: dir)
        for extra in [[], ["--json"]] {
            let r = try runDigits(["classify", path, picture] + extra)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr == "digits: \(path): the model's outputs for \(picture) are all 0 (its sigmoids underflow): it gives no digit and no confidence\n")
            #expect(!r.stdout.contains("confidence 0.000"))
        }
    }

    /// The format's most entries: loads (lookup is linear; it once took 15–90 s) and is shown.
    @Test func modelWithMaximalMetadataLoads() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let entries = (0..<65_536).map { ("key-\($0)", MetadataValue.int(Int64($0))) }
        let path = try Self.writeModel(entries, in: dir)
        let r = try runDigits(["inspect", path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("key-65535"))
    }
}
