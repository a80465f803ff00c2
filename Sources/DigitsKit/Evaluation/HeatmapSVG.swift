import Foundation

/// Confusion-matrix heatmaps as standalone SVG documents: a grid of coloured cells with the count
/// in each, class labels on both axes and the axis names.
public enum HeatmapSVG {
    static let cell = 46
    static let left = 92     // room for the "true" axis name and the row labels
    static let top = 84      // room for the title, the "predicted" axis name and column labels
    static let bottomMargin = 44

    /// A heatmap of `matrix`: diagonal cells in blue, shaded by the class's recall; off-diagonal
    /// cells in red, shaded relative to the largest confusion, so that mistakes stand out even
    /// when the diagonal holds nearly all the counts. With `classNames` the rows are labelled
    /// "0 T-shirt/top" (the columns keep the bare labels, so the cells stay narrow).
    public static func confusionMatrix(_ matrix: ConfusionMatrix, title: String, classNames: [String]? = nil) -> String {
        let k = matrix.classCount
        let maxOff = matrix.topConfusions(limit: 1).first?.count ?? 0
        var cells: [(value: Int, fill: RGB)] = []
        for t in 0..<k {
            let rowTotal = matrix.rowTotal(t)
            for p in 0..<k {
                let v = matrix[t, p]
                let shade: Double
                let colour: RGB
                if t == p {
                    colour = .blue
                    shade = rowTotal == 0 ? 0 : Double(v) / Double(rowTotal)
                } else {
                    colour = .red
                    shade = v == 0 || maxOff == 0 ? 0 : 0.12 + 0.88 * Double(v) / Double(maxOff)
                }
                cells.append((v, RGB.white.mixed(with: colour, shade)))
            }
        }
        let legend = ["blue: correct answers (shade = recall of the class)",
                      "red: mistakes (shade relative to the largest, \(maxOff))"]
        return document(classCount: k, cells: cells, title: title, legend: legend, signed: false, rowNames: classNames)
    }

    /// A heatmap of a difference of two confusion matrices (row-major, `classCount`² cells, e.g.
    /// B − A) coloured by what the change means: green where the second model is better (more
    /// examples on the diagonal, fewer off it), red where it is worse, white where nothing
    /// changed; shade relative to the largest change.
    public static func difference(_ cellsRowMajor: [Int], classCount k: Int, title: String,
                                  legend: [String] = ["green: better (more correct answers on the diagonal, fewer mistakes off it); red: worse",
                                                      "outlined: the diagonal (correct answers)"]) -> String {
        precondition(cellsRowMajor.count == k * k, "difference has \(cellsRowMajor.count) cells, expected \(k)×\(k)")
        let maxAbs = cellsRowMajor.map { abs($0) }.max() ?? 0
        let cells = cellsRowMajor.enumerated().map { i, v -> (value: Int, fill: RGB) in
            let shade = maxAbs == 0 || v == 0 ? 0 : 0.12 + 0.88 * Double(abs(v)) / Double(maxAbs)
            let better = (i / k == i % k) == (v > 0)  // a rise on the diagonal, a fall off it
            return (v, RGB.white.mixed(with: better ? .green : .red, shade))
        }
        return document(classCount: k, cells: cells, title: title, legend: legend, signed: true)
    }

    /// The SVG text: title, axis names and labels, one rectangle and one count per cell;
    /// `rowNames` widens the left margin for row labels "0 T-shirt/top".
    static func document(classCount k: Int, cells: [(value: Int, fill: RGB)], title: String, legend: [String],
                         signed: Bool, rowNames: [String]? = nil) -> String {
        let rowLabels = (0..<k).map { classLabel($0, names: rowNames) }
        // About 7.5 px per character at 13 px: a longer label pushes the grid right.
        let widest = rowLabels.map(\.count).max() ?? 1
        let left = rowNames == nil ? Self.left : max(Self.left, 54 + widest * 15 / 2)
        let gridSize = k * cell
        // The title starts where the grid does without row names, and the picture is wide
        // enough for it (about 10 px per character at 16 px bold).
        let titleX = Self.left
        let width = max(left + gridSize + 24, 560, titleX + title.count * 10 + 16)
        let height = top + gridSize + bottomMargin + 16 * max(0, legend.count - 1)
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
            <text x="\(titleX)" y="24" font-size="16" font-weight="bold">\(xmlEscaped(title))</text>
            <text x="\(left + gridSize / 2)" y="50" font-size="13" text-anchor="middle">predicted</text>
            <text x="24" y="\(top + gridSize / 2)" font-size="13" text-anchor="middle" transform="rotate(-90 24 \(top + gridSize / 2))">true</text>

            """
        for c in 0..<k {
            s += "<text x=\"\(left + c * cell + cell / 2)\" y=\"\(top - 10)\" font-size=\"13\" text-anchor=\"middle\">\(c)</text>\n"
            s += "<text x=\"\(left - 10)\" y=\"\(top + c * cell + cell / 2 + 5)\" font-size=\"13\" text-anchor=\"end\">\(xmlEscaped(rowLabels[c]))</text>\n"
        }
        for (i, entry) in cells.enumerated() {
            let x = left + (i % k) * cell, y = top + (i / k) * cell
            s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(entry.fill.hex)\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\n"
            let text = signed && entry.value > 0 ? "+\(entry.value)" : "\(entry.value)"
            let ink = entry.fill.isDark ? "#ffffff" : (entry.value == 0 ? "#b0b0b0" : "#000000")
            let size = text.count > 4 ? 10 : 12
            s += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 4)\" font-size=\"\(size)\" text-anchor=\"middle\" fill=\"\(ink)\">\(text)</text>\n"
        }
        // The diagonal outlined, so it can be found in a difference map too.
        for d in 0..<k {
            s += "<rect x=\"\(left + d * cell)\" y=\"\(top + d * cell)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"none\" stroke=\"#404040\" stroke-width=\"1.5\"/>\n"
        }
        for (i, line) in legend.enumerated() {
            s += "<text x=\"\(left)\" y=\"\(top + gridSize + 26 + 16 * i)\" font-size=\"11\" fill=\"#404040\">\(xmlEscaped(line))</text>\n"
        }
        s += "</svg>\n"
        return s
    }


    /// A colour with components in [0, 1].
    struct RGB {
        var r, g, b: Double
        static let white = RGB(r: 1, g: 1, b: 1)
        static let blue = RGB(r: 0.13, g: 0.40, b: 0.67)
        static let red = RGB(r: 0.70, g: 0.09, b: 0.17)
        static let green = RGB(r: 0.10, g: 0.52, b: 0.24)

        /// `self` moved a fraction `t` of the way towards `other`.
        func mixed(with other: RGB, _ t: Double) -> RGB {
            let t = min(max(t, 0), 1)
            return RGB(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t)
        }

        var hex: String {
            func byte(_ v: Double) -> String { zeroPaddedHex(quantized(v, maxval: 255), width: 2) }
            return "#" + byte(r) + byte(g) + byte(b)
        }

        /// Whether white text reads better than black on this colour (relative luminance).
        var isDark: Bool { 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 }
    }
}
