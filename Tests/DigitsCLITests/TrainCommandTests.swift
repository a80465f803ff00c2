import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// A tiny IDX dataset (6×6 images, 4 of the 10 classes) under the MNIST file names, raw (not
/// gzipped): training 300, test 100.
enum TinyDataset {
    static func write(to dir: String) throws {
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        func set(_ count: Int) -> (images: [UInt8], labels: [UInt8]) {
            var images: [UInt8] = [], labels: [UInt8] = []
            for _ in 0..<count {
                let label = next(4)
                labels.append(UInt8(label))
                for p in 0..<36 { images.append(UInt8(next(80) + (p / 9 == label ? 150 : 0))) }
            }
            return (images, labels)
        }
        for (prefix, count) in [("train", 300), ("t10k", 100)] {
            let (images, labels) = set(count)
            try IDXFixtures.write(IDXFixtures.idx(dimensions: [UInt32(count), 6, 6], data: images), to: dir,
                                  "\(prefix)-images-idx3-ubyte.gz")
            try IDXFixtures.write(IDXFixtures.labels(labels), to: dir, "\(prefix)-labels-idx1-ubyte.gz")
        }
    }
}

@Suite struct TrainCommandTests {
    @Test(arguments: [["--eta=-1"], ["--layers", "784,x,10"], ["--cost", "hinge"], ["--batch", "0"],
                      ["--momentum", "1.5"], ["--dataset", "cifar"], ["--eta-schedule", "sometimes"],
                      ["--resume", "x.digits", "--eta", "1"], ["--threads", "0"], ["--data", "/dev/null"]])
    func badOptionsExitTwoWithOneLine(_ args: [String]) throws {
        let r = try runDigits(["train"] + args)
        #expect(r.status == 2, "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(r.stderr.hasPrefix("digits: "))
    }

    @Test func tinyRunWritesModelHistoryAndJSON() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-train")
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TinyDataset.write(to: dir + "/data")
        let common = ["train", "--data", dir + "/data", "--layers", "8", "--eta", "2", "--seed", "9",
                      "--validation", "60", "--json"]
        let r = try runDigits(common + ["--epochs", "3", "--out", dir + "/out/full.digits", "--save-every-epoch", dir + "/epochs"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(objects.prefix(3).map { $0["type"] as? String } == ["epoch", "epoch", "epoch"])
        let summary = objects[3]
        #expect(summary["type"] as? String == "summary")
        #expect((summary["testAccuracy"] as? Double ?? 0) > 0.5)  // 4 classes: chance is 0.25
        #expect(summary["nesterov"] as? Bool == false && summary["dropout"] as? Double == 0)
        #expect(summary["maxNorm"] == nil && summary["centerInputs"] as? Bool == false)
        for file in ["full.digits", "full.checkpoint.digits", "full.csv", "full.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/out/" + file), "\(file) missing")
        }
        for e in 1...3 { #expect(FileManager.default.fileExists(atPath: dir + "/epochs/epoch-00\(e).digits")) }
        let csv = try String(contentsOfFile: dir + "/out/full.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4)
        let model = try ModelFile.read(dir + "/out/full.digits")
        #expect(model.network.sizes == [36, 8, 10])
        #expect(model.metadata.history?.count == 3)
        #expect(model.metadata.string(MetadataKey.toolVersion) == "0.1.0")
        #expect(model.metadata.double(MetadataKey.testAccuracy) == summary["testAccuracy"] as? Double)

        // Stop after one epoch, resume to three: the same parameters as the uninterrupted run.
        let first = try runDigits(common + ["--epochs", "1", "--out", dir + "/out/part.digits"])
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try runDigits(["train", "--data", dir + "/data", "--resume", dir + "/out/part.checkpoint.digits",
                                     "--epochs", "3", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try ModelFile.read(dir + "/out/part.digits").network == model.network)
    }

    /// --nesterov, --dropout, --max-norm and --center-inputs: shown in the first line, recorded
    /// in the model (so `inspect` shows them) and continued by --resume to the uninterrupted
    /// run's parameters.
    @Test func regularisersAreShownRecordedAndResumed() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-train")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try TinyDataset.write(to: dir + "/data")
        let common = ["train", "--data", dir + "/data", "--layers", "8", "--eta", "1", "--seed", "9", "--validation", "60",
                      "--momentum", "0.5", "--nesterov", "--dropout", "0.25", "--max-norm", "2", "--center-inputs"]
        let full = try runDigits(common + ["--epochs", "3", "--out", dir + "/full.digits"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stderr.contains("; Nesterov momentum; dropout 0.25; max-norm 2; centred inputs\n"), "\(full.stderr)")
        let inspect = try runDigits(["inspect", dir + "/full.digits"])
        for line in ["train.nesterov", "train.dropout", "train.max-norm", "train.center-inputs"] { #expect(inspect.stdout.contains(line), "\(line)") }
        let model = try ModelFile.read(dir + "/full.digits")
        #expect(model.metadata.double(TrainingMetadataKey.dropout) == 0.25)
        #expect(model.metadata.double(TrainingMetadataKey.maxNorm) == 2)

        let first = try runDigits(common + ["--epochs", "1", "--out", dir + "/part.digits", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        // --json's summary records the techniques too.
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.split(separator: "\n").last!.utf8)) as? [String: Any])
        #expect(summary["nesterov"] as? Bool == true && summary["dropout"] as? Double == 0.25)
        #expect(summary["maxNorm"] as? Double == 2 && summary["centerInputs"] as? Bool == true)
        let resumed = try runDigits(["train", "--data", dir + "/data", "--resume", dir + "/part.checkpoint.digits", "--epochs", "3"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("; Nesterov momentum; dropout 0.25; max-norm 2; centred inputs\n"), "\(resumed.stderr)")
        #expect(try ModelFile.read(dir + "/part.digits").network == model.network)
    }

    @Test func divergenceExitsOneAndKeepsTheLastCheckpoint() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-train")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TinyDataset.write(to: dir)
        let r = try runDigits(["train", "--data", dir, "--layers", "8", "--eta", "1e35", "--validation", "60",
                               "--out", dir + "/m.digits", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("diverged"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.checkpoint.digits"))
    }
}
