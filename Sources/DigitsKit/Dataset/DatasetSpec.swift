/// A named IDX dataset: its four files, where to download them and how to verify them.
///
/// Nothing here is MNIST-specific beyond the values of ``mnist``: any 28×28 ten-class IDX dataset
/// (Fashion-MNIST, KMNIST) is described the same way.
public struct DatasetSpec: Sendable, Equatable {
    /// One of the four files of a dataset.
    public struct File: Sendable, Equatable {
        /// File name inside the dataset directory (and on the mirrors).
        public var name: String
        /// Size in bytes of the file as the mirrors serve it.
        public var size: Int
        /// Published MD5 of the file as the mirrors serve it (lower-case hex).
        public var md5: String
    }

    /// Short name: "mnist", "fashion-mnist".
    public var name: String
    /// Base URLs (ending in "/"), tried in order.
    public var mirrors: [String]
    public var trainImages: File
    public var trainLabels: File
    public var testImages: File
    public var testLabels: File
    /// Number of classes; labels must be below it.
    public var classCount: Int = 10
    /// The first training labels of the published files (empty when not known): a fingerprint
    /// that survives re-compression, so `verify` can tell one built-in dataset's files from another's.
    public var leadingTrainingLabels: [UInt8] = []
    /// What each class is, in label order (`classCount` names), or nil when the labels are the
    /// classes (MNIST's digits): reports then print "0 T-shirt/top" where they would print "0".
    public var classNames: [String]? = nil

    /// The four files, in the order train images, train labels, test images, test labels.
    public var files: [File] { [trainImages, trainLabels, testImages, testLabels] }

    /// The default directory for this dataset: `datasets/NAME`.
    public var defaultDirectory: String { "datasets/\(name)" }

    public static let mnist = DatasetSpec(
        name: "mnist",
        mirrors: [
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
        ],
        trainImages: File(name: "train-images-idx3-ubyte.gz", size: 9_912_422, md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        trainLabels: File(name: "train-labels-idx1-ubyte.gz", size: 28_881, md5: "d53e105ee54ea40749a09fcbcd1e9432"),
        testImages: File(name: "t10k-images-idx3-ubyte.gz", size: 1_648_877, md5: "9fb629c4189551a2d022fa330f9573f3"),
        testLabels: File(name: "t10k-labels-idx1-ubyte.gz", size: 4_542, md5: "ec29112dd5afa0611ce80d1b7f02629c"),
        leadingTrainingLabels: [5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5]
    )

    public static let fashionMNIST = DatasetSpec(
        name: "fashion-mnist",
        mirrors: [
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            // The same four files as committed in the dataset's repository, and Keras's copy.
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
        ],
        trainImages: File(name: "train-images-idx3-ubyte.gz", size: 26_421_880, md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        trainLabels: File(name: "train-labels-idx1-ubyte.gz", size: 29_515, md5: "25c81989df183df01b3e8a0aad5dffbe"),
        testImages: File(name: "t10k-images-idx3-ubyte.gz", size: 4_422_102, md5: "bef4ecab320f06d8554ea6380940ec79"),
        testLabels: File(name: "t10k-labels-idx1-ubyte.gz", size: 5_148, md5: "bb300cfdad3c16e7a12a480ee83cd310"),
        leadingTrainingLabels: [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9],
        // The dataset's official names (its README), labels 0 to 9.
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    )

    /// The built-in datasets, by name.
    public static let builtIn: [DatasetSpec] = [.mnist, .fashionMNIST]
}

extension DatasetSpec {
    /// The built-in dataset called `name` ("mnist", "fashion-mnist"), if any.
    public static func named(_ name: String) -> DatasetSpec? {
        builtIn.first { $0.name == name }
    }

    /// The path of `file` in `directory`.
    public func path(of file: File, in directory: String) -> String {
        directory.hasSuffix("/") ? directory + file.name : directory + "/" + file.name
    }
}
