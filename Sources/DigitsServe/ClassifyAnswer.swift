import DigitsKit

/// The answer of `POST /api/classify`, in `digits classify --json`'s words (`digit`,
/// `confidence`, `output`, `top`, `inverted`, `committee`), with every class in `top` and the
/// input itself.
public struct ClassifyAnswer: Sendable {
    /// The model's name (``ServedCommittee/name`` for the committee).
    var model: String
    /// For the committee: the members that answered together, in order (as `classify --json`'s
    /// `committee` lists its files); nil for one model.
    var committee: [String]?
    var digit: Int
    /// The digit's output divided by the sum of all ten outputs.
    var confidence: Double
    /// The digit's raw output (a sigmoid, or the softmax of a log-likelihood model).
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
        try classify(picture, model: served.name, committee: nil, classifier: served.classifier, inversion: inversion)
    }

    /// Preprocesses and classifies `picture` with the committee's classifier (the mean of its
    /// members' outputs, as `digits classify MODEL --with …`).
    public static func classify(_ picture: GrayImage, with committee: ServedCommittee,
                                inversion: DigitPreprocessor.Inversion) throws -> ClassifyAnswer {
        try classify(picture, model: ServedCommittee.name, committee: committee.memberNames,
                     classifier: committee.classifier, inversion: inversion)
    }

    private static func classify(_ picture: GrayImage, model: String, committee: [String]?, classifier: DigitClassifier,
                                 inversion: DigitPreprocessor.Inversion) throws -> ClassifyAnswer {
        var classifier = classifier
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
        return ClassifyAnswer(model: model, committee: committee, digit: ranked[0].digit, confidence: ranked[0].score,
                              output: ranked[0].output, top: ranked, inverted: inverted,
                              pixels: input.pixels, width: input.width, height: input.height)
    }

    /// The answer as JSON, keys sorted as the other answers. Written by hand: JSONEncoder took
    /// about 0.7 ms for the 784 pixels, some 20 times the rest of the request (tools/bench/serve).
    /// The pixels are grey levels k/255 (``DigitClassifier/prepare(_:)`` quantizes them), so each
    /// is copied from one flat table of the 256 levels' text into a buffer sized up front.
    public var json: [UInt8] {
        var head: [UInt8] = Array("{".utf8)
        if let committee {
            head += "\"committee\":[\(committee.map(JSONText.quoted).joined(separator: ","))],".utf8
        }
        head += "\"confidence\":\(confidence),\"digit\":\(digit),\"height\":\(height),\"inverted\":\(inverted),".utf8
        head += "\"model\":\(JSONText.quoted(model)),\"output\":\(output),\"pixels\":[".utf8
        var tail: [UInt8] = Array("],\"top\":[".utf8)
        for (i, s) in top.enumerated() {
            tail += "\(i > 0 ? "," : ""){\"digit\":\(s.digit),\"output\":\(s.output),\"score\":\(s.score)}".utf8
        }
        tail += "],\"width\":\(width)}".utf8
        let grey = GreyLevelText.shared
        return [UInt8](unsafeUninitializedCapacity: head.count + pixels.count * GreyLevelText.widest + tail.count) { out, count in
            var n = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                precondition(n + bytes.count <= out.count)
                if let from = bytes.baseAddress { (out.baseAddress! + n).initialize(from: from, count: bytes.count) }
                n += bytes.count
            }
            head.withUnsafeBufferPointer(put)
            grey.text.withUnsafeBufferPointer { text in
                for (i, v) in pixels.enumerated() {
                    if i > 0 { out[n] = UInt8(ascii: ","); n += 1 }
                    let k = Int((v * 255).rounded())
                    if k >= 0, k < 256, grey.value[k] == v {
                        put(UnsafeBufferPointer(rebasing: text[grey.start[k] ..< grey.start[k + 1]]))
                    } else {  // not a grey level: never from prepare(_:), kept exact all the same
                        Array((v.isFinite ? "\(v)" : "0").utf8).withUnsafeBufferPointer(put)
                    }
                }
            }
            tail.withUnsafeBufferPointer(put)
            count = n
        }
    }
}

/// The text of the 256 grey levels `k/255` (`0`, `0.003921569`, …, `1`: Swift's shortest form
/// of the Float), laid end to end in one array.
struct GreyLevelText: Sendable {
    /// `k/255` as a Float, to check that a pixel is exactly that level.
    let value: [Float]
    /// Every level's text, one after the other.
    let text: [UInt8]
    /// Level k's text is `text[start[k] ..< start[k + 1]]`.
    let start: [Int]
    /// Bytes a pixel may take in the answer, with its comma: room for any Float's text too.
    static let widest = 24

    static let shared = GreyLevelText()

    private init() {
        value = (0..<256).map { Float($0) / 255 }
        var text: [UInt8] = [], start: [Int] = []
        for k in 0..<256 {
            start.append(text.count)
            text += (k == 0 ? "0" : k == 255 ? "1" : "\(Float(k) / 255)").utf8
        }
        start.append(text.count)
        self.text = text
        self.start = start
    }
}
