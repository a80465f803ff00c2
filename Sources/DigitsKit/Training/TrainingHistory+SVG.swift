import Foundation

/// The history plot: two panels over a shared epoch axis — accuracies (%) on top, training cost
/// below — with axes, tick labels and a legend. Plain SVG text, no dependencies.
extension TrainingHistoryReport {
    public static func svg(_ history: [EpochRecord], title: String) -> String {
        let width = 760.0, height = 560.0
        let left = 80.0, right = 30.0, top = 70.0
        let panelHeight = 185.0, gap = 70.0
        let plotWidth = width - left - right
        let epochs = history.map { Double($0.epoch) }
        let xMin = min(epochs.min() ?? 1, 1), xMax = max(epochs.max() ?? 1, xMin + 1)
        func x(_ e: Double) -> Double { left + (e - xMin) / (xMax - xMin) * plotWidth }

        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\(xmlEscaped(title))</text>

        """
        // Panel 1: accuracies in percent.
        let validation = history.compactMap { r in r.validationAccuracy.map { (Double(r.epoch), $0 * 100) } }.filter { $0.1.isFinite }
        let test = history.compactMap { r in r.testAccuracy.map { (Double(r.epoch), $0 * 100) } }.filter { $0.1.isFinite }
        let accValues = (validation + test).map { $0.1 }
        let (accLo, accHi, accStep) = niceRange(min: accValues.min() ?? 0, max: accValues.max() ?? 100, clampTo: 0...100)
        s += panel(top: top, height: panelHeight, left: left, width: plotWidth, xMin: xMin, xMax: xMax,
                   yLo: accLo, yHi: accHi, yStep: accStep, yLabel: "accuracy (%)", xLabel: nil)
        let y1 = { (v: Double) in top + panelHeight - (v - accLo) / (accHi - accLo) * panelHeight }
        s += polyline(validation.map { (x($0.0), y1($0.1)) }, color: "#1f77b4")
        s += polyline(test.map { (x($0.0), y1($0.1)) }, color: "#ff7f0e")

        // Panel 2: training cost.
        let top2 = top + panelHeight + gap
        let costs = history.map { (Double($0.epoch), $0.trainingCost) }.filter { $0.1.isFinite }
        let (cLo, cHi, cStep) = niceRange(min: min(0, costs.map { $0.1 }.min() ?? 0), max: costs.map { $0.1 }.max() ?? 1, clampTo: nil)
        s += panel(top: top2, height: panelHeight, left: left, width: plotWidth, xMin: xMin, xMax: xMax,
                   yLo: cLo, yHi: cHi, yStep: cStep, yLabel: "training cost", xLabel: "epoch")
        let y2 = { (v: Double) in top2 + panelHeight - (v - cLo) / (cHi - cLo) * panelHeight }
        s += polyline(costs.map { (x($0.0), y2($0.1)) }, color: "#2ca02c")

        // Legend, top right.
        var items: [(String, String)] = []
        if !validation.isEmpty { items.append(("validation accuracy", "#1f77b4")) }
        if !test.isEmpty { items.append(("test accuracy", "#ff7f0e")) }
        items.append(("training cost", "#2ca02c"))
        var lx = left + 10
        for (label, color) in items {
            s += "<line x1=\"\(f(lx))\" y1=\"48\" x2=\"\(f(lx + 24))\" y2=\"48\" stroke=\"\(color)\" stroke-width=\"3\"/>\n"
            s += "<text x=\"\(f(lx + 30))\" y=\"52\">\(label)</text>\n"
            lx += 40 + Double(label.count) * 7
        }
        s += "</svg>\n"
        return s
    }

    /// Frame, grid, ticks and labels of one panel.
    private static func panel(top: Double, height: Double, left: Double, width: Double,
                              xMin: Double, xMax: Double, yLo: Double, yHi: Double, yStep: Double,
                              yLabel: String, xLabel: String?) -> String {
        var s = "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"#333\"/>\n"
        // Ticks are counted, not accumulated, so a step too small to change a huge value
        // (1e300 + 1 == 1e300) cannot loop forever; niceRange keeps the count small.
        for i in 0...tickCount(yLo, yHi, yStep) {
            let v = yLo + Double(i) * yStep
            let y = top + height - (v - yLo) / (yHi - yLo) * height
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + width))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(tick(v, step: yStep))</text>\n"
        }
        let (_, _, xStep) = niceRange(min: xMin, max: xMax, clampTo: nil, integral: true)
        // Ticks at the first epoch and then at multiples of the step.
        var ticks = [xMin]
        let firstMultiple = (xMin / xStep).rounded(.down) * xStep + xStep
        for i in 0...tickCount(firstMultiple, xMax + 1e-9, xStep) {
            let e = firstMultiple + Double(i) * xStep
            if e <= xMax + 1e-9, e - xMin >= xStep / 2 { ticks.append(e) }
        }
        for e in ticks {
            let x = left + (e - xMin) / (xMax - xMin) * width
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top + height))\" x2=\"\(f(x))\" y2=\"\(f(top + height + 5))\" stroke=\"#333\"/>\n"
            s += "<text x=\"\(f(x))\" y=\"\(f(top + height + 18))\" text-anchor=\"middle\">\(tick(e, step: xStep))</text>\n"
        }
        let cy = top + height / 2
        s += "<text x=\"\(f(left - 55))\" y=\"\(f(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 \(f(left - 55)) \(f(cy)))\">\(yLabel)</text>\n"
        if let xLabel {
            s += "<text x=\"\(f(left + width / 2))\" y=\"\(f(top + height + 38))\" text-anchor=\"middle\">\(xLabel)</text>\n"
        }
        return s
    }

    private static func polyline(_ points: [(Double, Double)], color: String) -> String {
        guard !points.isEmpty else { return "" }
        var s = "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\""
        s += points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") + "\"/>\n"
        for p in points where points.count <= 60 {
            s += "<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"2.5\" fill=\"\(color)\"/>\n"
        }
        return s
    }

    /// A range covering [min, max] with round ends and 4–10 ticks. Total: ±∞, NaN and values
    /// near ±Double.greatestFiniteMagnitude give a finite range and a step that moves it.
    static func niceRange(min lo: Double, max hi: Double, clampTo clamp: ClosedRange<Double>?,
                          integral: Bool = false) -> (Double, Double, Double) {
        // Within ±1e300 every difference below stays finite.
        func bounded(_ x: Double) -> Double { x.isNaN ? 0 : Swift.min(Swift.max(x, -1e300), 1e300) }
        var lo = bounded(lo), hi = bounded(hi)
        if !(hi > lo) {
            // Pad a flat range by enough to change a large value.
            let pad = Swift.max(0.5, abs(lo) * 1e-6)
            lo -= pad; hi += pad
        }
        let raw = Swift.max((hi - lo) / 5, 1e-12)
        let magnitude = pow10(floorLog10(raw))
        var step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        if integral { step = Swift.max(1, step.rounded()) }
        var a = (lo / step).rounded(.down) * step, b = (hi / step).rounded(.up) * step
        if let clamp { a = Swift.max(a, clamp.lowerBound); b = Swift.min(b, clamp.upperBound) }
        if !(b > a) { b = a + step }
        return (a, b, step)
    }

    /// How many steps of `step` fit from `lo` to `hi` (0 when none), at most 100.
    private static func tickCount(_ lo: Double, _ hi: Double, _ step: Double) -> Int {
        let n = ((hi - lo) / step + 1e-3).rounded(.down)
        return n >= 0 ? Int(Swift.min(n, 100)) : 0
    }

    private static func floorLog10(_ x: Double) -> Int {
        var e = 0, v = x
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 && v > 0 { v *= 10; e -= 1 }
        return e
    }

    private static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }

    private static func tick(_ v: Double, step: Double) -> String {
        // Beyond Int's range (or where whole numbers are no longer exact): three significant
        // digits and a power of ten, 2.5e299.
        guard abs(v) < 1e15 else {
            let e = floorLog10(abs(v)), m = (v / pow10(e) * 100).rounded() / 100
            return (m == m.rounded() ? String(Int(m)) : String(m)) + "e\(e)"
        }
        if step >= 1 { return String(Int(v.rounded())) }
        var decimals = 0, s = step
        while s < 1 && decimals < 6 { s *= 10; decimals += 1 }
        // Fixed decimals without Foundation.
        let scale = pow10(decimals)
        let n = Int((abs(v) * scale).rounded())
        let whole = n / Int(scale), frac = String(n % Int(scale))
        let padded = String(repeating: "0", count: decimals - frac.count) + frac
        return (v < 0 ? "-" : "") + "\(whole).\(padded)"
    }

    /// A coordinate with one decimal; anything far outside the picture is pinned at ±1e6.
    private static func f(_ v: Double) -> String {
        let r = (Swift.min(Swift.max(v.isNaN ? 0 : v, -1e6), 1e6) * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
