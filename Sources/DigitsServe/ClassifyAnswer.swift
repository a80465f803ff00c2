import DigitsKit

/// The answer of `POST /api/classify`, in `digits classify --json`'s words (`digit`,
/// `confidence`, `output`, `top`, `inverted`), with every class in `top` and the input itself.
public struct ClassifyAnswer: Sendable {
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
    public static func classify(_ picture: GrayImage, with served: ServedModel,
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

    /// The answer as JSON, keys sorted as the other answers. Written by hand: JSONEncoder took
    /// about 0.7 ms for the 784 pixels, some 20 times the rest of the request (tools/bench/serve).
    public var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(pixels.count * 12 + 1024)
        out += "{\"confidence\":\(confidence),\"digit\":\(digit),\"height\":\(height),\"inverted\":\(inverted),".utf8
        out += "\"model\":\(JSONText.quoted(model)),\"output\":\(output),\"pixels\":[".utf8
        for (i, v) in pixels.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let k = Int((v * 255).rounded())
            if k >= 0, k < 256, ClassifyAnswer.greyValue[k] == v {
                out += ClassifyAnswer.greyText[k]
            } else {
                out += (v.isFinite ? "\(v)" : "0").utf8
            }
        }
        out += "],\"top\":[".utf8
        for (i, s) in top.enumerated() {
            out += "\(i > 0 ? "," : ""){\"digit\":\(s.digit),\"output\":\(s.output),\"score\":\(s.score)}".utf8
        }
        out += "],\"width\":\(width)}".utf8
        return out
    }

    /// The 256 grey levels `k/255` the input holds, and their text.
    private static let greyValue: [Float] = (0..<256).map { Float($0) / 255 }
    private static let greyText: [[UInt8]] = (0..<256).map { k in
        Array((k == 0 ? "0" : k == 255 ? "1" : "\(Float(k) / 255)").utf8)
    }
}
