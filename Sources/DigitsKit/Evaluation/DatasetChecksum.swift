import Crypto
import Foundation

extension MetadataComparison {
    /// The SHA-256 of each of `spec`'s files in `directory`, in the ``MetadataKey/datasetSHA256``
    /// format ("file=hex;file=hex;…"), to check a model's training data against the data it is
    /// evaluated on. Files that are absent are left out.
    /// - Throws: a ``FileError`` when a file exists but cannot be read.
    public static func datasetChecksum(directory: String, spec: DatasetSpec) throws -> String {
        var parts: [String] = []
        for file in spec.files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let data = try withFile(path) { try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) }
            let hex = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            parts.append("\(file.name)=\(hex)")
        }
        return parts.joined(separator: ";")
    }
}
