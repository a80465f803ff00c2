import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// `--spec FILE`: a JSON description of an IDX dataset that is not built in.
@Suite struct DownloadSpecFileTests {
    private func write(_ text: String) throws -> (dir: String, path: String) {
        let dir = try TestSupport.makeTemporaryDirectory("digits-spec")
        let path = dir + "/spec.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    @Test func roundTripsABuiltInSpec() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-spec")
        defer { TestSupport.removeDirectory(dir) }
        let path = dir + "/fashion.json"
        try DatasetSpec.fashionMNIST.jsonDescription().write(to: URL(fileURLWithPath: path))
        #expect(try DatasetSpec.read(jsonFile: path) == DatasetSpec.fashionMNIST)
    }

    @Test(arguments: [
        ("{", "not a dataset description (name, mirrors, files)"),
        (#"{"name": "x", "files": []}"#, "0 files, expected 4"),
        (#"{"name": "..", "files": [{"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "bad name '..': '..' is not a file name"),
        (#"{"name": "x", "files": [{"name": "a\nb", "size": 0, "md5": "00000000000000000000000000000000"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, #"bad file name 'a\u{a}b': contains a control character"#),
        (#"{"name": "x", "files": [{"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "../b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "bad file name '../b': contains a path separator"),
        (#"{"name": "x", "files": [{"name": "a", "size": 0, "md5": "00000000000000000000000000000000"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "a: bad size 0"),
        (#"{"name": "x", "files": [{"name": "a", "size": 1, "md5": "xyz"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "a: bad MD5 'xyz'"),
        (#"{"name": "x", "files": [{"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "file names 'a' and 'a' would be the same file (the four names, and NAME.partial, must differ even ignoring case and Unicode normalisation)"),
    ])
    func badDescriptionsAreBadInputSayingWhy(text: String, reason: String) throws {
        let (dir, path) = try write(text)
        defer { TestSupport.removeDirectory(dir) }
        #expect(throws: DownloadError.badSpec(path: path, reason: reason)) { try DatasetSpec.read(jsonFile: path) }
        #expect(DownloadError.badSpec(path: path, reason: reason).kind == .badInput)
    }

    /// A spec with dataset name `name` and file names `files`, written as JSON.
    private func spec(name: String = "x", files: [String]) throws -> (dir: String, path: String) {
        let entries = files.map { ["name": $0, "size": 1, "md5": String(repeating: "0", count: 32)] as [String: Any] }
        let data = try JSONSerialization.data(withJSONObject: ["name": name, "files": entries])
        return try write(String(decoding: data, as: UTF8.self))
    }

    /// File names that would not stay one plain entry of the dataset directory.
    @Test(arguments: [
        ("a\u{0}b", "contains NUL"), ("a\nb", "contains a control character"), ("a\u{1B}[31m", "contains a control character"),
        ("a\u{85}", "contains a control character"), ("a\u{7F}", "contains a control character"),
        ("sub/a", "contains a path separator"), ("..\\a", "contains a path separator"),
        (".", "'.' is not a file name"), ("..", "'..' is not a file name"),
        (String(repeating: "n", count: 248), "longer than 247 bytes"),
        (".Digits-Local-Copies", "reserved for the record of accepted local copies"),
    ])
    func badFileNamesAreRefused(name: String, problem: String) throws {
        let (dir, path) = try spec(files: [name, "b", "c", "d"])
        defer { TestSupport.removeDirectory(dir) }
        let reason = "bad file name '\(escapedForMessage(name))': \(problem)"
        #expect(throws: DownloadError.badSpec(path: path, reason: reason)) { try DatasetSpec.read(jsonFile: path) }
        #expect(!reason.contains("\n") && !reason.contains("\u{1B}") && !reason.contains("\u{0}"))
    }

    @Test(arguments: ["a\u{0}", "x/y", "..", "a\tb"])
    func badDatasetNamesAreRefused(name: String) throws {
        let (dir, path) = try spec(name: name, files: ["a", "b", "c", "d"])
        defer { TestSupport.removeDirectory(dir) }
        #expect(throws: DownloadError.self) { try DatasetSpec.read(jsonFile: path) }
        do { _ = try DatasetSpec.read(jsonFile: path) } catch let error as DownloadError {
            #expect(error.kind == .badInput)
            #expect(error.description.contains("bad name '\(escapedForMessage(name))'"), "\(error)")
        }
    }

    /// Names that one file-system entry would hold: the same name twice, names equal once case
    /// or Unicode normalisation is folded (macOS, Windows), one name being another's .partial.
    @Test(arguments: [
        ["a", "a"], ["train.gz", "TRAIN.gz"], ["caf\u{E9}.gz", "cafe\u{301}.gz"], ["a", "a.partial"], ["a.PARTIAL", "A"],
    ])
    func namesThatCollideAreRefused(pair: [String]) throws {
        let (dir, path) = try spec(files: [pair[0], "b", pair[1], "d"])
        defer { TestSupport.removeDirectory(dir) }
        let reason = "file names '\(escapedForMessage(pair[0]))' and '\(escapedForMessage(pair[1]))' would be the same file "
            + "(the four names, and NAME.partial, must differ even ignoring case and Unicode normalisation)"
        #expect(throws: DownloadError.badSpec(path: path, reason: reason)) { try DatasetSpec.read(jsonFile: path) }
    }

    @Test func plainNamesAreAccepted() throws {
        let (dir, path) = try spec(name: "k-mnist_2", files: ["train images.gz", "Ünïcode-é.gz", "t10k.gz", ".hidden"])
        defer { TestSupport.removeDirectory(dir) }
        #expect(try DatasetSpec.read(jsonFile: path).files.count == 4)
    }

    /// A spec with `classNames`, written as JSON.
    private func spec(classNames: [String]) throws -> (dir: String, path: String) {
        let entries = ["a", "b", "c", "d"].map { ["name": $0, "size": 1, "md5": String(repeating: "0", count: 32)] as [String: Any] }
        let data = try JSONSerialization.data(withJSONObject: ["name": "x", "files": entries, "classNames": classNames])
        return try write(String(decoding: data, as: UTF8.self))
    }

    @Test func classNamesAreReadAndWrittenBack() throws {
        let names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "ni\u{1B}ne"]
        let (dir, path) = try spec(classNames: names)
        defer { TestSupport.removeDirectory(dir) }
        let read = try DatasetSpec.read(jsonFile: path)
        #expect(read.classNames == names)
        try read.jsonDescription().write(to: URL(fileURLWithPath: path))
        #expect(try DatasetSpec.read(jsonFile: path) == read)
        #expect(DatasetSpec.mnist.classNames == nil)
        #expect(DatasetSpec.fashionMNIST.classNames?.count == DatasetSpec.fashionMNIST.classCount)
        #expect(classLabel(9, names: names) == "9 ni\\u{1b}ne" && classLabel(9, names: nil) == "9")
    }

    /// One non-blank name per class, each at most 40 characters.
    @Test(arguments: [
        (Array(repeating: "n", count: 9), "classNames has 9 names, expected 10 (one per class)"),
        (Array(repeating: "n", count: 11), "classNames has 11 names, expected 10 (one per class)"),
        (Array(repeating: "n", count: 9) + [" \t"], "class name 9 is empty"),
        ([""] + Array(repeating: "n", count: 9), "class name 0 is empty"),
        (Array(repeating: "n", count: 9) + [String(repeating: "\u{1B}", count: 41)],
         "class name 9 \"" + String(repeating: "\\u{1b}", count: 40) + "\"… is longer than 40 characters"),
    ])
    func badClassNamesAreRefused(names: [String], reason: String) throws {
        let (dir, path) = try spec(classNames: names)
        defer { TestSupport.removeDirectory(dir) }
        #expect(throws: DownloadError.badSpec(path: path, reason: reason)) { try DatasetSpec.read(jsonFile: path) }
    }
}
