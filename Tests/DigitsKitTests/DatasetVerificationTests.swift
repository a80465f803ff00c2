import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

@Suite struct DatasetVerificationTests {
    let spec = DatasetSpec.mnist

    @Test func validFixturesAreUsableWithChecksumNotes() throws {
        let dir = try TestSupport.makeTemporaryDirectory("verify")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 20, test: 5)
        let report = DatasetVerification.verify(directory: dir, spec: spec)
        #expect(report.usable && report.problems.isEmpty)
        #expect(report.files.map(\.count) == [20, 20, 5, 5])
        #expect(report.files.map(\.valid) == [true, true, true, true])
        #expect(report.files.map(\.matchesPublished) == [false, false, false, false])
        #expect(report.notes.count == 4)
    }

    /// Files whose training labels start as another built-in dataset's do are named as that
    /// dataset's: MNIST's files verified as Fashion-MNIST, and the other way round.
    @Test func anotherBuiltInDatasetsFilesAreRecognised() throws {
        let dir = try TestSupport.makeTemporaryDirectory("verify")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 12, test: 5)
        let path = dir + "/" + spec.trainLabels.name
        for (files, asked) in [(DatasetSpec.mnist, DatasetSpec.fashionMNIST), (.fashionMNIST, .mnist)] {
            try IDXFixtures.write(IDXFixtures.labels(files.leadingTrainingLabels), to: dir, spec.trainLabels.name)
            let note = "\(path): these look like \(files.name)'s files, not \(asked.name)'s (the training labels start "
                + "as \(files.name)'s do): give --dataset \(files.name)"
            #expect(DatasetVerification.verify(directory: dir, spec: asked).notes.contains(note))
            #expect(!DatasetVerification.verify(directory: dir, spec: files).notes.contains { $0.contains("look like") })
        }
    }

    @Test func missingMalformedAndMismatchedFilesAreAllReported() throws {
        let dir = try TestSupport.makeTemporaryDirectory("verify")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.writeDataset(to: dir, train: 20, test: 5)
        try FileManager.default.removeItem(atPath: dir + "/" + spec.testImages.name)
        try IDXFixtures.write(IDXFixtures.labels([1, 2]), to: dir, spec.trainLabels.name)
        try IDXFixtures.write(Array("garbage".utf8), to: dir, spec.testLabels.name)
        let report = DatasetVerification.verify(directory: dir, spec: spec)
        #expect(!report.usable && report.hasBadInput)
        #expect(report.files[2].present == false)
        #expect(report.files[3].valid == false)
        let lines = report.problems.map(\.line)
        #expect(lines.contains("\(dir)/\(spec.testImages.name): no such file"))
        #expect(lines.contains { $0.hasPrefix("\(dir)/\(spec.testLabels.name): not an IDX file") })
        #expect(lines.contains("\(dir)/\(spec.trainLabels.name): 2 labels but \(dir)/\(spec.trainImages.name) has 20 images"))
        #expect(report.problems.count == 3)
    }

    @Test func missingDirectory() {
        let report = DatasetVerification.verify(directory: "/nonexistent/verify", spec: spec)
        #expect(report.problems.map(\.line) == ["/nonexistent/verify: no such dataset directory (run 'digits download' first)"])
        #expect(report.files.allSatisfy { !$0.present })
    }

    @Test(.enabled(if: RealData.available, RealData.whyAbsent))
    func realMNISTIsUsable() throws {
        let dir = try RealData.directory()
        let report = DatasetVerification.verify(directory: dir, spec: spec)
        #expect(report.usable)
        #expect(report.files.map(\.count) == [60_000, 60_000, 10_000, 10_000])
    }
}
