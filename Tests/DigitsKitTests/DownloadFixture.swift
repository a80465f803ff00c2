import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// A small fake dataset (four files of made-up bytes) with a spec that knows their real sizes
/// and MD5s, served by a ``LoopbackHTTPServer`` whose handler a test can bend into faults.
struct DownloadFixture {
    let spec: DatasetSpec
    let contents: [String: Data]
    let directory: String

    init() throws {
        var contents: [String: Data] = [:]
        var files: [DatasetSpec.File] = []
        // Sizes chosen so that the images file arrives in several chunks.
        let layout = [("train-images-idx3-ubyte.gz", 96_000), ("train-labels-idx1-ubyte.gz", 700),
                      ("t10k-images-idx3-ubyte.gz", 20_000), ("t10k-labels-idx1-ubyte.gz", 300)]
        for (index, (name, size)) in layout.enumerated() {
            var generator = UInt32(0x9E37_79B9) &+ UInt32(index)
            var bytes = [UInt8](repeating: 0, count: size)
            for i in 0..<size {
                generator = generator &* 1_664_525 &+ 1_013_904_223
                bytes[i] = UInt8(truncatingIfNeeded: generator >> 24)
            }
            let data = Data(bytes)
            contents[name] = data
            files.append(DatasetSpec.File(name: name, size: size, md5: Self.md5(data)))
        }
        spec = DatasetSpec(name: "fake", mirrors: [], trainImages: files[0], trainLabels: files[1],
                           testImages: files[2], testLabels: files[3])
        self.contents = contents
        directory = try TestSupport.makeTemporaryDirectory("digits-download")
    }

    static func md5(_ data: Data) -> String {
        DatasetChecksum.md5([UInt8](data))
    }

    /// The file as the server has it.
    func data(_ name: String) -> Data { contents[name] ?? Data() }

    func path(_ name: String) -> String { directory + "/" + name }

    /// A downloader into the fixture's directory, trying only `mirrors` (no environment, no
    /// built-in internet mirrors).
    func downloader(_ mirrors: [String], timeout: Double = 5) -> DatasetDownloader {
        DatasetDownloader(spec: spec, directory: directory, mirrors: mirrors, includeBuiltInMirrors: false,
                          timeout: timeout, environment: [:])
    }

    /// A server that answers every file normally, except where `fault` returns a reply.
    func server(_ fault: @escaping @Sendable (LoopbackHTTPServer.Request, Data) -> LoopbackHTTPServer.Reply? = { _, _ in nil })
        throws -> LoopbackHTTPServer {
        let contents = self.contents
        return try LoopbackHTTPServer { request in
            guard let data = contents[request.fileName] else { return .status(404, "no such file") }
            return fault(request, data) ?? .file(data, for: request)
        }
    }

    /// Every final name holds nothing or the verified file.
    func expectNothingUnverified(sourceLocation: SourceLocation = #_sourceLocation) {
        for file in spec.files {
            guard let data = FileManager.default.contents(atPath: path(file.name)) else { continue }
            #expect(data == self.data(file.name), "\(file.name) is in place but not the verified file",
                    sourceLocation: sourceLocation)
        }
    }

    /// All four files are in place, verified, with no `.partial` left.
    func expectComplete(sourceLocation: SourceLocation = #_sourceLocation) {
        for file in spec.files {
            #expect(FileManager.default.contents(atPath: path(file.name)) == data(file.name),
                    "\(file.name) missing or wrong", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: path(file.name) + ".partial"),
                    "\(file.name).partial left behind", sourceLocation: sourceLocation)
        }
        #expect(DatasetDownloader.isComplete(directory: directory, spec: spec), sourceLocation: sourceLocation)
    }

    /// Runs `body`, expecting a ``DownloadError``, and returns it.
    func expectDownloadError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> DownloadError? {
        do {
            try body()
            Issue.record("expected a DownloadError, got success", sourceLocation: sourceLocation)
        } catch let error as DownloadError {
            #expect(!error.description.contains("\n"), "message is not one line", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected a DownloadError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    func cleanUp() { TestSupport.removeDirectory(directory) }
}
