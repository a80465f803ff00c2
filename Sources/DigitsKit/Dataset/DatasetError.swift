/// What is wrong with a dataset as a whole (its files may each be fine on their own).
public enum DatasetError: DigitsError, Equatable {
    /// The dataset directory does not exist.
    case missingDirectory
    /// The dataset "directory" is a file (or something else that is not a directory).
    case notADirectory
    /// A labels file holds `labelCount` labels but its images file (`images`) holds `imageCount` images.
    case countMismatch(labelCount: Int, images: String, imageCount: Int)
    /// The training and test images differ in size.
    case shapeMismatch(trainRows: Int, trainColumns: Int, testRows: Int, testColumns: Int)
    /// The validation split asks for more examples than the training file has (or is negative).
    case badValidationSize(requested: Int, available: Int)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .missingDirectory:
            return "no such dataset directory (run 'digits download' first)"
        case .notADirectory:
            return "not a directory (expected the dataset directory holding the four IDX files)"
        case .countMismatch(let labelCount, let images, let imageCount):
            return "\(labelCount) labels but \(images) has \(imageCount) images"
        case .shapeMismatch(let tr, let tc, let sr, let sc):
            return "training images are \(tr)×\(tc) but test images are \(sr)×\(sc)"
        case .badValidationSize(let requested, let available):
            return requested < 0
                ? "validation size \(requested) is negative"
                : "validation size \(requested) is more than the \(available) training examples"
        }
    }
}
