import DigitsTestSupport
import Foundation
import Testing
import DigitsKit

/// Replays every committed fuzz input (FuzzTesting/Corpus/** and FuzzTesting/FailCases/**)
/// through the entry points the libFuzzer targets drive (`FuzzEntryPoints.swift` in
/// DigitsTestSupport, which both depend on). A crash kills the test process; a broken
/// invariant or an untyped error fails the test.
@Suite struct FuzzReplayTests {
    /// FuzzTesting/, found from this file's location.
    static let fuzzRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("FuzzTesting")

    /// What each minimized crasher in FailCases/ must do now that its bug is fixed: the exact
    /// error, or acceptance. A new FailCases file without an entry here fails the test.
    static let documentedFailCases: [String: [String: Expected]] = [
        "FuzzIDX": [:],
        "FuzzGzip": [:],
        "FuzzPGM": [:],
        "FuzzPNG": [:],
        "FuzzModelFile": [
            "metadata-key-with-newline.digits": .rejected(#"metadata entry "a\u{a}b" has unknown type code 13"#),
            "duplicate-key-with-escape-sequence.digits": .rejected(#"metadata key "\u{1b}[31mred" appears more than once"#),
        ],
        "FuzzJSON": [
            "sizes-reserve-8GiB.json": .rejected("weights[0][0] has 0 numbers, expected 1048576"),
            "cost-with-newline.json": .rejected(#"unknown cost "Quadratic\u{a}Cost" (expected QuadraticCost, CrossEntropyCost or LogLikelihoodCost)"#),
            "duplicate-key-with-escape-sequence.json": .rejected(#"JSON key "\u{1b}[2J" appears more than once"#),
        ],
        // The model file is valid; its momentum velocities held a NaN, which made the checkpoint
        // read back differ from itself (and would have diverged on resume): now refused.
        "FuzzMetadata": [
            "velocities-not-finite.bin": .accepted,
            // A history whose training cost is NaN ("not measured") made the checkpoint read
            // back compare unequal to itself: records now compare figures by bit pattern.
            "history-cost-nan.bin": .accepted,
        ],
    ]

    enum Expected {
        /// Every entry point rejects it with an error whose description is this.
        case rejected(String)
        /// At least one entry point accepts it.
        case accepted
    }

    /// The regular files of FuzzTesting/<kind>/<target>/ (none when the directory is absent).
    static func files(_ kind: String, _ target: FuzzTarget) throws -> [URL] {
        let dir = fuzzRoot.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: dir.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// libFuzzer names the inputs it finds by their SHA-1; hand-made seeds have readable names.
    static func isFuzzerFind(_ name: String) -> Bool {
        name.count == 40 && name.allSatisfy(\.isHexDigit)
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithoutBrokenInvariants(_ target: FuzzTarget) throws {
        let files = try Self.files("Corpus", target)
        #expect(!files.isEmpty, "no corpus for \(target.rawValue)")
        #expect(files.count <= 60, "keep the committed corpus small (tools/fuzz merge picks what adds coverage)")
        for file in files {
            let outcome = target.run(try [UInt8](Data(contentsOf: file)))
            #expect(outcome.violations.isEmpty, "\(file.lastPathComponent): \(outcome.violations)")
            if !Self.isFuzzerFind(file.lastPathComponent) {
                // Hand-made seeds are valid inputs: they must reach the parsers' success paths.
                #expect(!outcome.accepted.isEmpty, "seed \(file.lastPathComponent) rejected: \(outcome.errors)")
            }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func failCasesBehaveAsDocumented(_ target: FuzzTarget) throws {
        let documented = Self.documentedFailCases[target.rawValue] ?? [:]
        let files = try Self.files("FailCases", target)
        for file in files {
            let name = file.lastPathComponent
            let outcome = target.run(try [UInt8](Data(contentsOf: file)))
            #expect(outcome.violations.isEmpty, "\(name): \(outcome.violations)")
            switch documented[name] {
            case nil:
                Issue.record("\(target.rawValue)/\(name) is not in FuzzReplayTests.documentedFailCases")
            case .accepted:
                #expect(!outcome.accepted.isEmpty, "\(name) rejected: \(outcome.errors)")
            case .rejected(let message):
                #expect(outcome.accepted.isEmpty, "\(name) accepted by \(outcome.accepted)")
                #expect(outcome.errors.map { "\($0)" }.contains(message), "\(name): \(outcome.errors)")
            }
        }
        // Every documented case has its file.
        let names = Set(files.map(\.lastPathComponent))
        for name in documented.keys { #expect(names.contains(name), "missing FailCases/\(target.rawValue)/\(name)") }
    }

    @Test func modelFileCRCFixUpMatchesZlib() {
        // The fuzz target's own CRC-32 (used to get mutations past the checksum).
        #expect(FuzzEntryPoints.crc32(ArraySlice("123456789".utf8)) == 0xCBF4_3926)
    }
}
