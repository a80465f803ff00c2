/// One failed attempt to fetch a file: the URL tried and why it did not count.
public struct DownloadAttempt: Sendable, Equatable, Codable {
    public var url: String
    public var failure: DownloadFailure

    public init(url: String, failure: DownloadFailure) {
        self.url = url
        self.failure = failure
    }

    enum CodingKeys: String, CodingKey { case url, reason }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(failure.description, forKey: .reason)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        failure = .transport(try c.decode(String.self, forKey: .reason))
    }
}

/// What happened to one file of the dataset.
public struct DownloadFileReport: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        /// Already present and verified (size and MD5); nothing fetched.
        case alreadyValid = "already-valid"
        /// Fetched from `source` (a URL) and verified.
        case downloaded
        /// Copied from `source` (a local path) and verified.
        case copied
    }

    /// File name inside the dataset directory.
    public var name: String
    public var outcome: Outcome
    /// The URL or local path the bytes came from (nil when already present).
    public var source: String?
    /// Size and MD5 of the file now in place.
    public var size: Int
    public var md5: String
    /// Whether `md5` is the published MD5 (false only for accepted local copies, see `note`).
    public var matchesPublished: Bool
    /// Whether the transfer continued an earlier partial file (HTTP Range).
    public var resumed: Bool
    /// Attempts that failed before the one that counted (mirrors tried in order).
    public var failedAttempts: [DownloadAttempt]
    /// A remark for people, e.g. why a checksum that differs from the published one was accepted.
    public var note: String?
}

/// The result of ``DatasetDownloader/run()``: one entry per file, in the dataset's order.
public struct DownloadReport: Sendable, Equatable, Codable {
    public var dataset: String
    public var directory: String
    public var files: [DownloadFileReport]
}

/// What the downloader is doing, reported as it happens (on a background thread).
public enum DownloadProgress: Sendable {
    /// `bytes` of `total` of `file` are in its partial file (counting a resumed prefix).
    case transfer(file: String, source: String, bytes: Int, total: Int)
    /// An attempt failed; the next mirror (or a clean restart) comes next.
    case attemptFailed(file: String, attempt: DownloadAttempt)
    /// `file` is in place and verified.
    case finished(DownloadFileReport)
}
