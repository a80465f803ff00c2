#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Short, one-line reasons for the errors AsyncHTTPClient and SwiftNIO report, for the
/// ``DownloadFailure/transport(_:)`` of one mirror (never a type dump or a multi-line text).
enum HTTPFailureText {
    /// The failure of one mirror for `error`: ``DownloadFailure/unreachable(_:)`` when the host
    /// could not be resolved or reached, ``DownloadFailure/transport(_:)`` otherwise.
    static func failure(for error: any Error) -> DownloadFailure {
        let reason = describe(error)
        return unreachableReasons.contains(reason) ? .unreachable(reason) : .transport(reason)
    }

    /// The reasons that mean the host was never reached (the computer may be offline).
    static let unreachableReasons: Set<String> = [
        "unknown host", "connection refused", "network unreachable", "no route to host", "connect timed out",
    ]

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .remoteConnectionClosed: return "connection closed before the answer was complete"
            case .connectTimeout: return "connect timed out"
            case .readTimeout, .deadlineExceeded: return "timed out"
            case .redirectLimitReached: return "too many redirects"
            case .redirectCycleDetected: return "redirect cycle"
            case .tlsHandshakeTimeout: return "TLS handshake timed out"
            case .uncleanShutdown: return "TLS connection closed uncleanly"
            case .cancelled: return "cancelled"
            case .invalidURL, .emptyHost, .emptyScheme: return "not a URL the HTTP client accepts"
            default: return "HTTP client error: \(short(String(describing: error)))"
            }
        }
        if let error = error as? HTTPParserError {
            return "malformed HTTP answer (\(short(String(describing: error))))"
        }
        if let error = error as? IOError {
            // strerror's words, in the short form of `known` when there is one.
            let text = String(cString: strerror(error.errnoCode)).lowercased()
            return known.first { text.contains($0.0) }?.1 ?? text
        }
        // Connection errors of SwiftNIO (NIOConnectionError, DNS, TLS) wrap several attempts:
        // say the first problem that is recognisable.
        let text = String(describing: error)
        let lower = text.lowercased()
        for (needle, reason) in known where lower.contains(needle) { return reason }
        return short(text)
    }

    private static let known: [(String, String)] = [
        ("connection refused", "connection refused"),
        ("connection reset", "connection reset"),
        ("network is unreachable", "network unreachable"),
        ("no route to host", "no route to host"),
        ("dnsaaaaerror", "unknown host"), ("dnsaerror", "unknown host"), ("name or service not known", "unknown host"),
        ("ssl", "TLS failure"), ("tls", "TLS failure"),
        ("timed out", "timed out"), ("timeout", "timed out"),
    ]

    /// The first line, at most 160 characters, escaped.
    private static func short(_ text: String) -> String {
        let line = oneLine(text)
        return escapedForMessage(line.count > 160 ? String(line.prefix(160)) + "…" : line)
    }
}
