import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// Text from outside is escaped through one helper, and no Foundation error reaches a message
/// as its raw `Error Domain=…` text.
@Suite struct MessageTextTests {
    /// Newline, CR, ESC, DEL, a C1 CSI, bidi override and isolate, U+2028, a zero-width joiner.
    static let hostile = "a\nb\rc\u{1B}[31md\u{7F}e\u{9B}2Jf\u{202E}g\u{2066}h\u{2028}i\u{200D}j"

    @Test func controlFormatAndSeparatorCharactersAreEscaped() {
        let escaped = escapedForMessage(Self.hostile)
        #expect(escaped == "a\\u{a}b\\u{d}c\\u{1b}[31md\\u{7f}e\\u{9b}2Jf\\u{202e}g\\u{2066}h\\u{2028}i\\u{200d}j")
        #expect(escaped.unicodeScalars.allSatisfy { !isUnsafeForTerminal($0) })
        // Ordinary text, including non-ASCII letters and symbols, passes as is.
        #expect(escapedForMessage("Ziffer ×3 → 9 … naïve 数字") == "Ziffer ×3 → 9 … naïve 数字")
        // Escaped text passes unchanged: escaping twice (library, then terminal) is harmless.
        #expect(escapedForMessage(escaped) == escaped)
    }

    /// SVG titles (a model's file name) stay well-formed XML: no raw control character.
    @Test func xmlTextHasNoRawControlCharacters() {
        #expect(xmlEscaped("m\u{1}\u{1B}[1m<&>\"\n.digits") == "m\\u{1}\\u{1b}[1m&lt;&amp;&gt;&quot;\\u{a}.digits")
    }

    @Test func fileErrorsEscapeTheirPath() {
        let error = FileError(path: "x\nfake: 9  confidence 1.000.pgm", FileReadError.missing)
        #expect(error.description == "x\\u{a}fake: 9  confidence 1.000.pgm: no such file")
        #expect(oneLine(error) == error.description)
    }

    /// JSON keeps the exact value (a program reading it sees the real name) but shows no raw
    /// C1, bidi or separator character; its own line breaks and indentation stay.
    @Test func jsonTextEscapesTheSameCharactersAndStaysValid() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let value = ["file": Self.hostile + "\u{10FFFD}"]  // and a private-use scalar beyond the BMP
        let text = escapedJSONText(String(decoding: try encoder.encode(value), as: UTF8.self))
        #expect(text.unicodeScalars.allSatisfy { !isUnsafeForTerminal($0) || $0 == "\n" })
        #expect(text.contains("\\u009b") && text.contains("\\u202e") && text.contains("\\u2028") && text.contains("\\udbff\\udffd"))
        #expect(text.hasPrefix("{\n  \"file\""))
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded == value)
    }

    /// Real Foundation errors (FileManager, Data) and bare NSErrors become a plain reason.
    @Test func foundationErrorsBecomePlainReasons() throws {
        let dir = try TestSupport.makeTemporaryDirectory("plain-errors")
        defer { TestSupport.removeDirectory(dir) }
        let file = dir + "/file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data([1])))
        let failures: [(String, () throws -> Void)] = [
            ("createDirectory under a file", { try FileManager.default.createDirectory(atPath: file + "/sub", withIntermediateDirectories: true) }),
            ("contentsOfDirectory of a file", { _ = try FileManager.default.contentsOfDirectory(atPath: file) }),
            ("Data(contentsOf:) of a missing file", { _ = try Data(contentsOf: URL(fileURLWithPath: dir + "/missing")) }),
            ("write into a missing directory", { try Data([1]).write(to: URL(fileURLWithPath: dir + "/no/such/file")) }),
            ("removeItem of a missing file", { try FileManager.default.removeItem(atPath: dir + "/missing") }),
            ("POSIX NSError", { throw NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)) }),
            ("CocoaError with an underlying POSIX error", {
                throw NSError(domain: NSCocoaErrorDomain, code: 512,
                              userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EIO))])
            }),
            ("NSError of an unknown domain", { throw NSError(domain: "SomeDomain", code: 7, userInfo: ["k": "v"]) }),
        ]
        for (what, body) in failures {
            do {
                try withFile(file) { try body() }
                Issue.record("\(what) succeeded")
            } catch let error as FileError {
                let text = error.description
                #expect(!text.contains("Error Domain") && !text.contains("UserInfo") && !text.contains("(null)"), "\(what): \(text)")
                #expect(text.hasPrefix(file + ": ") && text.count > file.count + 4, "\(what): \(text)")
                #expect(!text.contains("\n"))
                #expect(error.kind == .io)
            }
        }
        #expect(plainReason(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))) == "No space left on device")
        #expect(plainReason(NSError(domain: NSCocoaErrorDomain, code: 512,
                                    userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EIO))]))
                == "Input/output error")
    }
}
