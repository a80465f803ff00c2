import Foundation

/// The directories a download is about to create, so that a failed run takes back those it
/// left empty (directories that existed before are never touched).
struct CreatedDirectories {
    /// The missing directories from `directory` up to its first existing ancestor, deepest first.
    let paths: [String]

    init(for directory: String) {
        var missing: [String] = []
        var path = Self.trimmingTrailingSlashes(directory)
        while !path.isEmpty, path != "/", path != ".", !FileManager.default.fileExists(atPath: path) {
            missing.append(path)
            path = Self.trimmingTrailingSlashes(AtomicFile.split(path).directory)
        }
        paths = missing
    }

    /// "a/b//" → "a/b" ("/" stays "/").
    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// Removes the created directories that are empty, deepest first. `rmdir` refuses a
    /// directory that holds anything (a `.partial` kept for resuming), and then its parents
    /// hold it, so the walk stops there.
    func removeEmpty() {
        for path in paths {
            guard rmdir(path) == 0 else { return }
            FileSync.syncDirectory(of: path)
        }
    }

    /// Runs `body`; when it throws, removes the empty created directories and rethrows.
    func cleaningUpOnFailure<T>(_ body: () throws -> T) rethrows -> T {
        do {
            return try body()
        } catch {
            removeEmpty()
            throw error
        }
    }
}
