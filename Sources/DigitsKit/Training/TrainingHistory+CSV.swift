/// The training history as a table and as a plot, written beside a trained model.
public enum TrainingHistoryReport {
    /// CSV with a header: `epoch,training_cost,validation_accuracy,test_accuracy,learning_rate,seconds`;
    /// unmeasured figures are empty cells. Costs and accuracies have six significant digits
    /// (an accuracy over 10,000 examples is exact to four), seconds are to the millisecond, and
    /// η is exact (a halved 0.1 is 0.05, not 0.05000000000000001-like noise of a printout).
    public static func csv(_ history: [EpochRecord]) -> String {
        var out = "epoch,training_cost,validation_accuracy,test_accuracy,learning_rate,seconds\n"
        for r in history {
            let cells = [String(r.epoch), significant(r.trainingCost), r.validationAccuracy.map(significant) ?? "",
                         r.testAccuracy.map(significant) ?? "", number(r.learningRate), fixed(r.seconds, decimals: 3)]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `x` to six significant digits: 0.071234567 → "0.0712346", 0.93 → "0.93".
    static func significant(_ x: Double) -> String {
        x.isFinite ? String(format: "%.6g", x) : number(x)
    }

    /// `x` with at most `decimals` decimals, trailing zeros dropped: 1.1 → "1.1", 2.34567 → "2.346".
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return number(x) }
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func number(_ x: Double) -> String {
        x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    }
}
