import DigitsKit
import Foundation

/// Where commands look for datasets and put models when no path is given: the one place that
/// reads `DIGITS_DATA` and `DIGITS_MODELS`.
///
/// `DIGITS_DATA=DIR` makes a dataset's default directory `DIR/NAME` (otherwise
/// `datasets/NAME` in the working directory); `DIGITS_MODELS=DIR` makes `train` save to
/// `DIR/…` (otherwise `models/`). An empty value counts as unset.
enum DefaultFolders {
    /// The text `--help` shows for a dataset directory's default.
    static let dataHelp = "$DIGITS_DATA/NAME, else datasets/NAME"
    /// The text `--help` shows for the models folder's default.
    static let modelsHelp = "$DIGITS_MODELS, else models"

    /// The folder that holds one directory per dataset.
    static func dataRoot(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment["DIGITS_DATA"]) ?? "datasets"
    }

    /// The folder `train` saves models in by default.
    static func models(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment["DIGITS_MODELS"]) ?? "models"
    }

    /// The directory of `spec`'s files when none is given: `dataRoot()/NAME`.
    static func data(for spec: DatasetSpec) -> String {
        (dataRoot() as NSString).appendingPathComponent(spec.name)
    }

    /// `value` without trailing slashes, nil when unset or empty.
    private static func folder(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        var trimmed = Substring(value)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
