import DigitsKit
import HTTPTypes

/// A request the server refuses, answered as `{"error": "one line"}` with ``status``.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code (400, 404, 405, 408, 413, 415, 500).
    public let status: Int
    /// What went wrong, one line.
    public let message: String
    /// Methods the path allows, for the `Allow` header of a 405.
    public var allowed: [String] = []
    /// Whether the server closes the connection after answering (it will not read the rest).
    public var closesConnection = false

    public init(_ status: Int, _ message: String, allowed: [String] = []) {
        self.status = status
        self.message = oneLine(message)
        self.allowed = allowed
    }

    public var description: String { "\(status): \(message)" }

    static func notFound(_ path: String) -> HTTPFailure {
        HTTPFailure(404, "no such page: \(escapedForMessage(path.prefix(200)))")
    }

    static func methodNotAllowed(_ method: String, _ path: String, allowed: [String]) -> HTTPFailure {
        HTTPFailure(405, "\(escapedForMessage(method.prefix(20))) is not allowed on \(path); use \(allowed.joined(separator: " or "))",
                    allowed: allowed)
    }
}
