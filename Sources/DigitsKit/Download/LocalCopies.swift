import Foundation

/// The record of local copies accepted although their MD5 is not the published one
/// (`digits download --from DIR` with re-compressed files), kept in the dataset directory as
/// `.digits-local-copies`, one `MD5 SIZE NAME` line per file.
///
/// A file listed here counts as present and valid only while its size and MD5 are still the
/// recorded ones, so the record cannot vouch for a file that changed afterwards.
struct LocalCopies {
    static let fileName = ".digits-local-copies"

    struct Entry: Equatable {
        var md5: String
        var size: Int
    }

    private(set) var entries: [String: Entry] = [:]

    /// The record in `directory` (empty when absent or unreadable: it only ever adds trust).
    static func load(directory: String) -> LocalCopies {
        var record = LocalCopies()
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let bytes = try? FileBytes.read(path, limit: 1 << 16) else { return record }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, fields[0].count == 32, let size = Int(fields[1]) else { continue }
            record.entries[String(fields[2])] = Entry(md5: String(fields[0]), size: size)
        }
        return record
    }

    mutating func set(_ name: String, _ entry: Entry?) {
        entries[name] = entry
    }

    /// Writes the record through ``AtomicFile`` (a temporary file of this process's own, fsync,
    /// rename), so two downloads into one directory cannot tear it.
    func save(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        if entries.isEmpty { FileSync.remove(path); return }
        let text = entries.sorted { $0.key < $1.key }.map { "\($0.value.md5) \($0.value.size) \($0.key)\n" }.joined()
        try AtomicFile.write(text, to: path)
    }
}
