#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One image file of a labelled image set, with its label.
public struct LabeledImageFile: Equatable, Sendable {
    /// The path to open (the set's directory joined with the path inside it).
    public var path: String
    public var label: Int

    public init(path: String, label: Int) {
        self.path = path
        self.label = label
    }
}

/// The labelled image files found in a directory, the two ways people keep them:
///
/// - **one folder per class**: `DIR/7/a.png`, `DIR/7/more/b.pgm` — the first folder on the way
///   down whose name is a class (`0` … `9`) labels every image below it (file names do not);
/// - **file names that start with the label**: `DIR/7-anything.png`, `DIR/7_x.pgm`, `DIR/7.pgm`,
///   `DIR/alice/3 b.ppm` — decimal digits, then `-`, `_`, `.`, a space or the extension.
///
/// Image files are those ending in `.png`, `.pgm`, `.ppm`, `.pbm` or `.pnm` (any case; the
/// format itself is found from the content when reading). Everything is visited in sorted order
/// (by the bytes of the names), so the set is the same on every run and machine. Names starting
/// with `.` are skipped; so are other files (counted in a note). Symbolic links to files are
/// followed; symbolic links to directories are not (a note says so), so a link cannot make the
/// walk loop or leave the directory. The walk is bounded: at most ``maxFiles`` images,
/// ``maxEntries`` directory entries and ``maxDepth`` levels of folders.
public struct LabeledImageFolder: Sendable {
    /// The directory as given.
    public let directory: String
    /// Every labelled image file, in order.
    public var files: [LabeledImageFile] = []
    /// Image files without a label and folders that could not be read: each a one-line error
    /// naming the file. They are not in ``files``.
    public var problems: [FileError] = []
    /// Things left out on purpose (directory links, files of other kinds), one line each.
    public var notes: [String] = []

    public static let imageExtensions = ["png", "pgm", "ppm", "pbm", "pnm"]
    /// The most image files a set may hold.
    public static let maxFiles = 100_000
    /// The most directory entries looked at in all.
    public static let maxEntries = 1_000_000
    /// The deepest folder searched (the directory itself is level 0).
    public static let maxDepth = 16

    private let classCount: Int
    private var entriesSeen = 0
    private var linkedDirectories: [String] = []
    private var otherFiles: [String] = []

    /// Finds the labelled images in `directory`, for labels `0 ..< classCount`.
    ///
    /// - Throws: a ``FileError`` naming `directory`: ``FileReadError`` when it is missing or
    ///   cannot be opened, ``LabeledImageSetError`` when it is not a directory, holds no image
    ///   file at all, or is larger than the bounds.
    public init(scanning directory: String, classCount: Int = 10) throws {
        self.directory = directory
        self.classCount = classCount
        var info = stat()
        let shown = escapedForMessage(directory)
        guard stat(directory, &info) == 0 else { throw FileError(path: shown, FileReadError.open(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw FileError(path: shown, LabeledImageSetError.notADirectory) }
        do {
            try walk(directory, depth: 0, label: nil)
        } catch let error as LabeledImageSetError {
            throw FileError(path: shown, error)
        }
        if !linkedDirectories.isEmpty {
            notes.append("\(Self.list(linkedDirectories)): symbolic link\(linkedDirectories.count == 1 ? "" : "s") to a directory, not followed")
        }
        if !otherFiles.isEmpty {
            notes.append("\(otherFiles.count) file\(otherFiles.count == 1 ? "" : "s") skipped, not "
                         + ".png, .pgm, .ppm, .pbm or .pnm: \(Self.list(otherFiles))")
        }
        guard !files.isEmpty || !problems.isEmpty else {
            throw FileError(path: shown, LabeledImageSetError.noImages)
        }
    }

    /// The label a file name gives: leading decimal digits followed by `-`, `_`, `.` or a space
    /// (`7-a.png` → 7). Nil when the name does not start that way.
    /// - Throws: ``LabeledImageSetError/labelOutOfRange(_:classCount:)`` for digits that are not
    ///   a class (`12-a.png` with 10 classes).
    public static func label(fromFileName name: String, classCount: Int) throws -> Int? {
        let bytes = Array(name.utf8)
        var end = 0
        while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
        guard end > 0, end < bytes.count, [0x2D, 0x5F, 0x2E, 0x20].contains(bytes[end]) else { return nil }
        guard end <= 6, let value = Int(String(decoding: bytes[..<end], as: UTF8.self)), value < classCount else {
            throw LabeledImageSetError.labelOutOfRange(String(decoding: bytes[..<end], as: UTF8.self), classCount: classCount)
        }
        return value
    }

    /// The class a folder's name stands for (`7` → 7), or nil.
    static func label(fromFolderName name: String, classCount: Int) -> Int? {
        guard !name.isEmpty, name.utf8.count <= 6, name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int(name), value < classCount else { return nil }
        return value
    }

    static func isImageName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return imageExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// The first few of `paths`, for a note.
    private static func list(_ paths: [String]) -> String {
        let shown = paths.prefix(3).map { escapedForMessage($0) }.joined(separator: ", ")
        return paths.count > 3 ? shown + ", …" : shown
    }

    // MARK: The walk

    private mutating func walk(_ folder: String, depth: Int, label: Int?) throws {
        let names: [String]
        do {
            names = try Self.entries(of: folder)
        } catch let error as FileReadError {
            problems.append(FileError(path: escapedForMessage(folder), error))
            return
        }
        entriesSeen += names.count
        guard entriesSeen <= Self.maxEntries else { throw LabeledImageSetError.tooManyEntries(limit: Self.maxEntries) }
        for name in names where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                problems.append(FileError(path: escapedForMessage(path), FileReadError.open(errno: errno)))
                continue
            }
            var type = info.st_mode & S_IFMT
            if type == S_IFLNK {
                var target = stat()
                if stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFDIR {
                    linkedDirectories.append(path)
                    continue
                }
                type = S_IFREG  // a link to a file (or a broken link: reading it will say so)
            }
            if type == S_IFDIR {
                guard depth + 1 <= Self.maxDepth else {
                    problems.append(FileError(path: escapedForMessage(path), LabeledImageSetError.tooDeep(limit: Self.maxDepth)))
                    continue
                }
                try walk(path, depth: depth + 1, label: label ?? Self.label(fromFolderName: name, classCount: classCount))
            } else if Self.isImageName(name) {
                try add(path, name: name, folderLabel: label)
            } else {
                otherFiles.append(path)
            }
        }
    }

