import DigitsTestSupport
@testable import DigitsKit
import Foundation

/// Four dataset files served by a loopback mirror, and the `--spec` JSON file that describes
/// them (names, sizes, MD5s; no mirrors of its own).
struct ServedDataset {
    let specPath: String
    /// The bytes of each file, by name.
    let contents: [String: Data]

    /// Describes `files` (training images, training labels, test images, test labels, in that
    /// order) as dataset `name` in a spec written to `specPath`.
    init(name: String, files: [(name: String, data: Data)], specPath: String) throws {
        precondition(files.count == 4, "a dataset has four files")
        let described = files.map { DatasetSpec.File(name: $0.name, size: $0.data.count, md5: DatasetChecksum.md5([UInt8]($0.data))) }
        let spec = DatasetSpec(name: name, mirrors: [], trainImages: described[0], trainLabels: described[1],
                               testImages: described[2], testLabels: described[3])
        try spec.jsonDescription().write(to: URL(fileURLWithPath: specPath))
        self.specPath = specPath
        contents = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.data) })
    }

    /// A loopback server answering every request with `status`, or else with the named file
    /// (404 for other names).
    func server(status: Int? = nil) throws -> LoopbackHTTPServer {
        let contents = self.contents
        return try LoopbackHTTPServer { request in
            if let status { return .status(status) }
            guard let data = contents[request.fileName] else { return .status(404) }
            return .file(data, for: request)
        }
    }
}
