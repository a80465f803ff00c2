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
}
