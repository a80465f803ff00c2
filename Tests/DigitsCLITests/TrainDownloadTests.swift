import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// `digits train` downloads a dataset whose files are missing, from a loopback mirror given in
/// DIGITS_MIRRORS (the built-in mirrors are off), then trains on it.
@Suite struct TrainDownloadTests {
    /// The tiny training dataset served by a loopback mirror, and a `--spec` file describing it.
    struct Mirror {
        let directory: String

        init() throws {
            directory = try TestSupport.makeTemporaryDirectory("digits-train-download")
            let source = directory + "/source"
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            try TinyDataset.write(to: source)
            let files = try DatasetSpec.mnist.files.map { file in
                (file.name, try Data(contentsOf: URL(fileURLWithPath: source + "/" + file.name)))
            }
            served = try ServedDataset(name: "tiny", files: files, specPath: directory + "/tiny.json")
        }

        private let served: ServedDataset
        var specPath: String { served.specPath }
        var contents: [String: Data] { served.contents }

        func server(status: Int? = nil) throws -> LoopbackHTTPServer { try served.server(status: status) }

        func train(data: String, environment: [String: String], extra: [String] = []) throws -> RunResult {
            try runDigits(["train", "--spec", specPath, "--data", data, "--layers", "8", "--epochs", "1",
                           "--validation", "60", "--seed", "3", "--out", directory + "/model.digits"] + extra,
                          environment: environment)
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    @Test func downloadsTheMissingDatasetThenTrains() throws {
        let mirror = try Mirror()
        defer { mirror.remove() }
        let server = try mirror.server()
        defer { server.stop() }
        let data = mirror.directory + "/data"  // does not exist yet
        let r = try mirror.train(data: data, environment: ["DIGITS_MIRRORS": server.baseURL("m"),
                                                           "DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        for (name, bytes) in mirror.contents {
            #expect(FileManager.default.contents(atPath: data + "/" + name) == bytes, "\(name)")
        }
        // The download says what it does on standard error, one summary line per file, as
        // 'digits download' does on standard output; standard output is the training's own.
        #expect(r.stderr.contains("tiny: 4 of 4 files missing in \(data), downloading"), "\(r.stderr)")
        let summaries = r.stderr.split(separator: "\n").filter { $0.contains("downloaded from \(server.baseURL("m"))") }
        #expect(summaries.count == 4, "\(r.stderr)")
        #expect(!r.stdout.contains("downloaded"))
        #expect(try ModelFile.read(mirror.directory + "/model.digits").network.sizes == [36, 8, 10])

        // Present now: a second run downloads nothing.
        let again = try mirror.train(data: data, environment: ["DIGITS_MIRRORS": "http://127.0.0.1:9/never/",
                                                               "DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stderr.contains("downloading"))
    }

    @Test func onlyTheMissingFilesAreFetchedAndJSONOutputStaysClean() throws {
        let mirror = try Mirror()
        defer { mirror.remove() }
        let server = try mirror.server()
        defer { server.stop() }
        let data = mirror.directory + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let kept = DatasetSpec.mnist.trainImages.name
        try mirror.contents[kept]?.write(to: URL(fileURLWithPath: data + "/" + kept))
        let r = try mirror.train(data: data, environment: ["DIGITS_MIRRORS": server.baseURL("m"),
                                                           "DIGITS_NO_DEFAULT_MIRRORS": "1"], extra: ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!server.requests.isEmpty && server.requests.allSatisfy { $0.fileName != kept })
        // --json: every line on standard output is a JSON object.
        for line in r.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
    }

    @Test func noMirrorIsOneLineExitTwoAndAFailingMirrorExitOne() throws {
        let mirror = try Mirror()
        defer { mirror.remove() }
        let none = try mirror.train(data: mirror.directory + "/data", environment: ["DIGITS_MIRRORS": "",
                                                                                   "DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(none.status == 2, "\(none.stderr)")
        let noneErrors = none.stderr.split(separator: "\n").filter { $0.hasPrefix("digits: ") }
        #expect(noneErrors.count == 1 && noneErrors[0].contains("no mirror"), "\(none.stderr)")

        let server = try mirror.server(status: 404)
        defer { server.stop() }
        let failing = try mirror.train(data: mirror.directory + "/data2",
                                       environment: ["DIGITS_MIRRORS": server.baseURL("m"), "DIGITS_NO_DEFAULT_MIRRORS": "1"])
        #expect(failing.status == 1, "\(failing.stderr)")
        let errors = failing.stderr.split(separator: "\n").filter { $0.hasPrefix("digits: ") && !$0.hasPrefix("digits: warning: ") }
        #expect(errors.count == 1 && errors[0].contains("every mirror failed"), "\(failing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mirror.directory + "/model.digits"))
    }
}
