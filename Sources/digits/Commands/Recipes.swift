import ArgumentParser
import DigitsKit

/// `digits recipes` (and `digits train --recipe list`): every recipe and the options it sets.
struct Recipes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipes",
        abstract: "List the training recipes (train --recipe NAME) and the options each one sets.",
        discussion: """
            Each recipe is shown as the train options it stands for; options given explicitly \
            with --recipe override these values. 'digits train --recipe list' prints the same.

            Exit codes: 0 listed.
            """
    )

    func run() throws {
        for line in Self.lines(width: Terminal.stdoutIsTTY ? Terminal.width : nil) { print(line) }
    }

    /// Per recipe its name and summary, then the options it sets: on one line, or with `width`
    /// (a terminal's) broken between options with a shell continuation (` \`), so that the
    /// lines still paste after `digits train`.
    static func lines(width: Int? = nil) -> [String] {
        let nameWidth = TrainingRecipe.all.map(\.name.count).max() ?? 0
        return TrainingRecipe.all.flatMap { recipe in
            summary(recipe.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  ", recipe.summary, width: width)
                + wrapped(options(recipe), width: width)
        }
    }

    /// `head` then `text`; with `width`, broken between words, later lines indented as wide
    /// as `head`.
    static func summary(_ head: String, _ text: String, width: Int?) -> [String] {
        guard let width else { return [head + text] }
        let indent = String(repeating: " ", count: head.count)
        var lines: [String] = [], line = head, first = true
        for word in text.split(separator: " ") {
            if !first, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + word
            } else {
                line += (first ? "" : " ") + word
            }
            first = false
        }
        return lines + [line]
    }

    /// `options` after two spaces; with `width`, as many lines as it takes (each later one
    /// indented four), every line but the last ending in ` \` and none longer than `width`
    /// unless one option alone is.
    static func wrapped(_ options: [String], width: Int?) -> [String] {
        guard let width else { return ["  " + options.joined(separator: " ")] }
        var lines: [String] = [], line = "  " + (options.first ?? "")
        for option in options.dropFirst() {
            // " option" and, should the line break after it, " \\".
            if line.count + 1 + option.count + 2 > width {
                lines.append(line + " \\")
                line = "    " + option
            } else {
                line += " " + option
            }
        }
        return lines + [line]
    }

    /// The recipe as `digits train` options.
    static func options(_ recipe: TrainingRecipe) -> [String] {
        let o = recipe.options, a = recipe.augmentation
        var out = recipe.dataset.map { ["--dataset \($0)"] } ?? []
        if let v = recipe.validationSize { out.append("--validation \(v)") }
        out += ["--layers \(recipe.hiddenLayers.map(String.init).joined(separator: ","))",
                "--cost \(o.cost.rawValue)", "--eta \(Format.plain(o.eta))", "--batch \(o.batchSize)",
                "--lambda \(Format.plain(o.lambda))", "--momentum \(Format.plain(o.momentum))",
                "--init \(o.initialization.rawValue)", "--epochs \(o.epochs)", "--eta-schedule \(o.etaSchedule)"]
        if o.nesterov { out.append("--nesterov") }
        if o.dropout > 0 { out.append("--dropout \(Format.plain(o.dropout))") }
        if let c = o.maxNorm { out.append("--max-norm \(Format.plain(c))") }
        if o.centerInputs { out.append("--center-inputs") }
        // The distortions last, together.
        out.append("--augment \(a.kind.rawValue)")
        if a.kind != .none {
            out += ["--augment-shift \(Format.plain(a.maxShift))", "--augment-rotation \(Format.plain(a.maxRotationDegrees))",
                    "--augment-scale \(Format.plain(a.maxScale))", "--augment-shear \(Format.plain(a.maxShear))"]
        }
        if a.kind == .elastic {
            out += ["--elastic-alpha \(Format.plain(a.elasticAlpha))", "--elastic-sigma \(Format.plain(a.elasticSigma))"]
        }
        if a.flipHorizontal { out.append("--augment-flip") }
        return out
    }
}
