import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// How a folder of a person's own images is walked and labelled.
@Suite struct LabeledImageFolderTests {
    /// Creates `path` (and its folders) under `dir` holding `bytes`.
    static func touch(_ dir: String, _ path: String, _ bytes: [UInt8] = [0]) throws {
        let full = dir + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    @Test func classFoldersAndLabelFirstNamesAreFoundInSortedOrder() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-folder")
        defer { TestSupport.removeDirectory(dir) }
        for path in ["7/b.pgm", "7/a.PGM", "7/sub/c.png", "7/3-x.pgm", "3-x.png", "3_y.pgm", "4.ppm", "0 z.pbm",
                     "alice/2-a.pnm", "alice/5/q.pgm", "notes.txt", ".hidden.pgm", ".git/1-a.pgm"] {
            try Self.touch(dir, path)
        }
        let folder = try LabeledImageFolder(scanning: dir)
        let found = folder.files.map { (String($0.path.dropFirst(dir.count + 1)), $0.label) }
        // Byte order of the names; the class folder labels what is under it, whatever the names say.
        let expected: [(String, Int)] = [("0 z.pbm", 0), ("3-x.png", 3), ("3_y.pgm", 3), ("4.ppm", 4),
                                         ("7/3-x.pgm", 7), ("7/a.PGM", 7), ("7/b.pgm", 7), ("7/sub/c.png", 7),
                                         ("alice/2-a.pnm", 2), ("alice/5/q.pgm", 5)]
        #expect(found.map(\.0) == expected.map(\.0))
        #expect(found.map(\.1) == expected.map(\.1))
        #expect(folder.problems.isEmpty)
        #expect(folder.notes == ["1 file skipped, not .png, .pgm, .ppm, .pbm or .pnm: \(dir)/notes.txt"])
        // The same again: nothing depends on the order the file system lists names in.
        #expect(try LabeledImageFolder(scanning: dir).files == folder.files)
    }

    @Test func namesThatCarryNoClassAreProblemsNamingTheFile() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-folder")
        defer { TestSupport.removeDirectory(dir) }
        for path in ["x.png", "12-a.pgm", "7a.pgm", "3-ok.pgm", "10/a.pgm"] { try Self.touch(dir, path) }
        let folder = try LabeledImageFolder(scanning: dir)
        #expect(folder.files.map(\.label) == [3])
        let messages = folder.problems.map(\.description)
        #expect(messages.count == 4)
        #expect(messages.contains("\(dir)/12-a.pgm: the name starts with 12, which is not a class (0–9)"))
        // A folder named 10 is not a class either: its files need labels of their own.
        for name in ["x.png", "7a.pgm", "10/a.pgm"] {
            #expect(messages.contains { $0.hasPrefix("\(dir)/\(name): no label:") }, "\(messages)")
        }
        #expect(folder.problems.allSatisfy { $0.kind == .badInput && !$0.description.contains("\n") })
    }

    @Test func labelsFromFileNames() throws {
        for (name, label) in [("7-a.png", 7), ("7_x.pgm", 7), ("7.pgm", 7), ("7 a.png", 7), ("0-0.png", 0), ("07-a.png", 7)] {
            #expect(try LabeledImageFolder.label(fromFileName: name, classCount: 10) == label, "\(name)")
        }
        for name in ["a7.png", "7a.png", "-7.png", ".png", "7"] {
            #expect(try LabeledImageFolder.label(fromFileName: name, classCount: 10) == nil, "\(name)")
        }
        for name in ["12-a.png", "123.png", "99999999999999999999-a.png"] {
            #expect(throws: LabeledImageSetError.self) { try LabeledImageFolder.label(fromFileName: name, classCount: 10) }
        }
    }

    @Test func unusableDirectoriesAreOneLineErrorsNamingThem() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-folder")
        defer { TestSupport.removeDirectory(dir) }
        try Self.touch(dir, "only/readme.txt")
        try Self.touch(dir, "file.pgm")
        let cases: [(String, String)] = [
            (dir + "/missing", "no such file"),
            (dir + "/file.pgm", "not a directory"),
            (dir + "/only", "no images here"),
        ]
        for (path, message) in cases {
            #expect {
                try LabeledImageFolder(scanning: path)
            } throws: { error in
                let e = error as? FileError
                return e?.path == path && e?.kind == .badInput && e?.underlying.description.hasPrefix(message) == true
            }
        }
    }

    @Test func linksToFilesAreFollowedLinksToDirectoriesAreNot() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-folder")
        defer { TestSupport.removeDirectory(dir) }
        let outside = try TestSupport.makeTemporaryDirectory("image-folder-outside")
        defer { TestSupport.removeDirectory(outside) }
        try Self.touch(outside, "5/a.pgm")
        try Self.touch(outside, "real.pgm")
        try Self.touch(dir, "8/own.pgm")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir + "/5", withDestinationPath: outside + "/5")
        try fm.createSymbolicLink(atPath: dir + "/8/link.pgm", withDestinationPath: outside + "/real.pgm")
        try fm.createSymbolicLink(atPath: dir + "/8/loop", withDestinationPath: dir)
        let folder = try LabeledImageFolder(scanning: dir)
        #expect(folder.files.map { String($0.path.dropFirst(dir.count + 1)) } == ["8/link.pgm", "8/own.pgm"])
        #expect(folder.notes == ["\(dir)/5, \(dir)/8/loop: symbolic links to a directory, not followed"])
    }

    @Test func foldersDeeperThanTheBoundAreNotSearched() throws {
        let dir = try TestSupport.makeTemporaryDirectory("image-folder")
        defer { TestSupport.removeDirectory(dir) }
        let deep = (0..<(LabeledImageFolder.maxDepth + 1)).map { _ in "d" }.joined(separator: "/")
        try Self.touch(dir, deep + "/1-a.pgm")
        try Self.touch(dir, "2-b.pgm")
        let folder = try LabeledImageFolder(scanning: dir)
        #expect(folder.files.map(\.label) == [2])
        #expect(folder.problems.count == 1)
        #expect(folder.problems.first?.description.hasSuffix("folder nested more than \(LabeledImageFolder.maxDepth) levels deep, not searched") == true)
    }
}
