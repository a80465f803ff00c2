import Foundation

/// The rules for the names in a dataset description: the dataset's name (a directory under
/// datasets/) and its four file names (files in that directory, each written as NAME.partial
/// first). A name must stay one plain entry of that directory, and no two names may land on the
/// same entry once a file system sees them.
enum DatasetSpecNames {
    /// The longest name in UTF-8 bytes: NAME.partial must fit in NAME_MAX (255).
    static let maximumBytes = 255 - ".partial".utf8.count

    /// Why `name` cannot be a file or directory name of a dataset, or nil when it can.
    static func problem(with name: String) -> String? {
        if name.isEmpty { return "empty" }
        if name == "." || name == ".." { return "'\(name)' is not a file name" }
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0: return "contains NUL"
            case 0x01...0x1F, 0x7F, 0x80...0x9F: return "contains a control character"
            case 0x2F, 0x5C: return "contains a path separator"
            default: continue
            }
        }
        if name.utf8.count > maximumBytes { return "longer than \(maximumBytes) bytes" }
        if key(name) == key(LocalCopies.fileName) { return "reserved for the record of accepted local copies" }
        return nil
    }

    /// The first pair of `names` that one file system entry would hold: the same name twice, two
    /// names that differ only in case or Unicode normalisation (macOS and Windows file systems
    /// fold both), or one name that is another's NAME.partial.
    static func collision(in names: [String]) -> (String, String)? {
        var seen: [String: String] = [:]
        for name in names {
            for entry in [name, name + ".partial"] {
                if let other = seen[key(entry)] { return (other, name) }
            }
            seen[key(name)] = name
            seen[key(name + ".partial")] = name
        }
        return nil
    }

    /// Case-folded, canonically composed: equal for the names a folding file system confuses.
    private static func key(_ name: String) -> String {
        name.lowercased().precomposedStringWithCanonicalMapping
    }
}
