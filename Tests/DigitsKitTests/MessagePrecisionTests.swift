import Testing
@testable import DigitsKit

@Suite struct MessagePrecisionTests {
    /// `--invert yes` on white-on-black leaves no ink: the hint is the other setting, not
    /// "--invert" (which was given).
    @Test func forcedInversionWithoutInkSuggestsAuto() throws {
        var image = GrayImage(width: 28, height: 28)
        for y in 4..<24 { for x in 12..<17 { image[x, y] = 1 } }
        do {
            _ = try DigitPreprocessor(inversion: .yes).process(image)
            Issue.record("white-on-black with --invert yes should have no ink")
        } catch let error as PreprocessError {
            #expect(error.description.contains("with --invert yes"), "\(error)")
            #expect(error.description.contains("try --invert auto"), "\(error)")
        }
        let blank = PreprocessError.noInk(contrast: 0)
        #expect(blank.description.hasSuffix("try --invert)"))
    }

    /// Costs and accuracies to six significant digits, seconds to the millisecond, η exact.
    @Test func historyCSVNumbersHaveSensiblePrecision() {
        let history = [EpochRecord(epoch: 1, trainingCost: 0.071234567891, validationAccuracy: 0.1 + 0.2,
                                   testAccuracy: 0.9563, learningRate: 0.05, seconds: 2.345678)]
        let row = TrainingHistoryReport.csv(history).split(separator: "\n")[1]
        #expect(row == "1,0.0712346,0.3,0.9563,0.05,2.346")
    }
}
