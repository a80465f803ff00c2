import DigitsKit

/// What to do when no mirror could be reached (``DownloadError/allUnreachable``): for
/// `digits download` and for `train`'s automatic download alike.
enum OfflineHint {
    static let text = "no mirror could be reached (offline?): take the files from a local copy with "
        + "'digits download --from DIR', name a reachable mirror in DIGITS_MIRRORS, "
        + "or give --data DIR where the files already are"

    /// The hint for `error`, nil unless every mirror failed as unreachable.
    static func hint(for error: any Error) -> String? {
        (error as? DownloadError)?.allUnreachable == true ? text : nil
    }

    /// `error`'s one line, with the hint after it when there is one.
    static func message(for error: any DigitsError) -> String {
        hint(for: error).map { "\(error.description) — \($0)" } ?? error.description
    }
}
