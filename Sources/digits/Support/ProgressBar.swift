import DigitsKit
import Foundation

/// A progress bar for long work: drawn in place on standard error when it is a terminal,
/// otherwise (when `plainLines` is set) a plain line every `plainInterval` seconds.
///
///     let bar = ProgressBar(label: "epoch 1", total: 50_000, unit: .items("img"))
///     bar.update(done)      // cheap: redraws at most ten times a second
///     bar.finish()          // clears the bar
final class ProgressBar {
    enum Unit {
        /// Counted things, e.g. "img" → "12,340/50,000 img  41k img/s".
        case items(String)
        /// Bytes, shown as KiB/MiB with a rate.
        case bytes
    }

    private let label: String
    private var total: Int?
    private let unit: Unit
    private let plainLines: Bool
    private let plainInterval: Double
    /// The first update's time and amount: rates count from there, so a bar made after the work
    /// began (or first told of it late) does not claim the earlier work was instantaneous.
    private var first: (time: Date, done: Int)?
    private var lastDraw = Date.distantPast
    private var done = 0
    private static var barIsShown = false

    /// - Parameters:
    ///   - total: the amount of work, if known (a download may not send its size).
    ///   - plainLines: when standard error is not a terminal, print a plain line now and then.
    init(label: String, total: Int?, unit: Unit, plainLines: Bool = false, plainInterval: Double = 5) {
        self.label = escapedForMessage(label)  // a file name from a spec, drawn as is otherwise
        self.total = total
        self.unit = unit
        self.plainLines = plainLines
        self.plainInterval = plainInterval
    }

    /// Records that `done` units of work are finished, redrawing if it is time.
    func update(_ done: Int, total: Int? = nil) {
        self.done = done
        if let total { self.total = total }
        let now = Date()
        if first == nil { first = (now, done) }
        if Terminal.stderrIsTTY {
            guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            draw(now)
        } else if plainLines {
            guard now.timeIntervalSince(lastDraw) >= plainInterval else { return }
            if lastDraw == .distantPast { lastDraw = now; return }
            lastDraw = now
            Terminal.writeError("\(label): \(status(now))\n")
        }
    }

    /// Removes the bar (the caller prints its own summary line).
    func finish() {
        ProgressBar.clearLine()
    }

    /// Erases a bar that is shown, so that a message can take its line.
    static func clearLine() {
        guard barIsShown else { return }
        Terminal.writeError("\r\u{1B}[2K")
        barIsShown = false
    }

    private func draw(_ now: Date) {
        let status = status(now)
        let room = max(10, min(40, Terminal.width - label.count - status.count - 6))
        var bar = ""
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * Double(room))
            bar = " [" + String(repeating: "█", count: filled) + String(repeating: "·", count: room - filled) + "]"
        }
        Terminal.writeError("\r\u{1B}[2K\(label)\(bar) \(status)")
        ProgressBar.barIsShown = true
    }

    /// Seconds of measurement before a rate and an ETA are shown (sooner they are noise).
    static let rateWarmUp = 0.25

    private func status(_ now: Date) -> String {
        var rate: Double?
        if let first, now.timeIntervalSince(first.time) >= Self.rateWarmUp {
            rate = Double(done - first.done) / now.timeIntervalSince(first.time)
        }
        var parts: [String] = []
        switch unit {
        case .items(let name):
            parts.append(total.map { "\(Format.grouped(done))/\(Format.grouped($0)) \(name)" } ?? "\(Format.grouped(done)) \(name)")
            if let rate { parts.append("\(Format.compact(rate)) \(name)/s") }
        case .bytes:
            parts.append(total.map { "\(Format.bytes(done))/\(Format.bytes($0))" } ?? Format.bytes(done))
            if let rate { parts.append("\(Format.bytes(Int(rate)))/s") }
        }
        if let total, let rate, rate > 0, done < total {
            parts.append("ETA \(Format.duration(Double(total - done) / rate))")
        }
        return parts.joined(separator: "  ")
    }
}

/// Number, size and time formatting for people.
enum Format {
    /// 12345 → "12,345".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// 41234.5 → "41.2k".
    static func compact(_ x: Double) -> String {
        switch x {
        case 1e9...: return String(format: "%.1fG", x / 1e9)
        case 1e6...: return String(format: "%.1fM", x / 1e6)
        case 1e3...: return String(format: "%.1fk", x / 1e3)
        default: return String(format: "%.0f", x)
        }
    }

    /// 9912422 → "9.5 MiB".
    static func bytes(_ n: Int) -> String {
        let x = Double(n)
        switch n {
        case (1 << 30)...: return String(format: "%.1f GiB", x / Double(1 << 30))
        case (1 << 20)...: return String(format: "%.1f MiB", x / Double(1 << 20))
        case (1 << 10)...: return String(format: "%.1f KiB", x / Double(1 << 10))
        default: return "\(n) B"
        }
    }

    /// 75.2 → "1m15s"; 3.25 → "3.2s".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m"
    }

    /// 0.95423 → "95.42%".
    static func percent(_ fraction: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", fraction * 100)
    }
}
