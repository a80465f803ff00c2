import Foundation

/// The mirrors a download tries, in order, and how they are spelled on the command line and in
/// the environment.
public enum MirrorList {
    /// Extra mirrors, tried before the built-in ones: base URLs separated by spaces or commas.
    public static let environmentVariable = "DIGITS_MIRRORS"
    /// When set to anything but "" or "0", the built-in (internet) mirrors are not tried.
    public static let noDefaultsVariable = "DIGITS_NO_DEFAULT_MIRRORS"

    /// The base URLs in `DIGITS_MIRRORS` (empty when unset).
    public static func fromEnvironment(_ environment: [String: String]) -> [String] {
        guard let value = environment[environmentVariable] else { return [] }
        return value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" }).map(String.init)
    }

    /// Whether the environment turns the built-in mirrors off.
    public static func defaultsDisabled(_ environment: [String: String]) -> Bool {
        guard let value = environment[noDefaultsVariable] else { return false }
        return !(value.isEmpty || value == "0")
    }

    /// `base` as an absolute http(s) URL ending in "/".
    ///
    /// - Throws: ``DownloadError/badMirror(_:)`` for anything else.
    public static func normalize(_ base: String) throws -> String {
        let trimmed = base.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil else {
            throw DownloadError.badMirror(base)
        }
        return trimmed.hasSuffix("/") ? trimmed : trimmed + "/"
    }

    /// `first`, then the environment's mirrors, then (unless turned off) `builtIn`: normalized,
    /// duplicates dropped.
    public static func resolve(first: [String], builtIn: [String], includeBuiltIn: Bool,
                               environment: [String: String]) throws -> [String] {
        var all = first + fromEnvironment(environment)
        if includeBuiltIn, !defaultsDisabled(environment) { all += builtIn }
        var seen = Set<String>()
        var result: [String] = []
        for base in all {
            let url = try normalize(base)
            if seen.insert(url).inserted { result.append(url) }
        }
        return result
    }

    /// `url` with any `user:password@` replaced by `***@`: the form every message, progress
    /// event and report shows. Works on text that is not a valid URL too.
    public static func redacted(_ url: String) -> String {
        replacingCredentials(of: url, with: "***@")
    }

    /// `url` without its `user:password@` (the credentials travel in an Authorization header).
    static func withoutCredentials(_ url: String) -> String {
        replacingCredentials(of: url, with: "")
    }

    /// The authority is what follows "://" up to the first "/", "?" or "#"; its credentials end
    /// at its last "@".
    private static func replacingCredentials(of url: String, with replacement: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + replacement + String(rest[rest.index(after: at)...])
    }
}
