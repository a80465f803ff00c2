// Owns: the path arithmetic of the output writer: a path split into directory and name, and a
// chain of symbolic links followed to the file it names.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// `path` with symbolic links followed to the file they name (which need not exist yet);
    /// `path` itself when it is not a link, or the links loop or go too deep (the rename then
    /// fails or replaces the link, as a plain write would).
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {  // the kernel's own limit on links in a path
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : split(current).directory + "/" + link
        }
        return path
    }

    /// `dir/name` → ("dir", "name"); "name" → (".", "name").
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }
}
