import DigitsKit
import Foundation
import Testing
@testable import digits

/// The progress line and the colour decision, without a terminal.
@Suite struct ProgressLayoutTests {
    static let fields = [ProgressBar.Field(text: "42%", drop: 0),
                         ProgressBar.Field(text: "21,000/50,000 img", drop: 5),
                         ProgressBar.Field(text: "41.2k img/s", drop: 4),
                         ProgressBar.Field(text: "cost 0.0712", drop: 2),
                         ProgressBar.Field(text: "elapsed 5.1s", drop: 6),
                         ProgressBar.Field(text: "ETA 7.0s", drop: 1)]

    /// Never wider than asked, at any width (a line that wraps cannot be redrawn in place).
    @Test func theLineFitsEveryWidth() {
        for columns in 1...160 {
            let line = ProgressBar.layout(label: "epoch 12/30", fraction: 0.42, fields: Self.fields, columns: columns)
            #expect(line.count <= columns, "\(columns): \(line)")
        }
    }

    /// At 50 columns (49 usable) the bar, the percentage, the running cost and the ETA stay;
    /// with room, everything is shown.
    @Test func narrowTerminalsKeepTheMostUseful() {
        let narrow = ProgressBar.layout(label: "epoch 3/30", fraction: 0.42, fields: Self.fields, columns: 49)
        #expect(narrow.contains("[") && narrow.contains("42%") && narrow.contains("cost 0.0712") && narrow.contains("ETA 7.0s"), "\(narrow)")
        #expect(!narrow.contains("elapsed"))
        let eighty = ProgressBar.layout(label: "epoch 3/30", fraction: 0.42, fields: Self.fields, columns: 79)
        for text in ["[", "42%", "41.2k img/s", "cost 0.0712", "ETA 7.0s"] { #expect(eighty.contains(text), "\(eighty)") }
        let wide = ProgressBar.layout(label: "epoch 3/30", fraction: 0.42, fields: Self.fields, columns: 150)
        for field in Self.fields { #expect(wide.contains(field.text), "\(wide)") }
        #expect(wide.hasPrefix("epoch 3/30 [████"))
    }

    @Test func colourHonoursNoColorAndDumbTerminals() {
        #expect(Terminal.colour(.auto, isTTY: true, environment: [:]))
        #expect(!Terminal.colour(.auto, isTTY: false, environment: [:]))
        #expect(!Terminal.colour(.auto, isTTY: true, environment: ["NO_COLOR": "1"]))
        #expect(Terminal.colour(.auto, isTTY: true, environment: ["NO_COLOR": ""]))  // empty counts as unset
        #expect(!Terminal.colour(.auto, isTTY: true, environment: ["TERM": "dumb"]))
        #expect(Terminal.colour(.always, isTTY: false, environment: ["NO_COLOR": "1"]))
        #expect(!Terminal.colour(.never, isTTY: true, environment: [:]))
    }

    @Test func shortDurationsAreNotZero() {
        #expect(Format.duration(0.0384) == "38ms")
        #expect(Format.duration(0.0004) == "0.4ms")
        #expect(Format.duration(3.26) == "3.3s")
        #expect(Format.duration(254) == "4m14s")
    }

    /// On a terminal `digits recipes` breaks a recipe's options between options, each broken line
    /// ending in a shell continuation, none wider than the terminal; piped, one line each.
    @Test(arguments: [40, 80, 120])
    func recipeOptionsWrapBetweenOptionsWithContinuations(width: Int) {
        let piped = Recipes.lines(), wrapped = Recipes.lines(width: width)
        #expect(piped.count == 2 * TrainingRecipe.all.count)
        #expect(wrapped.count > piped.count)
        for line in wrapped {
            #expect(line.count <= width, "\(width): \(line)")
        }
        // Joined back, the continuations give the very options of the one-line form, and the
        // summaries their words.
        let indent = "\n" + String(repeating: " ", count: TrainingRecipe.all.map(\.name.count).max()! + 2)
        let joined = wrapped.joined(separator: "\n").replacingOccurrences(of: " \\\n    ", with: " ")
            .replacingOccurrences(of: indent, with: " ")
        #expect(joined == piped.joined(separator: "\n"))
    }
}
