import DigitsKit

/// The answer of `POST /api/classify`, in `digits classify --json`'s words (`digit`,
/// `confidence`, `output`, `top`, `inverted`), with every class in `top` and the input itself.
struct ClassifyAnswer: Encodable {
    /// The model's name.
    var model: String
    var digit: Int
    /// The digit's output divided by the sum of all ten outputs.
    var confidence: Double
    /// The digit's raw sigmoid output.
    var output: Double
    /// All ten classes, best first (`digit`, `score`, `output`).
    var top: [DigitScore]
    /// Whether the picture was inverted (dark ink on light paper) before the network saw it.
    var inverted: Bool
    /// The 28×28 input the network saw, row by row, 0…1 (1 = ink).
    var pixels: [Float]
    var width: Int
    var height: Int

    /// Preprocesses and classifies `picture` with `served`'s classifier (the one `digits
    /// classify` uses), with `inversion` in place of the default `auto`.
    ///
    /// - Throws: ``HTTPFailure`` 400 when the picture holds no digit the preprocessor can use.
    static func classify(_ picture: GrayImage, with served: ServedModel,
                         inversion: DigitPreprocessor.Inversion) throws -> ClassifyAnswer {
        var classifier = served.classifier
        classifier.preprocessor.inversion = inversion
        let input: GrayImage, inverted: Bool
        do {
            (input, inverted) = try classifier.prepare(picture)
        } catch PreprocessError.noInk {
            // DigitsKit's text suggests a command-line flag; say it in the API's words.
            throw HTTPFailure(400, "no digit found: the picture is blank (nothing stands out from the background; try ?invert=yes or no)")
        } catch {
            throw HTTPFailure(400, oneLine(error))
        }
        let ranked = try classifier.classify([input])[0]
        return ClassifyAnswer(model: served.name, digit: ranked[0].digit, confidence: ranked[0].score,
                              output: ranked[0].output, top: ranked, inverted: inverted,
                              pixels: input.pixels, width: input.width, height: input.height)
    }
}
