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
        (#"{"name": "..", "files": [{"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "bad name '..'"),
        (#"{"name": "x", "files": [{"name": "a\nb", "size": 0, "md5": "00000000000000000000000000000000"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, #"a\u{a}b: bad size 0"#),
        (#"{"name": "x", "files": [{"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "../b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "bad file name '../b'"),
        (#"{"name": "x", "files": [{"name": "a", "size": 0, "md5": "00000000000000000000000000000000"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "a: bad size 0"),
        (#"{"name": "x", "files": [{"name": "a", "size": 1, "md5": "xyz"}, {"name": "b", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "a: bad MD5 'xyz'"),
        (#"{"name": "x", "files": [{"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "a", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "c", "size": 1, "md5": "00000000000000000000000000000000"}, {"name": "d", "size": 1, "md5": "00000000000000000000000000000000"}]}"#, "the four file names must differ"),
    ])
    func badDescriptionsAreBadInputSayingWhy(text: String, reason: String) throws {
        let (dir, path) = try write(text)
        defer { TestSupport.removeDirectory(dir) }
        #expect(throws: DownloadError.badSpec(path: path, reason: reason)) { try DatasetSpec.read(jsonFile: path) }
        #expect(DownloadError.badSpec(path: path, reason: reason).kind == .badInput)
    }
}
