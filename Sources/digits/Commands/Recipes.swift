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
        for line in Self.lines() { print(line) }
    }

    /// Two lines per recipe: its name and summary, then the options it sets.
    static func lines() -> [String] {
        let width = TrainingRecipe.all.map(\.name.count).max() ?? 0
        return TrainingRecipe.all.flatMap { recipe in
            [recipe.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + recipe.summary,
             "  " + options(recipe).joined(separator: " ")]
        }
    }

    /// The recipe as `digits train` options.
    static func options(_ recipe: TrainingRecipe) -> [String] {
        let o = recipe.options, a = recipe.augmentation
        var out = recipe.dataset.map { ["--dataset \($0)"] } ?? []
        if let v = recipe.validationSize { out.append("--validation \(v)") }
        out += ["--layers \(recipe.hiddenLayers.map(String.init).joined(separator: ","))",
                "--cost \(o.cost.rawValue)", "--eta \(number(o.eta))", "--batch \(o.batchSize)",
                "--lambda \(number(o.lambda))", "--momentum \(number(o.momentum))",
                "--init \(o.initialization.rawValue)", "--epochs \(o.epochs)", "--eta-schedule \(o.etaSchedule)",
                "--augment \(a.kind.rawValue)"]
        if o.nesterov { out.append("--nesterov") }
        if o.dropout > 0 { out.append("--dropout \(number(o.dropout))") }
        if let c = o.maxNorm { out.append("--max-norm \(number(c))") }
        if a.kind != .none {
            out += ["--augment-shift \(number(a.maxShift))", "--augment-rotation \(number(a.maxRotationDegrees))",
                    "--augment-scale \(number(a.maxScale))", "--augment-shear \(number(a.maxShear))"]
        }
        if a.kind == .elastic {
            out += ["--elastic-alpha \(number(a.elasticAlpha))", "--elastic-sigma \(number(a.elasticSigma))"]
        }
        if a.flipHorizontal { out.append("--augment-flip") }
        return out
    }

    /// 3.0 → "3", 0.5 → "0.5".
    private static func number(_ x: Double) -> String {
        x == x.rounded() && x.magnitude < 1e15 ? String(Int(x)) : String(x)
    }

    private static func number(_ x: Float) -> String {
        x == x.rounded() && x.magnitude < 1e7 ? String(Int(x)) : String(x)
    }
}
