import DigitsKit
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar for long work: drawn in place on standard error when it is a terminal,
/// otherwise (when `plainLines` is set) a plain line every `plainInterval` seconds.
///
///     let bar = ProgressBar(label: "epoch 1", total: 50_000, unit: .items("img"))
///     bar.update(done, note: "cost 0.0712")   // cheap: redraws at most ten times a second
///     bar.finish()                            // clears the bar
///
/// Like tqdm it shows the percentage, the count, the rate, the time so far and the ETA, and a
/// note of the caller's (a running cost). The line always fits the terminal, whose width is
/// read at the start and again after each SIGWINCH: the least useful parts are dropped, the bar
/// shortened and the label cut before the line could wrap (a wrapped line cannot be redrawn in
/// place and leaves stale copies behind).
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
    private let created = Date()
    private var lastDraw = Date.distantPast
    private var done = 0
    private var note: String?
    private static var barIsShown = false
    /// Columns of the line drawn last (with TERM=dumb it is blanked with spaces, not ESC [2K).
    private static var shownColumns = 0

    /// - Parameters:
    ///   - total: the amount of work, if known (a download may not send its size).
    ///   - plainLines: when standard error is not a terminal, print a plain line now and then.
    init(label: String, total: Int?, unit: Unit, plainLines: Bool = false, plainInterval: Double = 5) {
        self.label = escapedForMessage(label)  // a file name from a spec, drawn as is otherwise
        self.total = total
        self.unit = unit
        self.plainLines = plainLines
        self.plainInterval = plainInterval
        if Terminal.stderrIsTTY { TerminalWidth.watch() }
    }

    /// Records that `done` units of work are finished, redrawing if it is time. `note` (e.g.
    /// "cost 0.0712") is shown after the figures while there is room.
    func update(_ done: Int, total: Int? = nil, note: String? = nil) {
        self.done = done
        if let total { self.total = total }
        if let note { self.note = note }
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
            Terminal.writeError("\(label): \(fields(now).map(\.text).joined(separator: "  "))\n")
        }
    }

    /// Removes the bar (the caller prints its own summary line).
    func finish() {
        ProgressBar.clearLine()
    }

    /// Erases a bar that is shown, so that a message can take its line.
    static func clearLine() {
        guard barIsShown else { return }
        Terminal.writeError(Terminal.isDumb() ? "\r" + String(repeating: " ", count: shownColumns) + "\r" : "\r\u{1B}[2K")
        barIsShown = false
        shownColumns = 0
    }

    private func draw(_ now: Date) {
        let fraction = total.flatMap { $0 > 0 ? min(1, Double(done) / Double($0)) : nil }
        let line = Self.layout(label: label, fraction: fraction, fields: fields(now), columns: TerminalWidth.current - 1)
        let columns = line.count
        if Terminal.isDumb() {
            // No erase sequence: overwrite the old line and blank what is left of it.
            Terminal.writeError("\r" + line + String(repeating: " ", count: max(0, Self.shownColumns - columns)))
        } else {
            Terminal.writeError("\r\u{1B}[2K" + line)
        }
        ProgressBar.barIsShown = true
        ProgressBar.shownColumns = columns
    }

    /// Seconds of measurement before a rate and an ETA are shown (sooner they are noise).
    static let rateWarmUp = 0.25

    /// A part of the status and how readily it is dropped when the line is too long (the
    /// highest `drop` goes first).
    struct Field {
        var text: String
        var drop: Int
    }

    /// The status after the bar: percentage, count, rate, note, elapsed time, ETA.
    private func fields(_ now: Date) -> [Field] {
        var rate: Double?
        if let first, now.timeIntervalSince(first.time) >= Self.rateWarmUp {
            rate = Double(done - first.done) / now.timeIntervalSince(first.time)
        }
        var out: [Field] = []
        if let total, total > 0 { out.append(Field(text: "\(Int((min(1, Double(done) / Double(total)) * 100).rounded(.down)))%", drop: 0)) }
        switch unit {
        case .items(let name):
            out.append(Field(text: total.map { "\(Format.grouped(done))/\(Format.grouped($0)) \(name)" } ?? "\(Format.grouped(done)) \(name)", drop: 5))
            if let rate { out.append(Field(text: "\(Format.compact(rate)) \(name)/s", drop: 4)) }
        case .bytes:
            out.append(Field(text: total.map { "\(Format.bytes(done))/\(Format.bytes($0))" } ?? Format.bytes(done), drop: 5))
            if let rate { out.append(Field(text: "\(Format.bytes(Int(rate)))/s", drop: 4)) }
        }
        if let note { out.append(Field(text: escapedForMessage(note), drop: 2)) }
        out.append(Field(text: "elapsed \(Format.duration(now.timeIntervalSince(created)))", drop: 6))
        if let total, let rate, rate > 0, done < total {
            out.append(Field(text: "ETA \(Format.duration(Double(total - done) / rate))", drop: 1))
        }
        return out
    }

    /// Bars narrower than this are left out.
    static let minimumBar = 8
    static let maximumBar = 40

    /// `label [████····] fields…` in at most `columns` columns: fields are dropped (highest
    /// ``Field/drop`` first), the bar shortened and then left out, and at last the label cut
    /// with "…", until the line fits.
    static func layout(label: String, fraction: Double?, fields: [Field], columns: Int) -> String {
        let columns = max(1, columns)
        var kept = fields
        func status() -> String { kept.map(\.text).joined(separator: "  ") }
        func length(bar: Int) -> Int {
            label.count + (bar > 0 ? bar + 3 : 0) + (kept.isEmpty ? 0 : status().count + 1)
        }
        let wantsBar = fraction != nil
        while true {
            if wantsBar, length(bar: minimumBar) <= columns { break }
            if !wantsBar, length(bar: 0) <= columns { break }
            guard let worst = kept.indices.max(by: { kept[$0].drop < kept[$1].drop }), kept[worst].drop > 0 else { break }
            kept.remove(at: worst)
        }
        if let fraction, length(bar: minimumBar) <= columns {
            let barWidth = min(maximumBar, columns - length(bar: 0) - 3)
            let filled = Int(fraction * Double(barWidth))
            let bar = " [" + String(repeating: "█", count: filled) + String(repeating: "·", count: barWidth - filled) + "]"
            return label + bar + (kept.isEmpty ? "" : " " + status())
        }
        // No room for a bar: the label and what is left, cut to fit.
        var line = label + (kept.isEmpty ? "" : " " + status())
        while line.count > columns, let worst = kept.indices.max(by: { kept[$0].drop < kept[$1].drop }), kept.count > 1 {
            kept.remove(at: worst)
            line = label + " " + status()
        }
        if line.count > columns { line = String(line.prefix(max(0, columns - 1))) + "…" }
        return line
    }
}

