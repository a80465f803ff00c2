import DigitsKit
import Foundation

/// The text report of `digits compare`, styled only when `colour` is set.
struct CompareText {
    let report: ComparisonReport
    let colour: Bool
    /// "mnist test".
    let data: String

    /// How many changed cells of a difference matrix to highlight.
    static let cellsHighlighted = 6

    private func bold(_ s: String) -> String { Terminal.Style.bold.apply(s, enabled: colour) }
    private func style(_ s: String, _ st: Terminal.Style) -> String { st.apply(s, enabled: colour) }
    private func right(_ s: String, _ w: Int) -> String { MatrixTable.right(s, w) }
    private func left(_ s: String, _ w: Int) -> String { s.padding(toLength: max(w, s.count), withPad: " ", startingAt: 0) }
    private var names: [String] { report.models.map(\.name) }

    func print() {
        for line in lines() { StandardStream.output.write(line + "\n") }
    }

    func lines() -> [String] {
        var out: [String] = []
        out += models()
        out += recall()
        out += agreement()
        out += confusionDifferences()
        out += architecture()
        out += weights()
        return out
    }

    private func models() -> [String] {
        var out = [bold("models") + " on \(escapedForMessage(data)) (\(Format.grouped(report.examples)) examples)"]
        let paths = report.models.map { m in
            m.members.map { "committee of \($0.count): " + $0.map { escapedForMessage($0) }.joined(separator: " + ") }
                ?? escapedForMessage(m.path)
        }
        let pathWidth = paths.map(\.count).max() ?? 0
        let first = report.models[0]
        for (m, path) in zip(report.models, paths) {
            var line = "  \(m.name)  \(left(path, pathWidth))  accuracy \(bold(Format.percent(m.accuracy)))"
                + "  (\(Format.grouped(m.correct)) correct)"
            if m.name != first.name {
                let delta = (m.accuracy - first.accuracy) * 100
                line += "  " + signedStyle(String(format: "%+.2f pts vs %@", delta, first.name), delta)
            }
            out.append(line)
        }
        return out + [""]
    }

    private func signedStyle(_ s: String, _ v: Double) -> String {
        v > 0 ? style(s, .green) : (v < 0 ? style(s, .red) : s)
    }

    private func recall() -> [String] {
        var header = "class  support" + names.map { right($0, 9) }.joined()
        header += names.dropFirst().map { right("\($0)−\(names[0])", 9) }.joined()
        var out = [bold("per-class recall") + " (biggest changes first)", bold(header)]
        for row in report.classRecall {
            var line = right("\(row.label)", 5) + right(Format.grouped(row.support), 9)
            line += row.recalls.map { right(Format.percent($0, digits: 1), 9) }.joined()
            line += row.changes.map { c in
                let text = right(String(format: "%+.1f", c * 100), 9)
                return abs(c) < 1e-12 ? text : signedStyle(text, c)
            }.joined()
            out.append(line)
        }
        out.append("  (changes in percentage points)")
        return out + [""]
    }

    private func agreement() -> [String] {
        let n = report.examples
        var out = [bold("agreement"),
                   "  the models disagree on \(Format.grouped(report.disagreements)) of \(Format.grouped(n)) examples"]
        for p in report.pairs {
            out.append("  \(p.first) vs \(p.second): different answers on \(Format.grouped(p.disagreements));"
                       + " only \(p.first) right: \(Format.grouped(p.onlyFirstRight)),"
                       + " only \(p.second) right: \(Format.grouped(p.onlySecondRight)),"
                       + " both wrong: \(Format.grouped(p.bothWrong))")
            out.append("    McNemar exact test: " + (p.isSignificant ? bold(p.reading) : p.reading))
        }
        if report.pairs.count > 1 {
            out.append("  (\(report.pairs.count) pairs tested at once: p-values corrected with Holm's method, "
                       + "so the chance of any false 'better' stays under \(Int(McNemar.significanceLevel * 100))%)")
        }
        return out + [""]
    }

