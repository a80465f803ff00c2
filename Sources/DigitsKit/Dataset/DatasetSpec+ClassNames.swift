extension DatasetSpec {
    /// The longest class name, in characters: a name is a label in a table, not a description.
    public static let maximumClassNameLength = 40

    /// Why `names` cannot be the class names of a dataset with `classCount` classes (one
    /// non-blank name of at most ``maximumClassNameLength`` characters per class), or nil.
    ///
    /// Names are otherwise free text: every report escapes them as it prints them.
    public static func problem(withClassNames names: [String], classCount: Int) -> String? {
        guard names.count == classCount else {
            return "classNames has \(names.count) names, expected \(classCount) (one per class)"
        }
        for (label, name) in names.enumerated() {
            if name.allSatisfy(\.isWhitespace) { return "class name \(label) is empty" }
            if name.count > maximumClassNameLength {
                return "class name \(label) \(quotedForMessage(name.prefix(maximumClassNameLength)))… is longer than \(maximumClassNameLength) characters"
            }
        }
        return nil
    }

    /// The class names of the built-in dataset called `name` (a model's `dataset-name`), or nil
    /// when there is no such dataset or it has none: what a report on a model's classes uses
    /// when it knows the dataset only from the model.
    public static func classNames(ofBuiltInDataset name: String?) -> [String]? {
        name.flatMap(named)?.classNames
    }

    /// The class names for what `models` answer: those of the built-in dataset that every
    /// model's metadata names (models trained on Fashion-MNIST), else nil.
    public static func classNames(trainedOn models: [Model]) -> [String]? {
        let datasets = Set(models.map { $0.metadata.string(MetadataKey.datasetName) })
        guard datasets.count == 1, let name = datasets.first else { return nil }
        return classNames(ofBuiltInDataset: name)
    }
}

/// How reports name class `label`: "7", or "0 T-shirt/top" when there are `names` (the name
/// escaped as ``escapedForMessage(_:escapingQuotes:)`` escapes text from a file).
public func classLabel(_ label: Int, names: [String]?) -> String {
    className(label, names: names).map { "\(label) \($0)" } ?? "\(label)"
}

/// Class `label`'s name from `names`, escaped as ``classLabel(_:names:)`` escapes it; nil when
/// there are no names or none for that label.
public func className(_ label: Int, names: [String]?) -> String? {
    guard let names, names.indices.contains(label) else { return nil }
    return escapedForMessage(names[label])
}
