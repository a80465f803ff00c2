import DigitsKit
import DigitsTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Outputs end to end: device and FIFO outputs, standard output on a full device or a closed
/// pipe, output paths checked before any work, no Foundation error text.
@Suite struct OutputCLITests {
    /// A temporary directory holding `model.digits` (a [300, 100, 10] network: its JSON is
    /// about 700 KiB, far more than a pipe buffer) and `file`, a regular file.
    struct Workspace {
        let dir: String
        var model: String { dir + "/model.digits" }

        init() throws {
            dir = try TestSupport.makeTemporaryDirectory("digits-output-cli")
            var network = try Network(zerosWithSizes: [300, 100, 10])
            for l in network.weights.indices {
                for i in network.weights[l].indices { network.weights[l][i] = Float(i % 97) / 97 - 0.5 }
            }
            try ModelFile.write(Model(network: network), to: model)
            #expect(FileManager.default.createFile(atPath: dir + "/file", contents: Data([1])))
        }

        func remove() { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// A character device (a copy of /dev/null made with mknod), also behind a symbolic link,
    /// stays a device: the JSON is written into it. (As root, the very case of `-o /dev/null`.)
    @Test func exportToACharacterDeviceLeavesItADevice() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let device = ws.dir + "/null"
        try SpecialFiles.makeDevice(device, type: S_IFCHR, major: 1, minor: 3)
        try FileManager.default.createSymbolicLink(atPath: ws.dir + "/link", withDestinationPath: device)
        for output in [device, ws.dir + "/link"] {
            let r = try runDigits(["export-json", ws.model, "-o", output])
            #expect(r.status == 0, "\(output): \(r.stderr)")
            #expect(r.stderr.isEmpty)
            #expect(fileType(device) == S_IFCHR)
        }
        #expect(fileType(ws.dir + "/link") == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir).sorted() == ["file", "link", "model.digits", "null"])
    }

    /// `-o FIFO`: the reader gets exactly the JSON `-o -` prints, and the FIFO stays a FIFO.
    @Test func exportToAFIFODeliversTheJSONToItsReader() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let fifo = ws.dir + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        let expected = try runDigits(["export-json", ws.model, "-o", "-"])
        #expect(expected.status == 0)
        let reader = try FIFOReader(fifo)
        let r = try runDigits(["export-json", ws.model, "-o", fifo])
        let delivered = reader.finish()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(delivered.count > 100_000)
        #expect(String(decoding: delivered, as: UTF8.self) + "\n" == expected.stdout)
        #expect(fileType(fifo) == S_IFIFO)
    }

