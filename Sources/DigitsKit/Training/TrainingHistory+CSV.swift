/// The training history as a table and as a plot, written beside a trained model.
public enum TrainingHistoryReport {
    /// CSV with a header: `epoch,training_cost,validation_accuracy,test_accuracy,learning_rate,seconds`;
    /// unmeasured figures are empty cells.
    public static func csv(_ history: [EpochRecord]) -> String {
        var out = "epoch,training_cost,validation_accuracy,test_accuracy,learning_rate,seconds\n"
        for r in history {
            let cells = [String(r.epoch), number(r.trainingCost), r.validationAccuracy.map(number) ?? "",
                         r.testAccuracy.map(number) ?? "", number(r.learningRate), number(r.seconds)]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    static func number(_ x: Double) -> String {
        x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    }
}
