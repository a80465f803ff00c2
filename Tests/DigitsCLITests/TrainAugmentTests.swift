import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

@Suite struct TrainAugmentTests {
    @Test(arguments: [["--augment", "swirl"], ["--augment", "elastic", "--augment-rotation", "90"],
                      ["--augment", "affine", "--augment-shift=-1"], ["--augment", "elastic", "--elastic-sigma", "0"],
                      ["--augment", "elastic", "--elastic-alpha", "nan"], ["--augment-shift", "1"],
                      ["--augment", "affine", "--elastic-alpha", "10"], ["--augment", "none", "--augment-scale", "0.1"],
                      ["--recipe", "fastest"], ["--recipe", "best", "--momentum", "1"],
                      ["--resume", "x.digits", "--augment", "affine"], ["--resume", "x.digits", "--recipe", "best"],
                      ["--resume", "x.digits", "--elastic-alpha", "3"], ["--augment-flip"],
                      ["--resume", "x.digits", "--augment-flip"]])
    func badAugmentationAndRecipeOptionsExitTwoWithOneLine(_ args: [String]) throws {
        let r = try runDigits(["train"] + args)
        #expect(r.status == 2, "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(r.stderr.hasPrefix("digits: "))
    }

    /// A distortion parameter out of range is named as it was typed.
    @Test func augmentationRangeErrorsNameTheFlag() throws {
        let r = try runDigits(["train", "--augment", "elastic", "--augment-rotation", "90"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--augment-rotation 90.0 is outside 0.0…45.0"), "\(r.stderr)")
    }

    /// --preview-augment's problems are found before any dataset is read or downloaded.
    @Test func previewProblemsComeBeforeTheData() throws {
        let missing = NSTemporaryDirectory() + "/digits-no-data-\(UUID().uuidString)"
        let none = try runDigits(["train", "--data", missing, "--preview-augment", missing + ".pgm"],
                                 environment: ["DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--preview-augment needs distortions"), "\(none.stderr)")
        let intoDirectory = try runDigits(["train", "--data", missing, "--augment", "affine", "--preview-augment", NSTemporaryDirectory()],
                                          environment: ["DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(intoDirectory.status == 2)
        #expect(intoDirectory.stderr.split(separator: "\n").count == 1 && !intoDirectory.stderr.contains("download"), "\(intoDirectory.stderr)")
    }

    static func tinyData() throws -> String {
        let dir = try TestSupport.makeTemporaryDirectory("digits-train-augment")
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try TinyDataset.write(to: dir + "/data")
        return dir
    }

    @Test func augmentedRunRecordsItsDistortionsAndResumesExactly() throws {
        let dir = try Self.tinyData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = ["train", "--data", dir + "/data", "--layers", "8", "--eta", "2", "--seed", "9", "--validation", "60", "--quiet"]
        let common = base + ["--augment", "elastic", "--augment-shift", "1", "--elastic-alpha", "6", "--elastic-sigma", "2", "--augment-flip"]
        let full = try runDigits(common + ["--epochs", "3", "--out", dir + "/full.digits"])
        #expect(full.status == 0, "\(full.stderr)")
        let model = try ModelFile.read(dir + "/full.digits")
        let recorded = try AugmentationOptions(metadata: model.metadata)
        #expect(recorded == AugmentationOptions(kind: .elastic, maxShift: 1, elasticAlpha: 6, elasticSigma: 2, flipHorizontal: true))

        let plain = try runDigits(base + ["--epochs", "3", "--out", dir + "/plain.digits"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let plainModel = try ModelFile.read(dir + "/plain.digits")
        #expect(plainModel.network != model.network, "the distortions changed nothing")
        #expect(plainModel.metadata.string(AugmentationMetadataKey.kind) == "none")

        let part = try runDigits(common + ["--epochs", "1", "--out", dir + "/part.digits"])
        #expect(part.status == 0, "\(part.stderr)")
        let resumed = try runDigits(["train", "--data", dir + "/data", "--resume", dir + "/part.checkpoint.digits",
                                     "--epochs", "3", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let resumedModel = try ModelFile.read(dir + "/part.digits")
        #expect(resumedModel.network == model.network)
        #expect(try AugmentationOptions(metadata: resumedModel.metadata) == recorded)
    }

    @Test func recipeSetsItsOptionsAndExplicitOptionsOverrideThem() throws {
        let dir = try Self.tinyData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDigits(["train", "--data", dir + "/data", "--recipe", "best", "--layers", "8", "--epochs", "1",
                               "--lambda", "0.5", "--augment", "affine", "--seed", "3", "--validation", "60",
                               "--out", dir + "/m.digits", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let m = try ModelFile.read(dir + "/m.digits")
        let best = TrainingRecipe.best
        #expect(m.network.sizes == [36, 8, 10])                       // --layers overrides
        #expect(m.metadata.double(MetadataKey.lambda) == 0.5)         // --lambda overrides
        #expect(m.metadata.double(MetadataKey.momentum) == best.options.momentum)  // the rest is the recipe's
        #expect(m.metadata.double(MetadataKey.learningRate) == best.options.eta)
        #expect(m.metadata.int(TrainingMetadataKey.centerInputs) == 1)
        #expect(m.metadata.int(MetadataKey.miniBatchSize) == Int64(best.options.batchSize))
        #expect(m.metadata.string(MetadataKey.cost) == "cross-entropy")
        #expect(m.metadata.string(TrainingMetadataKey.etaSchedule) == best.options.etaSchedule.description)
        #expect(m.metadata.string(AugmentationMetadataKey.recipe) == "best")
        var expected = best.augmentation
        expected.kind = .affine                                        // --augment overrides the kind only
        // (recorded canonically: an affine run has no elastic α and σ, so they read back as the defaults)
        #expect(try AugmentationOptions(metadata: m.metadata) == expected.canonical)
        let summary = try #require(r.stdout.split(separator: "\n").last)
        #expect(summary.contains("\"recipe\":\"best\"") && summary.contains("\"augment\":\"affine\""))
    }

    /// `--no-center-inputs` turns off the centring `best` has (and the first line says none).
    @Test func noCenterInputsTurnsTheRecipesCentringOff() throws {
        let dir = try Self.tinyData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDigits(["train", "--data", dir + "/data", "--recipe", "best", "--no-center-inputs", "--layers", "8",
                               "--epochs", "1", "--seed", "3", "--validation", "60", "--out", dir + "/m.digits"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("centred inputs"), "\(r.stderr)")
        #expect(try ModelFile.read(dir + "/m.digits").metadata[TrainingMetadataKey.centerInputs] == nil)
    }

    /// The fashion recipe (like best) holds out no validation images unless --validation says otherwise.
    @Test func recipeValidationSizeIsUsedUnlessGiven() throws {
        let dir = try Self.tinyData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let common = ["train", "--data", dir + "/data", "--dataset", "mnist", "--recipe", "fashion", "--layers", "8",
                      "--epochs", "1", "--seed", "3", "--quiet"]
        let all = try runDigits(common + ["--out", dir + "/all.digits"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try ModelFile.read(dir + "/all.digits").metadata.int(MetadataKey.validationSize) == 0)
        let held = try runDigits(common + ["--validation", "60", "--out", dir + "/held.digits"])
        #expect(held.status == 0, "\(held.stderr)")
        #expect(try ModelFile.read(dir + "/held.digits").metadata.int(MetadataKey.validationSize) == 60)
        // Early stopping needs validation images; the error says the recipe left none.
        let early = try runDigits(common + ["--early-stop", "2", "--out", dir + "/early.digits"])
        #expect(early.status == 2 && early.stderr.split(separator: "\n").count == 1, "\(early.stderr)")
        #expect(early.stderr.contains("--recipe fashion holds out none unless --validation N is given"), "\(early.stderr)")
    }

    @Test func previewWritesAMontageAndDoesNotTrain() throws {
        let dir = try Self.tinyData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDigits(["train", "--data", dir + "/data", "--augment", "elastic", "--seed", "1", "--validation", "60",
                               "--preview-augment", dir + "/preview.pgm", "--out", dir + "/m.digits"])
        #expect(r.status == 0, "\(r.stderr)")
        let image = try #require(try PGMReader.read(dir + "/preview.pgm").first)
        #expect(image.width > 8 * 6 * 2 && image.height > 4 * 6 * 2)  // 8 columns, 4 classes, enlarged twice
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.digits"))

        let none = try runDigits(["train", "--data", dir + "/data", "--validation", "60", "--preview-augment", dir + "/p2.pgm"])
        #expect(none.status == 2 && none.stderr.split(separator: "\n").count == 1, "\(none.stderr)")
        #expect(none.stderr.contains("--preview-augment needs distortions"))
    }

    /// --preview-scale enlarges the preview montage like --scale does evaluate's, and is checked
    /// before any data is read.
    @Test func previewScaleEnlargesTheMontage() throws {
        let dir = try Self.tinyData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = ["train", "--data", dir + "/data", "--augment", "affine", "--seed", "1", "--validation", "60"]
        let two = try runDigits(base + ["--preview-augment", dir + "/p2.png"])
        let three = try runDigits(base + ["--preview-augment", dir + "/p3.png", "--preview-scale", "3"])
        #expect(two.status == 0 && three.status == 0, "\(two.stderr)\(three.stderr)")
        let small = try #require(try ImageReader.read(dir + "/p2.png").first)
        let large = try #require(try ImageReader.read(dir + "/p3.png").first)
        #expect(large.width * 2 == small.width * 3 && large.height * 2 == small.height * 3, "\(small.width)×\(small.height) → \(large.width)×\(large.height)")

        let bad = try runDigits(["train", "--data", dir + "/missing", "--augment", "affine", "--preview-augment", dir + "/p.png",
                                 "--preview-scale", "0"], environment: ["DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(bad.stderr.contains("--preview-scale must be 1…16, got 0"), "\(bad.stderr)")
    }
}
