import Foundation
import Testing
@testable import DigitsKit

/// Which mirrors are tried, in which order, and what counts as a mirror URL.
@Suite struct DownloadMirrorTests {
    @Test func orderIsGivenThenEnvironmentThenBuiltIn() throws {
        let list = try MirrorList.resolve(first: ["http://a.example/x"], builtIn: ["https://c.example/"],
                                          includeBuiltIn: true,
                                          environment: ["DIGITS_MIRRORS": "http://b.example/, http://a.example/x/"])
        #expect(list == ["http://a.example/x/", "http://b.example/", "https://c.example/"])
    }

    @Test func builtInMirrorsCanBeTurnedOff() throws {
        #expect(try MirrorList.resolve(first: ["http://a.example/"], builtIn: ["https://c.example/"],
                                       includeBuiltIn: false, environment: [:]) == ["http://a.example/"])
        #expect(try MirrorList.resolve(first: [], builtIn: ["https://c.example/"], includeBuiltIn: true,
                                       environment: ["DIGITS_NO_DEFAULT_MIRRORS": "1"]) == [])
        #expect(try MirrorList.resolve(first: [], builtIn: ["https://c.example/"], includeBuiltIn: true,
                                       environment: ["DIGITS_NO_DEFAULT_MIRRORS": "0"]) == ["https://c.example/"])
    }

    @Test(arguments: ["ftp://a.example/", "a.example/mnist", "http://", "/local/dir", "http://a.example/?q=1"])
    func badMirrorIsBadInput(url: String) throws {
        #expect(throws: DownloadError.badMirror(url)) {
            try MirrorList.resolve(first: [url], builtIn: [], includeBuiltIn: false, environment: [:])
        }
        #expect(DownloadError.badMirror(url).kind == .badInput)
    }

    @Test func noMirrorAtAllIsBadInputNamingTheFile() throws {
        let fixture = try DownloadFixture()
        defer { fixture.cleanUp() }
        let error = fixture.expectDownloadError { _ = try fixture.downloader([]).run() }
        #expect(error == .noMirrors(file: fixture.spec.trainImages.name))
        #expect(error?.kind == .badInput)
    }

    @Test func builtInSpecsHaveFourDistinctFilesAndHTTPSOrHTTPMirrors() throws {
        for spec in DatasetSpec.builtIn {
            #expect(Set(spec.files.map(\.name)).count == 4)
            #expect(spec.files.allSatisfy { $0.md5.count == 32 && $0.size > 0 })
            #expect(try MirrorList.resolve(first: [], builtIn: spec.mirrors, includeBuiltIn: true, environment: [:]).count
                    == spec.mirrors.count)
        }
    }
}
