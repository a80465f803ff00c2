/// What the value of a well-known metadata key must be: its type and its range.
///
/// Every key table (``MetadataKey``, ``TrainingMetadataKey``, ``AugmentationMetadataKey``)
/// states one rule per numeric (or parsed) key beside the key itself; ``Metadata/check(_:)``
/// applies them when a model file is read, so no consumer ever sees an out-of-range value (a
/// Double that traps when converted to Int, an η of ∞, a history epoch of 1e308).
public struct MetadataRule: Sendable {
    /// The problem with a value, or nil when the value is fine.
    let problem: @Sendable (MetadataValue) -> String?

    /// An int64 within `range`.
    public static func int(_ range: ClosedRange<Int64>) -> MetadataRule {
        MetadataRule { value in
            guard case .int(let v) = value else { return wrongType(value, expected: "an int64") }
            return range.contains(v) ? nil : "\(v) is outside \(range.lowerBound)…\(range.upperBound)"
        }
    }

    /// Any int64.
    public static let anyInt = int(Int64.min...Int64.max)

    /// A number (float64, or int64 as ``Metadata/double(_:)`` accepts it) that is finite and
    /// satisfies `isValid`, described by `range` in messages (e.g. "> 0", "in [0, 1]").
    public static func number(_ range: String, _ isValid: @escaping @Sendable (Double) -> Bool) -> MetadataRule {
        MetadataRule { value in
            let x: Double
            switch value {
            case .double(let d): x = d
            case .int(let i): x = Double(i)
            default: return wrongType(value, expected: "a float64")
            }
            return x.isFinite && isValid(x) ? nil : "\(x) is not a finite number \(range)"
        }
    }

    /// A finite number > 0.
    public static let positive = number("> 0") { $0 > 0 }
    /// A finite number ≥ 0.
    public static let nonNegative = number("≥ 0") { $0 >= 0 }
    /// A fraction in [0, 1] (an accuracy).
    public static let fraction = number("in [0, 1]") { (0...1).contains($0) }

    /// A string that `parse` accepts (it returns the problem, or nil).
    public static func string(_ parse: @escaping @Sendable (String) -> String?) -> MetadataRule {
        MetadataRule { value in
            guard case .string(let s) = value else { return wrongType(value, expected: "a string") }
            return parse(s)
        }
    }

    /// A string naming one case of `T` (by its raw value).
    public static func oneOf<T: RawRepresentable & CaseIterable>(_: T.Type) -> MetadataRule where T.RawValue == String {
        string { s in
            T(rawValue: s) != nil ? nil
                : "\(quotedForMessage(s.prefix(40))) is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// Raw bytes (their length is checked where they are used).
    public static let bytes = MetadataRule { value in
        if case .bytes = value { return nil }
        return wrongType(value, expected: "bytes")
    }

    /// A float64 array that `check` accepts (it returns the problem, or nil).
    public static func doubles(_ check: @escaping @Sendable ([Double]) -> String?) -> MetadataRule {
        MetadataRule { value in
            guard case .doubles(let v) = value else { return wrongType(value, expected: "a float64 array") }
            return check(v)
        }
    }

    private static func wrongType(_ value: MetadataValue, expected: String) -> String {
        let found: String
        switch value {
        case .string: found = "a string"
        case .int: found = "an int64"
        case .double: found = "a float64"
        case .bytes: found = "bytes"
        case .doubles: found = "a float64 array"
        }
        return "expected \(expected), found \(found)"
    }
}

extension Metadata {
    /// Checks every entry whose key has a rule in `rules` (keys without one are not looked at).
    ///
    /// - Throws: ``ModelFileError/badMetadataValue(key:reason:)`` for the first entry that
    ///   breaks its rule.
    public func check(_ rules: [String: MetadataRule]) throws {
        for (key, value) in self {
            if let rule = rules[key], let problem = rule.problem(value) {
                throw ModelFileError.badMetadataValue(key: key, reason: problem)
            }
        }
    }

    /// Whether `value` satisfies the rule `rules[key]` (true when there is none).
    static func satisfies(_ value: MetadataValue, _ rules: [String: MetadataRule], _ key: String) -> Bool {
        rules[key]?.problem(value) == nil
    }
}
