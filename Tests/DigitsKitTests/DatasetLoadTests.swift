import DigitsTestSupport
import Crypto
import DigitsKit
import Foundation
import Testing

@Suite struct DatasetLoadTests {
    let spec = DatasetSpec.mnist

    @Test func loadsAndCarvesValidationFromTheEnd() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 30, test: 10)
        let data = try Dataset.load(directory: dir, spec: spec, validationSize: 12)
        #expect(data.name == "mnist")
        #expect(data.training.count == 18 && data.validation.count == 12 && data.test.count == 10)
        #expect(data.training.rows == 28 && data.training.columns == 28)
        let all = IDXFixtures.pixels(count: 30)
        #expect(data.training.pixels == Array(all[..<(18 * 784)]))
        #expect(data.validation.pixels == Array(all[(18 * 784)...]))
        #expect(data.validation.labels == (18..<30).map { UInt8($0 % 10) })
        #expect(data.test.labels == (0..<10).map { UInt8(9 - $0 % 10) })
        #expect(data.test.pixels == IDXFixtures.pixels(count: 10))
    }

    @Test func recordsTheSHA256OfEachFileAsOnDisk() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir)
        let data = try Dataset.load(directory: dir, spec: spec, validationSize: 0)
        #expect(Set(data.sha256.keys) == Set(spec.files.map(\.name)))
        for file in spec.files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file.name))
            let hex = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(data.sha256[file.name] == hex)
        }
    }

    @Test func validationSizeZeroAndAll() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 30)
        let none = try Dataset.load(directory: dir, spec: spec, validationSize: 0)
        #expect(none.training.count == 30 && none.validation.count == 0)
        let all = try Dataset.load(directory: dir, spec: spec, validationSize: 30)
        #expect(all.training.count == 0 && all.validation.count == 30)
    }

    @Test(arguments: [31, -1])
    func impossibleValidationSize(size: Int) throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 30)
        #expect {
            try Dataset.load(directory: dir, spec: spec, validationSize: size)
        } throws: { error in
            (error as? FileError)?.underlying as? DatasetError == .badValidationSize(requested: size, available: 30)
                && (error as? DigitsError)?.kind == .badInput
        }
    }

    @Test func missingDirectory() {
        let dir = "/nonexistent/digits-\(UUID().uuidString)"
        #expect {
            try Dataset.load(directory: dir, spec: spec)
        } throws: { error in
            let e = error as? FileError
            return e?.path == dir && e?.underlying as? DatasetError == .missingDirectory && e?.kind == .badInput
        }
    }

    @Test func missingFileIsNamed() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir)
        try FileManager.default.removeItem(atPath: dir + "/" + spec.testLabels.name)
        #expect {
            try Dataset.load(directory: dir, spec: spec)
        } throws: { error in
            let e = error as? FileError
            return e?.path == dir + "/" + spec.testLabels.name && e?.underlying as? FileReadError == .missing
                && !e!.description.contains("\n")
        }
    }

    @Test func imageAndLabelCountsMustAgree() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 30)
        try IDXFixtures.write(IDXFixtures.labels([UInt8](repeating: 1, count: 29)), to: dir, spec.trainLabels.name)
        #expect {
            try Dataset.load(directory: dir, spec: spec, validationSize: 0)
        } throws: { error in
            let e = error as? FileError
            return e?.path == dir + "/" + spec.trainLabels.name
                && e?.underlying as? DatasetError == .countMismatch(labelCount: 29, images: dir + "/" + spec.trainImages.name, imageCount: 30)
        }
    }

    @Test func trainingAndTestImagesMustHaveTheSameShape() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 30, test: 10)
        try IDXFixtures.write(IDXFixtures.images(count: 10, rows: 28, columns: 27), to: dir, spec.testImages.name)
        #expect {
            try Dataset.load(directory: dir, spec: spec, validationSize: 0)
        } throws: { error in
            (error as? FileError)?.underlying as? DatasetError
                == .shapeMismatch(trainRows: 28, trainColumns: 28, testRows: 28, testColumns: 27)
        }
    }

    @Test func malformedFileIsBadInputNamingTheFile() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir)
        try IDXFixtures.write(IDXFixtures.labels([1, 2, 3, 4, 5, 6, 7, 8, 9, 12]), to: dir, spec.testLabels.name)
        #expect {
            try Dataset.load(directory: dir, spec: spec)
        } throws: { error in
            (error as? FileError)?.underlying as? IDXError == .labelOutOfRange(index: 9, label: 12, classCount: 10)
        }
    }

    /// The files load concurrently, but with several bad files the error is always the first
    /// in file order (training images, training labels, test images, test labels).
    @Test func severalBadFilesReportTheFirstInFileOrder() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir)
        try IDXFixtures.write(IDXFixtures.labels([1, 2, 3, 4, 5, 6, 7, 8, 9, 12]), to: dir, spec.testLabels.name)
        try FileManager.default.removeItem(atPath: dir + "/" + spec.testImages.name)
        try IDXFixtures.write([0, 0, 8, 1], to: dir, spec.trainLabels.name)
        for _ in 0..<20 {
            #expect {
                try Dataset.load(directory: dir, spec: spec)
            } throws: { error in
                (error as? FileError)?.path == dir + "/" + spec.trainLabels.name
            }
        }
    }

    /// The test files alone: loaded and checked as in a full load, training files not needed.
    @Test func loadTestReadsOnlyTheTestFiles() throws {
        let dir = try TestSupport.makeTemporaryDirectory("dataset")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 30, test: 10)
        let full = try Dataset.load(directory: dir, spec: spec, validationSize: 5)
        try FileManager.default.removeItem(atPath: dir + "/" + spec.trainImages.name)
        try FileManager.default.removeItem(atPath: dir + "/" + spec.trainLabels.name)
        let test = try Dataset.loadTest(directory: dir, spec: spec)
        #expect(test.test == full.test)
        #expect(test.training.count == 0 && test.validation.count == 0)
        #expect(test.sha256 == [spec.testImages.name: full.sha256[spec.testImages.name]!,
                                spec.testLabels.name: full.sha256[spec.testLabels.name]!])
        try IDXFixtures.write(IDXFixtures.labels([1, 2, 3, 4, 5, 6, 7, 8, 9, 12]), to: dir, spec.testLabels.name)
        #expect {
            try Dataset.loadTest(directory: dir, spec: spec)
        } throws: { error in
            (error as? FileError)?.path == dir + "/" + spec.testLabels.name
        }
    }

    @Test(.enabled(if: RealData.available, RealData.whyAbsent))
    func realMNIST() throws {
        let dir = try RealData.directory()
        let data = try Dataset.load(directory: dir)
        #expect(data.training.count == 50_000 && data.validation.count == 10_000 && data.test.count == 10_000)
        #expect(data.training.rows == 28 && data.training.columns == 28)
        #expect(Array(data.test.labels.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
        #expect(data.sha256.count == 4)

        let full = try IDXFile.readImages(path: dir + "/" + DatasetSpec.mnist.trainImages.name)
        #expect(full.count == 60_000)
        // Mean and standard deviation of pixel/255 over all 60k training images, from a histogram.
        var histogram = [Int](repeating: 0, count: 256)
        full.pixels.withUnsafeBufferPointer { for p in $0 { histogram[Int(p)] += 1 } }
        var sum = 0.0, sumOfSquares = 0.0
        for (value, n) in histogram.enumerated() {
            let x = Double(value) / 255
            sum += x * Double(n)
            sumOfSquares += x * x * Double(n)
        }
        let n = Double(full.pixels.count)
        let mean = sum / n
        let std = (sumOfSquares / n - mean * mean).squareRoot()
        #expect(abs(mean - 0.1307) < 0.001)
        #expect(abs(std - 0.3081) < 0.001)
    }
}