    private func confusionDifferences() -> [String] {
        var out: [String] = []
        for d in report.confusionDifferences {
            out.append(bold("confusion matrix difference \(d.second) − \(d.first)")
                       + " (rows: true class, columns: predicted; + = more examples with \(d.second))")
            let k = d.matrix.count
            // The cells that changed most; on the diagonal a rise is an improvement, off it a fall.
            var cells: [(t: Int, p: Int, v: Int)] = []
            for t in 0..<k { for p in 0..<k where d.matrix[t][p] != 0 { cells.append((t, p, d.matrix[t][p])) } }
            cells.sort { abs($0.v) != abs($1.v) ? abs($0.v) > abs($1.v) : ($0.t, $0.p) < ($1.t, $1.p) }
            let hot = Set(cells.prefix(Self.cellsHighlighted).map { $0.t * k + $0.p })
            if cells.isEmpty {
                out.append("  identical confusion matrices")
            } else {
                out += MatrixTable.lines(d.matrix, signed: true, colour: colour) { t, p in
                    guard hot.contains(t * k + p) else { return nil }
                    let better = (t == p) == (d.matrix[t][p] > 0)
                    return better ? .green : .red
                }
            }
            out.append("")
        }
        return out
    }

    private func architecture() -> [String] {
        let width = max(14, (report.metadata.map(\.key.count).max() ?? 0) + 2)
        let layerWidths: [Int] = report.models.map { $0.sizes.map(String.init).joined(separator: "-").count + 2 }
        let valueWidths: [Int] = report.metadata.flatMap { row in row.values.map { Self.shown(row.key, $0).count + 2 } }
        let column = max(12, layerWidths.max() ?? 0, min(24, valueWidths.max() ?? 0))
        func row(_ key: String, _ values: [String], differs: Bool) -> String {
            let mark = style("*", .yellow)
            let line = "  " + left(key, width) + values.map { left(Self.shorten($0, column - 2), column) }.joined()
            return differs ? line + mark : String(line.reversed().drop { $0 == " " }.reversed())
        }
        func differs(_ v: [String]) -> Bool { Set(v).count > 1 }
        var out = [bold("architecture and training") + " (* marks differences)",
                   "  " + left("", width) + names.map { left($0, column) }.joined()]
        let layers = report.models.map { $0.sizes.map(String.init).joined(separator: "-") }
        out.append(row("layers", layers, differs: differs(layers)))
        let params = report.models.map { Format.grouped($0.parameterCount) }
        out.append(row("parameters", params, differs: differs(params)))
        for m in report.metadata {
            out.append(row(escapedForMessage(m.key), m.values.map { Self.shown(m.key, $0) }, differs: m.differs))
        }
        let epochs = report.models.map { $0.epochs.map(String.init) ?? "–" }
        out.append(row("history: epochs", epochs, differs: differs(epochs)))
        let best = report.models.map { $0.bestValidationAccuracy.map { Format.percent($0) } ?? "–" }
        out.append(row("best validation", best, differs: differs(best)))
        return out + [""]
    }

    private func weights() -> [String] {
        var out: [String] = []
        for w in report.weights {
            out.append(bold("weights: \(w.second) against \(w.first)"))
            guard let layers = w.layers else {
                out.append("  no weight comparison: \(w.omittedBecause ?? "different architectures")")
                out.append("")
                continue
            }
            out.append("  layer  shape        ‖ΔW‖  ‖ΔW‖/‖W‖    cos W      ‖Δb‖  ‖Δb‖/‖b‖    cos b")
            func rel(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "n/a" }
            func cos(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "n/a" }
            for l in layers {
                out.append("  " + right("\(l.layer)", 5) + "  " + left("\(l.outputs)×\(l.inputs)", 9)
                           + right(String(format: "%.4g", l.weights.l2Distance), 9) + right(rel(l.weights.relativeChange), 10)
                           + right(cos(l.weights.cosineSimilarity), 9)
                           + right(String(format: "%.4g", l.biases.l2Distance), 10) + right(rel(l.biases.relativeChange), 10)
                           + right(cos(l.biases.cosineSimilarity), 9))
            }
            out.append("")
        }
        return out
    }

    /// A metadata value as shown in the table: "–" when absent; a dataset checksum as the first
    /// four hex digits of each file's SHA-256, in file-name order (enough to see a difference).
    /// Text from the files is escaped (``escapedForMessage(_:escapingQuotes:)``).
    static func shown(_ key: String, _ value: String?) -> String {
        guard let value else { return "–" }
        guard key == MetadataKey.datasetSHA256 else { return escapedForMessage(value) }
        let sums = MetadataComparison.checksums(value).sorted { $0.key < $1.key }
        return escapedForMessage(sums.isEmpty ? value : sums.map { String($0.value.prefix(4)) }.joined(separator: " "))
    }

    /// `text` cut to `width` characters with an ellipsis (checksums are long).
    static func shorten(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }
}
