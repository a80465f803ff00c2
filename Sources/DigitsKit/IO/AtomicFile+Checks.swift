// Owns: the checks every command makes on its output paths before any work (is it a file
// name, is its directory there and writable, is it not the input), and `mkdir -p`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// Checks, before any work starts, that ``write(_:to:)`` can put a file at `path`: the name
    /// is a file name, the path is not a directory, block device or socket, and its directory
    /// exists (or, with `createsDirectories`, can be created: the nearest existing ancestor is
    /// a directory) and is writable.
    ///
    /// With `input`, the path must also not be that file (a command never replaces what it reads).
    ///
    /// - Throws: a ``FileError`` naming `path`: ``OutputPathError`` (exit 2) for a wrong kind of
    ///   path, a ``SystemError`` (exit 1) when the directory is not writable.
    public static func checkOutputFile(_ path: String, createsDirectories: Bool = false, notSameAs input: String? = nil) throws {
        do {
            if try targetKind(path) == .stream { return }
            if let input {
                var a = stat(), b = stat()
                if stat(path, &a) == 0, stat(input, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino {
                    throw OutputPathError.sameAsInput(input)
                }
            }
            try checkDirectory(of: followingLinks(path), creating: createsDirectories)
        } catch let error as any DigitsError {
            throw error.about(path)
        }
    }

    /// Checks, before any work starts, that `path` is a directory files can be written into, or
    /// can be created as one (its nearest existing ancestor is a directory).
    public static func checkOutputDirectory(_ path: String) throws {
        do {
            var info = stat()
            if stat(path, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else { throw OutputPathError.notADirectory }
                try requireWritable(path)
            } else {
                try checkDirectory(of: path + "/x", creating: true)
            }
        } catch let error as any DigitsError {
            throw error.about(path)
        }
    }

    /// The directory that will hold `path`: it exists and is writable, or (`creating`) its
    /// nearest existing ancestor is a writable directory.
    private static func checkDirectory(of path: String, creating: Bool) throws {
        var directory = split(path).directory
        var info = stat()
        var missing = false
        // Walk up to the nearest ancestor that exists.
        while stat(directory, &info) != 0 {
            guard errno == ENOENT || errno == ENOTDIR else { throw SystemError(operation: "stat \(directory)", errno: errno) }
            missing = true
            let parent = split(directory).directory
            if parent == directory { break }
            directory = parent
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw OutputPathError.ancestorNotADirectory(directory) }
        if missing && !creating { throw OutputPathError.noSuchDirectory(split(path).directory) }
        try requireWritable(directory)
    }

    /// Creates `directory` and any missing parents (`mkdir -p`, mode 0777 less the umask).
    ///
    /// - Throws: a ``FileError`` naming `directory` with the system's reason (`mkdir: Not a
    ///   directory`), never Foundation's error text.
    public static func createDirectories(_ directory: String) throws {
        // Each prefix ending before a "/", then the whole path, as the user spelled it.
        let prefixes = directory.indices.filter { directory[$0] == "/" }.map { String(directory[..<$0]) } + [directory]
        for prefix in prefixes where !prefix.isEmpty && !prefix.hasSuffix("/") {
            if mkdir(prefix, 0o777) == 0 { continue }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }
            throw FileError(path: directory, SystemError(operation: "mkdir \(prefix)", errno: code == EEXIST ? ENOTDIR : code))
        }
    }

    private static func requireWritable(_ directory: String) throws {
        if access(directory, W_OK) != 0 { throw SystemError(operation: "cannot write in \(directory)", errno: errno) }
    }
}