    private mutating func add(_ path: String, name: String, folderLabel: Int?) throws {
        guard files.count + problems.count < Self.maxFiles else { throw LabeledImageSetError.tooManyFiles(limit: Self.maxFiles) }
        if let folderLabel {
            files.append(LabeledImageFile(path: path, label: folderLabel))
            return
        }
        do {
            if let label = try Self.label(fromFileName: name, classCount: classCount) {
                files.append(LabeledImageFile(path: path, label: label))
            } else {
                problems.append(FileError(path: escapedForMessage(path), LabeledImageSetError.unlabelled(classCount: classCount)))
            }
        } catch let error as LabeledImageSetError {
            problems.append(FileError(path: escapedForMessage(path), error))
        }
    }

    /// The names in `folder` (without `.` and `..`), sorted by their bytes.
    static func entries(of folder: String) throws -> [String] {
        guard let dir = opendir(folder) else { throw FileReadError.open(errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw FileReadError.system(operation: "readdir", errno: errno) }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != ".", name != ".." { names.append(name) }
            guard names.count <= maxEntries else { throw LabeledImageSetError.tooManyEntries(limit: maxEntries) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// Why a directory is not a usable labelled image set, or one file of it has no label.
public enum LabeledImageSetError: DigitsError, Equatable {
    case notADirectory
    /// No image file anywhere in the directory.
    case noImages
    /// An image file with no class folder above it and no label at the start of its name.
    case unlabelled(classCount: Int)
    /// A file name that starts with digits that are not a class.
    case labelOutOfRange(String, classCount: Int)
    case tooManyFiles(limit: Int)
    case tooManyEntries(limit: Int)
    /// A folder nested deeper than the walk goes.
    case tooDeep(limit: Int)
    /// Every image failed to read or to prepare (each was listed).
    case noneUsable(failed: Int)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .notADirectory:
            return "not a directory (--images takes a folder of labelled images)"
        case .noImages:
            return "no images here: expected .png, .pgm, .ppm, .pbm or .pnm files in class folders (DIR/7/a.png) or named by their label (DIR/7-a.png)"
        case .unlabelled(let classCount):
            return "no label: the name does not start with a class (0–\(classCount - 1)) followed by '-', '_' or '.', and no folder above it is named by one"
        case let .labelOutOfRange(digits, classCount):
            return "the name starts with \(digits), which is not a class (0–\(classCount - 1))"
        case .tooManyFiles(let limit):
            return "more than \(limit) images; evaluate a smaller set"
        case .tooManyEntries(let limit):
            return "more than \(limit) directory entries; give a smaller folder"
        case .tooDeep(let limit):
            return "folder nested more than \(limit) levels deep, not searched"
        case .noneUsable(let failed):
            return "none of the \(failed) image file\(failed == 1 ? "" : "s") could be used (each is listed above)"
        }
    }
}
