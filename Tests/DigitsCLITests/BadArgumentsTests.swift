import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Every subcommand's bad arguments: each is exit 2 and exactly one error line on standard
/// error (warnings aside) that starts with "digits: " and names the file (or the option).
///
/// Cases are command lines with placeholders (`$MISSING`, `$LOOP`, …) that ``Workspace`` turns
/// into real paths, so that the table reads like the commands a user would type.
@Suite struct BadArgumentsTests {
    /// One bad command line and what its error line must mention.
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        /// A placeholder or text the error line must contain (default: the bad file).
        var mentions: String
        var status: Int32 = 2
        var testDescription: String { arguments.joined(separator: " ") }
    }

    /// The kinds of bad file, as placeholders: absent, a directory, a symbolic link to itself
    /// (open fails with ELOOP even for root, who may read any file), a FIFO (must be refused,
    /// not waited on), empty, and junk.
    static let badFiles = ["$MISSING", "$DIR", "$LOOP", "$FIFO", "$EMPTY", "$JUNK"]

    /// Every command-line slot that takes a file, with `$BAD` where the file goes.
    static let fileSlots: [[String]] = [
        ["inspect", "$BAD"],
        ["export-json", "$BAD", "-o", "$OUT"],
        ["import-json", "$BAD", "-o", "$OUT"],
        ["evaluate", "$BAD", "--data", "$EVAL"],
        ["compare", "$M10", "$BAD", "--data", "$EVAL"],
        ["classify", "$BAD", "$PGM"],
        ["classify", "$M784", "$BAD"],
        ["train", "--data", "$TRAIN", "--resume", "$BAD", "--quiet"],
        ["train", "--data", "$TRAIN", "--spec", "$BAD", "--quiet"],
        ["download", "--spec", "$BAD", "--into", "$WS/download"],
        ["verify", "$EVAL", "--spec", "$BAD"],
        ["evaluate", "$M10", "--data", "$EVAL", "--spec", "$BAD"],
    ]

    static let badFileCases: [Case] = fileSlots.flatMap { slot in
        badFiles.map { bad in Case(arguments: slot.map { $0 == "$BAD" ? bad : $0 }, mentions: bad) }
    }

    /// Directories where files are expected and the reverse, malformed datasets, and models
    /// for images of another size.
    static let otherCases: [Case] = [
        // A file or nothing where a directory is expected.
        Case(arguments: ["train", "--data", "$JUNK", "--quiet"], mentions: "$JUNK"),
        Case(arguments: ["evaluate", "$M10", "--data", "$JUNK"], mentions: "$JUNK"),
        Case(arguments: ["evaluate", "$M10", "--data", "$MISSING"], mentions: "$MISSING"),
        Case(arguments: ["compare", "$M10", "$M10", "--data", "$JUNK"], mentions: "$JUNK"),
        Case(arguments: ["verify", "$JUNK"], mentions: "$JUNK"),
        Case(arguments: ["verify", "$MISSING"], mentions: "$MISSING"),
        Case(arguments: ["download", "--from", "$JUNK", "--into", "$WS/download"], mentions: "$JUNK"),
        Case(arguments: ["download", "--from", "$MISSING", "--into", "$WS/download"], mentions: "$MISSING"),
        Case(arguments: ["download", "--into", "$JUNK", "--no-default-mirrors"], mentions: "$JUNK"),
        Case(arguments: ["train", "--data", "$TRAIN", "--save-every-epoch", "$JUNK", "--quiet"], mentions: "$JUNK"),
        // A directory where an output file is expected.
        Case(arguments: ["train", "--data", "$TRAIN", "--out", "$DIR", "--quiet"], mentions: "$DIR"),
        Case(arguments: ["import-json", "$JSON", "-o", "$DIR"], mentions: "$DIR"),
        Case(arguments: ["export-json", "$M10", "-o", "$DIR"], mentions: "$DIR"),
        // A malformed file inside the dataset directory.
        Case(arguments: ["evaluate", "$M10", "--data", "$BADEVAL"], mentions: "$BADEVAL/t10k-images-idx3-ubyte.gz"),
        Case(arguments: ["compare", "$M10", "$M10", "--data", "$BADEVAL"], mentions: "$BADEVAL/t10k-images-idx3-ubyte.gz"),
        Case(arguments: ["train", "--data", "$BADEVAL", "--quiet"], mentions: "$BADEVAL/t10k-images-idx3-ubyte.gz"),
        Case(arguments: ["verify", "$BADEVAL"], mentions: "$BADEVAL/t10k-images-idx3-ubyte.gz"),
        // Models of the wrong input size for the data.
        Case(arguments: ["evaluate", "$M5", "--data", "$EVAL", "--validation", "0"], mentions: "$M5: the model takes 5 inputs"),
        Case(arguments: ["compare", "$M10", "$M5", "--data", "$EVAL", "--validation", "0"], mentions: "$M5: the model takes 5 inputs"),
        Case(arguments: ["classify", "$M10", "$PGM"], mentions: "$M10"),
        Case(arguments: ["train", "--data", "$TRAIN", "--resume", "$C10", "--validation", "60", "--quiet"], mentions: "$C10: the model takes 10 inputs"),
        Case(arguments: ["train", "--data", "$TRAIN", "--resume", "$M10", "--quiet"], mentions: "$M10: cannot resume: this is a trained model, not a checkpoint"),
    ]

    /// Options out of range or of the wrong form.
    static let optionCases: [Case] = [
        Case(arguments: ["train", "--data", "$TRAIN", "--epochs=-1"], mentions: "epochs"),
        Case(arguments: ["train", "--data", "$TRAIN", "--epochs", "0"], mentions: "epochs"),
        Case(arguments: ["train", "--data", "$TRAIN", "--batch", "0"], mentions: "mini-batch"),
        Case(arguments: ["train", "--data", "$TRAIN", "--eta", "nan"], mentions: "η"),
        Case(arguments: ["train", "--data", "$TRAIN", "--eta", "inf"], mentions: "η"),
        Case(arguments: ["train", "--data", "$TRAIN", "--lambda=-1"], mentions: "λ"),
        Case(arguments: ["train", "--data", "$TRAIN", "--momentum", "1"], mentions: "momentum"),
        Case(arguments: ["train", "--data", "$TRAIN", "--layers", "0"], mentions: "--layers"),
        Case(arguments: ["train", "--data", "$TRAIN", "--layers", "30,,10"], mentions: "--layers"),
        Case(arguments: ["train", "--data", "$TRAIN", "--validation=-5"], mentions: "--validation"),
        Case(arguments: ["train", "--data", "$TRAIN", "--early-stop", "0"], mentions: "--early-stop"),
        Case(arguments: ["train", "--data", "$TRAIN", "--threads", "0"], mentions: "--threads"),
        Case(arguments: ["train", "--data", "$TRAIN", "--epochs", "0"], mentions: "--epochs must be 1…1000000, got 0"),
        Case(arguments: ["train", "--data", "$TRAIN", "--batch", "0"], mentions: "--batch"),
        Case(arguments: ["train", "--data", "$TRAIN", "--eta=-1"], mentions: "--eta"),
        Case(arguments: ["train", "--data", "$TRAIN", "--lambda=-1"], mentions: "--lambda"),
        Case(arguments: ["train", "--data", "$TRAIN", "--momentum", "1"], mentions: "--momentum"),
        Case(arguments: ["train", "--data", "$TRAIN", "--epochs", "ten"], mentions: "ten"),
        Case(arguments: ["train", "--data", "$TRAIN", "--nesterov"], mentions: "--nesterov needs --momentum μ > 0"),
        Case(arguments: ["train", "--data", "$TRAIN", "--recipe", "best-fast", "--momentum", "0", "--nesterov"], mentions: "--momentum"),
        Case(arguments: ["train", "--data", "$TRAIN", "--dropout", "1"], mentions: "--dropout must be in [0, 1), got 1.0"),
        Case(arguments: ["train", "--data", "$TRAIN", "--dropout=-0.2"], mentions: "--dropout"),
        Case(arguments: ["train", "--data", "$TRAIN", "--dropout", "nan"], mentions: "--dropout"),
        Case(arguments: ["train", "--data", "$TRAIN", "--dropout", "half"], mentions: "half"),
        Case(arguments: ["train", "--data", "$TRAIN", "--max-norm", "0"], mentions: "--max-norm must be a positive number, got 0.0"),
        Case(arguments: ["train", "--data", "$TRAIN", "--max-norm=-3"], mentions: "--max-norm"),
        Case(arguments: ["train", "--data", "$TRAIN", "--max-norm", "inf"], mentions: "--max-norm"),
        Case(arguments: ["train", "--data", "$TRAIN", "--resume", "x.digits", "--dropout", "0.5"], mentions: "--dropout cannot be combined with --resume"),
        Case(arguments: ["train", "--data", "$TRAIN", "--resume", "x.digits", "--center-inputs"], mentions: "--center-inputs cannot be combined with --resume"),
        Case(arguments: ["train", "--data", "$TRAIN", "--validation", "100000", "--quiet"], mentions: "validation size 100000"),
        Case(arguments: ["train", "--dataset", "cifar"], mentions: "cifar"),
        Case(arguments: ["train", "--dataset", "mnist", "--spec", "$JUNK"], mentions: "--spec"),
        Case(arguments: ["evaluate", "$M10", "--data", "$EVAL", "--split", "bogus"], mentions: "bogus"),
        Case(arguments: ["evaluate", "$M10", "--data", "$EVAL", "--validation=-1"], mentions: "--validation"),
        Case(arguments: ["evaluate", "$M10", "--data", "$EVAL", "--limit=-1"], mentions: "--limit"),
        Case(arguments: ["evaluate", "$M10", "--data", "$EVAL", "--time", "0"], mentions: "--time"),
        Case(arguments: ["evaluate", "$M10", "--data", "$EVAL", "--validation", "13"], mentions: "validation size 13"),
        Case(arguments: ["evaluate", "$M10", "--data", "$EVAL", "--dataset", "cifar"], mentions: "cifar"),
        Case(arguments: ["compare", "$M10", "--data", "$EVAL"], mentions: "two model files"),
        Case(arguments: ["compare", "$M10", "$M10", "--data", "$EVAL", "--limit=-1"], mentions: "--limit"),
        Case(arguments: ["classify", "$M784", "$PGM", "--top", "0"], mentions: "--top"),
        Case(arguments: ["classify", "$M784", "$PGM", "--invert", "maybe"], mentions: "maybe"),
        Case(arguments: ["classify", "$M784"], mentions: "IMAGE"),
        Case(arguments: ["download", "--timeout", "0"], mentions: "--timeout"),
        Case(arguments: ["download", "--timeout", "nan"], mentions: "--timeout"),
        Case(arguments: ["download", "--mirror", "ftp://example.org/", "--into", "$WS/download"], mentions: "ftp://example.org/"),
        Case(arguments: ["download", "--dataset", "cifar"], mentions: "cifar"),
        Case(arguments: ["verify", "--dataset", "cifar"], mentions: "cifar"),
        Case(arguments: ["verify", "$EVAL", "--time", "0"], mentions: "--time"),
        Case(arguments: ["inspect"], mentions: "model"),
        Case(arguments: ["import-json", "$JSON"], mentions: "--output"),
        Case(arguments: ["export-json", "$M10", "-o"], mentions: "-o"),
        Case(arguments: ["frobnicate"], mentions: "frobnicate"),
    ]

    @Test(arguments: badFileCases)
    func badFileIsOneLineAndExitTwo(_ c: Case) throws { try check(c) }

    @Test(arguments: otherCases)
    func wrongKindOfPathOrModelIsOneLineAndExitTwo(_ c: Case) throws { try check(c) }

    @Test(arguments: optionCases)
    func badOptionIsOneLineAndExitTwo(_ c: Case) throws { try check(c) }

    private func check(_ c: Case) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let arguments = c.arguments.map(ws.resolve)
        // No run may reach the internet: no built-in mirrors, no mirrors from the environment.
        let r = try runDigits(arguments, in: ws.dir,
                              environment: ["DIGITS_NO_DEFAULT_MIRRORS": "1", "DIGITS_MIRRORS": ""])
        let errors = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("digits: warning: ") }
        #expect(r.status == c.status, "\(arguments): \(r.stderr)")
        #expect(errors.count == 1, "\(arguments): \(r.stderr)")
        let line = String(errors.first ?? "")
        #expect(line.hasPrefix("digits: "), "\(arguments): \(r.stderr)")
        #expect(line.contains(ws.resolve(c.mentions)), "\(arguments): \(line) should mention \(ws.resolve(c.mentions))")
    }

    /// Bad inputs never leave output behind: a failed import writes no model.
    @Test func aFailedImportWritesNothing() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let r = try runDigits(["import-json", ws.resolve("$JUNK"), "-o", ws.resolve("$OUT")])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: ws.resolve("$OUT")))
    }

    /// A directory of files for one test, and the placeholders that name them.
    final class Workspace {
        let dir: String
        private let paths: [(String, String)]

        init() throws {
            dir = try TestSupport.makeTemporaryDirectory("digits-bad-arguments")
            let fm = FileManager.default
            let d = dir
            func path(_ name: String) -> String { d + "/" + name }
            // Longest placeholders first, so that "$M10" is not read as "$M1" + "0".
            paths = [("$MISSING", path("missing.digits")), ("$BADEVAL", path("bad-eval")), ("$EVAL", path("eval")),
                     ("$TRAIN", path("train")), ("$EMPTY", path("empty.digits")), ("$JUNK", path("junk.digits")),
                     ("$LOOP", path("loop.digits")), ("$FIFO", path("fifo.digits")), ("$M784", path("m784.digits")),
                     ("$M10", path("m10.digits")), ("$C10", path("c10.checkpoint.digits")), ("$M5", path("m5.digits")), ("$JSON", path("net.json")),
                     ("$PGM", path("digit.pgm")), ("$OUT", path("out.file")), ("$DIR", path("a-directory")),
                     ("$WS", d)]
            func at(_ key: String) -> String { paths.first { $0.0 == key }?.1 ?? key }

            try fm.createDirectory(atPath: at("$DIR"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: at("$LOOP"), withDestinationPath: at("$LOOP"))
            guard mkfifo(at("$FIFO"), 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
            try Data().write(to: URL(fileURLWithPath: at("$EMPTY")))
            try Data("this is not what you think it is\n".utf8).write(to: URL(fileURLWithPath: at("$JUNK")))

            for name in ["$EVAL", "$BADEVAL", "$TRAIN"] {
                try fm.createDirectory(atPath: at(name), withIntermediateDirectories: true)
            }
            try EvaluateCLIFixtures.writeDataset(in: at("$EVAL"))
            try EvaluateCLIFixtures.writeDataset(in: at("$BADEVAL"))
            try Data("junk".utf8).write(to: URL(fileURLWithPath: at("$BADEVAL") + "/t10k-images-idx3-ubyte.gz"))
            try TinyDataset.write(to: at("$TRAIN"))

            let m10 = try EvaluateCLIFixtures.permutationModel()
            try ModelFile.write(m10, to: at("$M10"))
            var options = TrainingOptions()
            options.layers = m10.network.sizes
            let c10 = Checkpoint(options: options, state: TrainingState(eta: options.eta), network: m10.network,
                                 data: Checkpoint.DataRecord(name: "", trainingSize: nil, validationSize: nil))
            try ModelFile.write(c10.model, to: at("$C10"))
            try ModelFile.write(Model(network: try Network(zerosWithSizes: [5, 10])), to: at("$M5"))
            try ModelFile.write(Model(network: try Network(zerosWithSizes: [784, 10])), to: at("$M784"))
            try Data(NetworkJSON.encode(m10)).write(to: URL(fileURLWithPath: at("$JSON")))
            var picture = GrayImage(width: 28, height: 28)
            for y in 6..<22 { picture[14, y] = 1 }
            try Data(PGMWriter.encode(picture)).write(to: URL(fileURLWithPath: at("$PGM")))
        }

        /// `text` with every placeholder replaced by its path.
        func resolve(_ text: String) -> String {
            paths.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        }

        func remove() { try? FileManager.default.removeItem(atPath: dir) }
    }
}
