import DigitsKit

/// A K×K matrix of counts as aligned terminal lines, with a header row and column of class
/// labels and optional per-cell ANSI styles.
enum MatrixTable {
    /// `text` right-aligned in `width` columns.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `text` left-aligned in `width` columns.
    static func left(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// - Parameters:
    ///   - rows: `rows[truth][predicted]`.
    ///   - signed: show a "+" on positive values (difference matrices) and blank out zeros as "·".
    ///   - style: the style of a cell, if any; applied only when `colour` is set.
    ///   - classNames: rows labelled "0 T-shirt/top" (left-aligned) instead of "0"; the column
    ///     headers stay the bare labels, so the columns stay narrow.
    static func lines(_ rows: [[Int]], signed: Bool = false, colour: Bool, classNames: [String]? = nil,
                      style: (Int, Int) -> Terminal.Style? = { _, _ in nil }) -> [String] {
        let k = rows.count
        func text(_ v: Int) -> String {
            if signed { return v == 0 ? "·" : (v > 0 ? "+\(v)" : "\(v)") }
            return "\(v)"
        }
        let width = max(3, rows.flatMap { $0.map { text($0).count } }.max() ?? 1, String(k - 1).count) + 2
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        let rowLabels = classNames.map { names in (0..<k).map { classLabel($0, names: names) } }
        let labelWidth = max(4, String(k - 1).count + 2, (rowLabels?.map(\.count).max() ?? 0) + 2)
        var out = ["true\\pred".padding(toLength: max(labelWidth, 9), withPad: " ", startingAt: 0)
                   + (0..<k).map { pad("\($0)") }.joined()]
        let lead = out[0].count - k * width
        for t in 0..<k {
            var line = rowLabels.map { left($0[t], lead) }
                ?? String(repeating: " ", count: max(0, lead - String(t).count - 2)) + "\(t)  "
            for p in 0..<k {
                let cell = pad(text(rows[t][p]))
                if colour, let s = style(t, p) {
                    // Style only the number, so the padding keeps the columns aligned.
                    let spaces = cell.prefix { $0 == " " }
                    line += spaces + s.apply(String(cell.dropFirst(spaces.count)), enabled: true)
                } else if colour && !signed && rows[t][p] == 0 {
                    let spaces = cell.prefix { $0 == " " }
                    line += spaces + Terminal.Style.dim.apply("0", enabled: true)
                } else {
                    line += cell
                }
            }
            out.append(line)
        }
        return out
    }
}
