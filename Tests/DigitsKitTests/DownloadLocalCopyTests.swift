import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// `--from DIR`: copies through the same `.partial` → verify → rename path.
@Suite struct DownloadLocalCopyTests {
    @Test func exactCopiesAreCopiedAndMatchThePublishedChecksums() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let source = try TestSupport.makeTemporaryDirectory("digits-download-source")
        defer { TestSupport.removeDirectory(source) }
        for file in fixture.spec.files {
            try fixture.data(file.name).write(to: URL(fileURLWithPath: source + "/" + file.name))
        }
        let report = try fixture.downloader([]).copy(from: source)
        fixture.expectComplete()
        #expect(report.files.map(\.outcome) == Array(repeating: .copied, count: 4))
        #expect(report.files.allSatisfy { $0.matchesPublished && $0.note == nil })
        #expect(report.files.map(\.md5) == fixture.spec.files.map(\.md5))
        // A second run finds them in place.
        let again = try fixture.downloader([]).copy(from: source)
        #expect(again.files.map(\.outcome) == Array(repeating: .alreadyValid, count: 4))
    }

    @Test func missingSourceFileIsNamed() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let source = try TestSupport.makeTemporaryDirectory("digits-download-source")
        defer { TestSupport.removeDirectory(source) }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([]).copy(from: source) }
        #expect(error == .sourceMissing(path: source + "/" + fixture.spec.trainImages.name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }

    /// A source that is a directory is named as such, before anything is copied, and the files
    /// already staged for the earlier names are removed.
    @Test func nonRegularSourceIsRefusedAndStagedCopiesGo() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let source = try TestSupport.makeTemporaryDirectory("digits-download-source")
        defer { TestSupport.removeDirectory(source) }
        let files = fixture.spec.files
        for file in files.dropLast() {
            try fixture.data(file.name).write(to: URL(fileURLWithPath: source + "/" + file.name))
        }
        try FileManager.default.createDirectory(atPath: source + "/" + files[3].name, withIntermediateDirectories: false)
        let error = fixture.expectDownloadError { _ = try fixture.downloader([]).copy(from: source) }
        #expect(error == .sourceInvalid(path: source + "/" + files[3].name, reason: "not a regular file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).filter { $0.hasSuffix(".partial") }.isEmpty)
    }
}

/// `--from` with copies whose checksum is not the published one: accepted only if they load.
@Suite struct DownloadLocalCopyValidationTests {
    @Test func copyWithOtherChecksumThatIsNotADatasetIsRefused() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let source = try TestSupport.makeTemporaryDirectory("digits-download-source")
        defer { TestSupport.removeDirectory(source) }
        for file in fixture.spec.files {
            var data = fixture.data(file.name)
            data[0] ^= 0x10  // not the published bytes, and (being made-up bytes) not IDX either
            try data.write(to: URL(fileURLWithPath: source + "/" + file.name))
        }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([]).copy(from: source) }
        guard case .sourceInvalid(let path, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(path.hasPrefix(source))
        #expect(error?.kind == .badInput)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory).isEmpty)
    }

    @Test(.enabled(if: RealData.available, RealData.whyAbsent))
    func recompressedRealMNISTIsAcceptedWithANoteAndRecorded() throws {
        let source = try RealData.directory()
        let target = try TestSupport.makeTemporaryDirectory("digits-download-mnist")
        defer { TestSupport.removeDirectory(target) }
        let downloader = DatasetDownloader(spec: .mnist, directory: target, includeBuiltInMirrors: false, environment: [:])
        let report = try downloader.copy(from: source)
        #expect(report.files.allSatisfy { $0.outcome == .copied })
        let differing = report.files.filter { !$0.matchesPublished }
        #expect(!differing.isEmpty, "the shared copies are re-compressed: their MD5s differ from the published ones")
        #expect(differing.allSatisfy { $0.note == LocalCopy.acceptedNote })
        #expect(DatasetDownloader.isComplete(directory: target, spec: .mnist))
        // A later network run re-verifies them by their recorded MD5 and fetches nothing.
        let again = try downloader.run()
        #expect(again.files.allSatisfy { $0.outcome == .alreadyValid })
        // A recorded copy that changes afterwards is no longer trusted.
        let labels = target + "/" + DatasetSpec.mnist.testLabels.name
        var bytes = try Data(contentsOf: URL(fileURLWithPath: labels))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: labels))
        let record = LocalCopies.load(directory: target)
        #expect(try downloader.verifiedExisting(DatasetSpec.mnist.testLabels, record: record) == nil)
        #expect(!FileManager.default.fileExists(atPath: labels))
    }
}

/// `--from` naming the target directory itself: files are checked in place, never removed.
@Suite struct DownloadInPlaceTests {
    @Test func filesThatDoNotLoadAreRefusedButKept() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        for file in fixture.spec.files {
            var data = fixture.data(file.name)
            data[1] ^= 0x01
            try data.write(to: URL(fileURLWithPath: fixture.path(file.name)))
        }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([]).copy(from: fixture.directory) }
        guard case .sourceInvalid(let path, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(path.hasPrefix(fixture.directory))
        for file in fixture.spec.files {
            #expect(FileManager.default.fileExists(atPath: fixture.path(file.name)), "\(file.name) was removed")
        }
    }

    @Test(.enabled(if: RealData.available, RealData.whyAbsent))
    func recompressedRealMNISTIsAcceptedWhereItIs() throws {
        let source = try RealData.directory()
        let target = try TestSupport.makeTemporaryDirectory("digits-download-inplace")
        defer { TestSupport.removeDirectory(target) }
        for file in DatasetSpec.mnist.files {
            try FileManager.default.copyItem(atPath: source + "/" + file.name, toPath: target + "/" + file.name)
        }
        let downloader = DatasetDownloader(spec: .mnist, directory: target, includeBuiltInMirrors: false, environment: [:])
        let report = try downloader.copy(from: target + "/.")
        #expect(report.files.count == 4)
        #expect(report.files.allSatisfy { $0.outcome == .alreadyValid && ($0.matchesPublished || $0.note != nil) })
        #expect(DatasetDownloader.isComplete(directory: target, spec: .mnist))
        #expect(try downloader.run().files.allSatisfy { $0.outcome == .alreadyValid })
    }
}
