import DigitsKit

extension Evaluate {
    /// How many misclassified images the text report names.
    static let misclassifiedNamesShown = 20

    /// The text report: accuracy, matrix, per-class figures, largest confusions, then `details`
    /// and the time taken. Classes are "7", or "0 T-shirt/top" when the data names its classes
    /// (``EvaluationData/classNames``); without names the report is as it always was.
    func printReport(_ r: EvaluationReport, on data: EvaluationData, seconds: Double, details: () -> Void = {}) {
        let colour = color.stdout
        let bold = { (s: String) in Terminal.Style.bold.apply(s, enabled: colour) }
        let names = data.classNames
        let heading = r.members == nil ? escapedForMessage(model) : "committee of \(models.count) models (the mean of their outputs)"
        print("\(heading) on \(escapedForMessage(data.description)) (\(Format.grouped(r.examples)) examples)")
        for m in r.members ?? [] {
            print("  member \(escapedForMessage(m.model)): accuracy \(Format.percent(m.accuracy)) (\(Format.grouped(m.correct)) correct)")
        }
        print("accuracy \(bold(Format.percent(r.accuracy))) (\(Format.grouped(r.correct)) / \(Format.grouped(r.examples)) correct)")
        print("")
        print(bold("confusion matrix") + " (rows: true class, columns: predicted)")
        let hot = Set(r.confusions.prefix(Self.confusionsHighlighted).map { $0.label * r.classCount + $0.predicted })
        for line in MatrixTable.lines(r.matrix, colour: colour, classNames: names, style: { t, p in
            t == p ? .green : (hot.contains(t * r.classCount + p) ? .red : nil)
        }) { print(line) }
        print("")
        // Digits right-aligned under "class" as always; named classes left-aligned, as wide as the longest.
        let labels = r.perClass.map { classLabel($0.label, names: names) }
        let nameWidth = max(5, labels.map(\.count).max() ?? 0)
        func first(_ text: String) -> String {
            names == nil ? MatrixTable.right(text, 5) : MatrixTable.left(text, nameWidth)
        }
        print(bold(first("class") + "  precision   recall       F1  support"))
        func row(_ name: String, _ p: Double, _ rc: Double, _ f: Double, _ support: String) -> String {
            first(name) + MatrixTable.right(Format.percent(p), 11) + MatrixTable.right(Format.percent(rc), 9)
                + MatrixTable.right(Format.percent(f), 9) + MatrixTable.right(support, 9)
        }
        for (c, label) in zip(r.perClass, labels) {
            print(row(label, c.precision, c.recall, c.f1, Format.grouped(c.support)))
        }
        print(row("macro", r.macro.precision, r.macro.recall, r.macro.f1, Format.grouped(r.examples)))
        print("")
        if r.confusions.isEmpty {
            print("no confusions: every example is classified correctly")
        } else {
            print(bold("most frequent confusions") + " (true → predicted: count)")
            for c in r.confusions.prefix(Self.confusionsShown) {
                print("  \(classLabel(c.label, names: names)) → \(classLabel(c.predicted, names: names)): \(c.count)")
            }
        }
        details()
        let rate = seconds > 0 ? ", \(Format.compact(Double(r.examples) / seconds)) img/s" : ""
        print(Terminal.Style.dim.apply("(the network took \(Format.duration(seconds)) for the \(Format.grouped(r.examples)) images\(rate); loading not counted)", enabled: colour))
    }

    /// For an image set: the misclassified files by name, and the files left out.
    func printImageSetLines(_ set: LabeledImageSet, evaluation: Evaluation, data: EvaluationData) {
        let wrong = evaluation.misclassified
        if !wrong.isEmpty {
            print("")
            print(Terminal.Style.bold.apply("misclassified images", enabled: color.stdout) + " (true → predicted)")
            for i in wrong.prefix(Self.misclassifiedNamesShown) {
                let truth = classLabel(evaluation.labels[i], names: data.classNames)
                print("  \(set.names[i]): \(truth) → \(classLabel(evaluation.predictions[i], names: data.classNames))")
            }
            if wrong.count > Self.misclassifiedNamesShown {
                print("  … and \(Format.grouped(wrong.count - Self.misclassifiedNamesShown)) more (--json lists them all)")
            }
        }
        if let line = data.failureSummary { print(line) }
    }
}