/// The width of the terminal on standard error: read once, and again after each SIGWINCH.
enum TerminalWidth {
    nonisolated(unsafe) private static var cached: Int?
    nonisolated(unsafe) private static var installed = false

    /// The width now (80 when standard error is not a terminal).
    static var current: Int {
        if resized.pointee != 0 || cached == nil {
            resized.pointee = 0
            cached = Terminal.width
        }
        return cached ?? 80
    }

    /// Set by the signal handler; a plain flag is all a handler may touch.
    private static let resized: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// Installs the SIGWINCH handler (once).
    static func watch() {
        guard !installed else { return }
        installed = true
        _ = current
        resizedFlag = resized
        signal(SIGWINCH) { _ in resizedFlag?.pointee = 1 }
    }
}

/// The flag the SIGWINCH handler sets (a global: a C handler captures nothing).
nonisolated(unsafe) private var resizedFlag: UnsafeMutablePointer<sig_atomic_t>?

/// Number, size and time formatting for people.
enum Format {
    /// 3.0 → "3", 0.5 → "0.5": a value as typed on a command line (whole numbers without ".0").
    static func plain(_ x: Double) -> String {
        x == x.rounded() && x.magnitude < 1e15 ? String(Int(x)) : String(x)
    }

    static func plain(_ x: Float) -> String {
        x == x.rounded() && x.magnitude < 1e7 ? String(Int(x)) : String(x)
    }

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

    /// 75.2 → "1m15s"; 3.25 → "3.2s"; 0.0384 → "38ms" (not "0.0s"); 0.0004 → "0.4ms".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 0.001 { return String(format: "%.1fms", max(0, seconds) * 1000) }
        if seconds < 1 { return String(format: "%.0fms", seconds * 1000) }
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
