import Foundation
import Testing

/// Checks that a served answer (`POST /api/classify`) says what `digits classify --json` said for
/// the same picture: the digit, its confidence, the outputs, the inversion and the top scores.
func expectSameAnswer(_ got: [String: Any], as expected: [String: Any],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    for key in ["digit", "confidence", "output", "inverted"] {
        #expect((got[key] as? NSObject) == (expected[key] as? NSObject), "\(key): \(got[key] ?? "nil") vs \(expected[key] ?? "nil")",
                sourceLocation: sourceLocation)
    }
    let top = try #require(got["top"] as? [[String: Any]], sourceLocation: sourceLocation)
    let expectedTop = try #require(expected["top"] as? [[String: Any]], sourceLocation: sourceLocation)
    for field in ["digit", "score", "output"] {
        #expect(top.map { $0[field] as? NSObject } == expectedTop.map { $0[field] as? NSObject }, "top \(field)",
                sourceLocation: sourceLocation)
    }
}
