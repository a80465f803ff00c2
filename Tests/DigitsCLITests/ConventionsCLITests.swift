import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// The command-line conventions of issue 16: help topics, negative values, recipes, colour,
/// completions, default folders, --layers typos, Holm's correction in compare.
@Suite struct ConventionsCLITests {
    @Test func helpForAnUnknownCommandIsOneLineAndExitsTwo() throws {
        for args in [["help", "nosuch"], ["help", "train", "nosuch"]] {
            let r = try runDigits(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("digits: "), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let known = try runDigits(["help", "train"])
        #expect(known.status == 0 && known.stdout.contains("--recipe"))
    }

    /// `--eta -1` is the value -1 (a range error naming the flag), not a missing value.
    @Test(arguments: [["train", "--eta", "-1"], ["train", "--epochs", "-3"], ["classify", "m.digits", "x.pgm", "--top", "-1"],
                      ["evaluate", "m.digits", "--limit", "-1"], ["serve", "m.digits", "--timeout", "-1"],
                      ["serve", "m.digits", "--port", "-1"]])
    func negativeNumbersAreValues(_ args: [String]) throws {
        let r = try runDigits(args)
        #expect(r.status == 2, "\(args): \(r.stderr)")
        #expect(!r.stderr.contains("Missing value"), "\(args): \(r.stderr)")
        #expect(r.stderr.contains(args[args.count - 2]), "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func recipesListsWhatEachRecipeSets() throws {
        let r = try runDigits(["recipes"])
        #expect(r.status == 0, "\(r.stderr)")
        for recipe in TrainingRecipe.all { #expect(r.stdout.contains(recipe.name + " ")) }
        #expect(r.stdout.contains("--layers 800 --cost cross-entropy --eta 0.1 --batch 50"))
        #expect(r.stdout.contains("--augment elastic") && r.stdout.contains("--elastic-alpha 36"))
        #expect(r.stdout.components(separatedBy: "--center-inputs").count == 2)  // best's only
        let list = try runDigits(["train", "--recipe", "list"])
        #expect(list.status == 0 && list.stdout == r.stdout, "\(list.stderr)")
    }

    @Test func colourIsChosenByTheColorOption() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        let base = ["evaluate", "a.bin", "--data", ".", "--validation", "2"]
        let always = try runDigits(base + ["--color", "always"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(always.status == 0 && always.stdout.contains("\u{1B}["), "\(always.stderr)")
        let never = try runDigits(base + ["--color", "never"], in: dir)
        #expect(never.status == 0 && !never.stdout.contains("\u{1B}"))
        let auto = try runDigits(base, in: dir)  // a pipe, not a terminal
        #expect(auto.status == 0 && !auto.stdout.contains("\u{1B}"))
        let bad = try runDigits(base + ["--color", "sometimes"], in: dir)
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1)
    }

    @Test func completionScriptsCompleteValuesAndPaths() throws {
        let bash = try runDigits(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        for value in TrainingRecipe.all.map(\.name) + ["cross-entropy", "scaled", "fashion-mnist", "elastic", "validation", "never"] {
            #expect(bash.stdout.contains(value), "bash completion lacks \(value)")
        }
        let zsh = try runDigits(["--generate-completion-script", "zsh"])
        #expect(zsh.stdout.contains("_files -/"), "directories")           // --data, --into, …
        #expect(zsh.stdout.contains("_files -g '\\''*.digits'\\''"), "model files")
    }

    /// DIGITS_DATA and DIGITS_MODELS are the default folders; --layers that starts with the
    /// input size must end with the class count.
    @Test func defaultFoldersComeFromTheEnvironment() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-folders")
        try FileManager.default.createDirectory(atPath: dir + "/data/mnist", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TinyDataset.write(to: dir + "/data/mnist")
        let env = ["DIGITS_DATA": dir + "/data", "DIGITS_MODELS": dir + "/trained"]
        let typo = try runDigits(["train", "--layers", "36,8,11", "--epochs", "1", "--validation", "60"], in: dir, environment: env)
        #expect(typo.status == 2, "\(typo.stderr)")
        #expect(typo.stderr.contains("class count 10") && typo.stderr.contains("36,8,10"), "\(typo.stderr)")
        #expect(typo.stderr.split(separator: "\n").count == 1)

        let r = try runDigits(["train", "--layers", "8", "--epochs", "1", "--validation", "60", "--seed", "1", "--json"],
                              in: dir, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir + "/trained")
        #expect(saved.contains { $0.hasPrefix("mnist-36-8-10-") && $0.hasSuffix(".digits") && !$0.contains("checkpoint") }, "\(saved)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/models"))
        let verify = try runDigits(["verify", "--json"], in: dir, environment: env)
        #expect(try EvaluateCLIFixtures.json(verify.stdout)["directory"] as? String == dir + "/data/mnist", "\(verify.stdout)")
    }

    /// `-o/--output` names the file a command writes; the old `--out` still works, hidden.
    @Test func outputIsTheNameAndOutStillWorks() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-output")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try TinyDataset.write(to: dir)
        let common = ["train", "--data", dir, "--layers", "8", "--epochs", "1", "--validation", "60", "--seed", "3", "--quiet"]
        for (flag, name) in [("-o", "short"), ("--output", "long"), ("--out", "old")] {
            let r = try runDigits(common + [flag, "\(dir)/\(name).digits"])
            #expect(r.status == 0, "\(flag): \(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(name).digits"), "\(flag)")
        }
        let both = try runDigits(common + ["-o", "\(dir)/a.digits", "--out", "\(dir)/b.digits"])
        #expect(both.status == 2 && both.stderr.split(separator: "\n").count == 1, "\(both.stderr)")
        let help = try runDigits(["train", "--help"])
        #expect(help.stdout.contains("-o, --output") && !help.stdout.contains("--out "))
    }

    /// On a built-in dataset the typo is refused before anything is downloaded.
    @Test func layersTypoIsRefusedBeforeDownloading() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-typo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDigits(["train", "--layers", "784,30,11", "--dataset", "fashion-mnist"], in: dir,
                              environment: ["DIGITS_MIRRORS": "http://127.0.0.1:9/", "DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(r.status == 2 && r.stderr.contains("784,30,10"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "nothing downloaded or created")
    }

    /// A recipe made for a dataset trains on it unless another is given (here: offline, so the
    /// download it starts names the dataset and its default folder).
    @Test func fashionRecipeTrainsOnFashionMNISTUnlessToldOtherwise() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-fashion-recipe")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let offline = ["DIGITS_MIRRORS": "http://127.0.0.1:9/", "DIGITS_NO_DEFAULT_MIRRORS": "1"]
        let fashion = try runDigits(["train", "--recipe", "fashion"], in: dir, environment: offline)
        #expect(fashion.status == 1 && fashion.stderr.contains("fashion-mnist: 4 of 4 files missing in datasets/fashion-mnist"),
                "\(fashion.stderr)")
        let mnist = try runDigits(["train", "--recipe", "fashion", "--dataset", "mnist"], in: dir, environment: offline)
        #expect(mnist.status == 1 && mnist.stderr.contains("mnist: 4 of 4 files missing in datasets/mnist"), "\(mnist.stderr)")
        #expect(!mnist.stderr.contains("fashion"), "\(mnist.stderr)")
    }

    /// Three models: three pairs, Holm-adjusted, and the text says so.
    @Test func compareOfThreeModelsAppliesHolm() throws {
        let dir = try EvaluateCLIFixtures.makeDirectory()
        defer { EvaluateCLIFixtures.remove(dir) }
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/a.bin")
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(CompareCLITests.swap35), to: dir + "/b.bin")
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: dir + "/c.bin")
        let args = ["compare", "a.bin", "b.bin", "c.bin", "--data", ".", "--validation", "2"]
        let json = try runDigits(args + ["--json"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try EvaluateCLIFixtures.json(json.stdout)
        #expect(object["correction"] as? String == "holm")
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.count == 3)
        for pair in pairs {
            let p = try #require(pair["pValue"] as? Double), holm = try #require(pair["holmPValue"] as? Double)
            #expect(holm >= p)
        }
        let text = try runDigits(args, in: dir)
        #expect(text.stdout.contains("Holm"), "\(text.stdout)")
        let two = try EvaluateCLIFixtures.json(try runDigits(Array(args.prefix(3)) + Array(args.dropFirst(4)) + ["--json"], in: dir).stdout)
        #expect(two["correction"] == nil)
    }
}