    /// A block device (mknod) and a socket are refused with exit 2 and one line, and left alone.
    @Test func exportToABlockDeviceIsRefused() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let device = ws.dir + "/loop"
        try SpecialFiles.makeDevice(device, type: S_IFBLK, major: 7, minor: 0)
        let r = try runDigits(["export-json", ws.model, "-o", device])
        #expect(r.status == 2)
        #expect(r.stderr == "digits: \(device): is a block device; digits writes only regular files, character devices and FIFOs\n")
        #expect(fileType(device) == S_IFBLK)
    }

    /// `> /dev/full`: one line naming standard output and the reason, exit 1, whatever writes
    /// (plain text, JSON, raw bytes, the help text).
    @Test(arguments: [["inspect", "MODEL"], ["inspect", "MODEL", "--json"], ["export-json", "MODEL", "-o", "-"], ["--help"]])
    func fullStandardOutputIsOneLineAndExitOne(_ arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else {
            try Test.cancel("skipped: this system has no /dev/full")
        }
        let ws = try Workspace()
        defer { ws.remove() }
        let r = try spawnDigits(arguments.map { $0 == "MODEL" ? ws.model : $0 }, output: .file("/dev/full"))
        #expect(r.reason == .exit && r.status == 1, "\(arguments): \(r.reason) \(r.status)")
        #expect(r.stderr == "digits: standard output: No space left on device\n", "\(arguments)")
    }

    /// A closed pipe on standard output ends `digits` quietly (by SIGPIPE, nothing on standard
    /// error, no trap), also when it was started with SIGPIPE ignored.
    @Test(arguments: [false, true])
    func closedPipeEndsQuietly(ignoringSIGPIPE: Bool) throws {
        if ignoringSIGPIPE { #expect(try shellTrapIgnoresSIGPIPE(), "the shell trap does not ignore SIGPIPE: the test would prove nothing") }
        let ws = try Workspace()
        defer { ws.remove() }
        for arguments in [["inspect", ws.model], ["inspect", ws.model, "--json"], ["export-json", ws.model, "-o", "-"]] {
            let r = try spawnDigits(arguments, output: .closedPipe, ignoringSIGPIPE: ignoringSIGPIPE)
            #expect(r.killedBySIGPIPE, "\(arguments): \(r.reason) \(r.status) \(r.stderr)")
            #expect(r.stderr.isEmpty, "\(arguments)")
        }
    }

    /// Every output option is checked before the command does its work: a parent that is a
    /// regular file, a missing directory, a directory name, an existing directory are exit 2
    /// with one line naming the path, before any report is printed or any file written.
    @Test func badOutputPathsAreUsageErrorsBeforeAnyWork() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let data = ws.dir + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try EvaluateCLIFixtures.writeDataset(in: data)
        let small = ws.dir + "/small.digits"
        try ModelFile.write(EvaluateCLIFixtures.permutationModel(), to: small)
        let json = ws.dir + "/net.json"
        #expect(try runDigits(["export-json", small, "-o", json]).status == 0)
        let file = ws.dir + "/file"
        let cases: [([String], String)] = [
            (["evaluate", small, "--data", data, "--csv", file + "/m.csv"], "\(file)/m.csv: \(file) is not a directory"),
            (["evaluate", small, "--data", data, "--svg", ws.dir + "/none/m.svg"], "\(ws.dir)/none/m.svg: no such directory: \(ws.dir)/none"),
            (["evaluate", small, "--data", data, "--misclassified", file + "/wrong/"], "\(file)/wrong/: \(file) is not a directory"),
            (["evaluate", small, "--data", data, "--csv", ws.dir], "\(ws.dir): is a directory (expected a file name)"),
            (["compare", small, small, "--data", data, "--svg", file + "/d.svg"], "\(file)/d.svg: \(file) is not a directory"),
            (["compare", small, small, "--data", data, "--disagreements", file + "/d/"], "\(file)/d/: \(file) is not a directory"),
            (["import-json", json, "-o", ws.dir + "/new/"], "\(ws.dir)/new/: names a directory; give a file name"),
            (["export-json", small, "-o", file + "/x.json"], "\(file)/x.json: \(file) is not a directory"),
        ]
        for (arguments, message) in cases {
            let r = try runDigits(arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr == "digits: \(message)\n", "\(arguments)")
            #expect(r.stdout.isEmpty, "\(arguments)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir).sorted() == ["data", "file", "model.digits", "net.json", "small.digits"])
    }

    /// `train --out newdir/` (and a directory, a parent that is a file, a --save-every-epoch
    /// that is a file) is exit 2 before the dataset is loaded and before the first epoch.
    @Test func trainRejectsBadOutputsBeforeTheFirstEpoch() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let data = ws.dir + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try TinyDataset.write(to: data)
        let file = ws.dir + "/file"
        let cases: [([String], String)] = [
            (["--out", ws.dir + "/newdir/"], "\(ws.dir)/newdir/: names a directory; give a file name"),
            (["--out", data], "\(data): is a directory (expected a file name)"),
            (["--out", file + "/m.digits"], "\(file)/m.digits: \(file) is not a directory"),
            (["--out", ws.dir + "/m.digits", "--save-every-epoch", file], "\(file): exists and is not a directory"),
            (["--augment", "affine", "--preview-augment", ws.dir + "/none/p.pgm"], "\(ws.dir)/none/p.pgm: no such directory: \(ws.dir)/none"),
        ]
        for (extra, message) in cases {
            let r = try runDigits(["train", "--data", data, "--layers", "8", "--epochs", "1", "--validation", "60"] + extra)
            #expect(r.status == 2, "\(extra): \(r.stderr)")
            #expect(r.stderr == "digits: \(message)\n", "\(extra): no banner, no epoch, one line")
            #expect(r.stdout.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir).sorted() == ["data", "file", "model.digits"])
    }

    /// Failures that go through Foundation come out as one plain line: never `Error Domain=`,
    /// never Foundation's "The operation could not be completed", never a trap.
    @Test func noFoundationErrorTextReachesTheUser() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let runs: [(String, SpawnResult)] = [
            // A directory on standard input (FileHandle.readData trapped on EISDIR).
            ("classify - < DIR", try spawnDigits(["classify", ws.model, "-"], output: .file("/dev/null"), stdinPath: ws.dir)),
            // A directory to create under a regular file (FileManager.createDirectory's error
            // text before; now found by the early check).
            ("download --into FILE/sub", try spawnDigits(["download", "--into", ws.dir + "/file/sub", "--no-default-mirrors",
                                                          "--mirror", "http://127.0.0.1:9/"], output: .file("/dev/null"))),
            ("train --data FILE/sub", try spawnDigits(["train", "--data", ws.dir + "/file/sub"], output: .file("/dev/null"))),
        ]
        for (what, r) in runs {
            #expect(r.reason == .exit && (r.status == 1 || r.status == 2), "\(what): \(r.reason) \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("digits: "), "\(what): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(what): \(r.stderr)")
            for raw in ["Error Domain", "NSCocoaErrorDomain", "NSPOSIXErrorDomain", "UserInfo", "could not be completed", "Fatal error"] {
                #expect(!r.stderr.contains(raw), "\(what): \(r.stderr)")
            }
        }
    }
}
