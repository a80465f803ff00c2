// The cost of one `POST /api/classify` outside HTTP: decode, preprocess, inference and the JSON
// answer, each timed over many repetitions of the same picture. Built by tools/bench/serve
// (DIGITS_BENCH=1 adds this target to Package.swift); not part of the test suite.
//
//   ServeCost MODEL PICTURE [REPETITIONS]
import DigitsKit
import DigitsServe
import Foundation

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ServeCost MODEL PICTURE [REPETITIONS]\n".utf8))
    exit(2)
}
let model = try ModelFile.read(args[1])
let bytes = try FileBytes.read(args[2], limit: 1 << 24)
let n = args.count > 3 ? Int(args[3]) ?? 20000 : 20000
let classifier = try DigitClassifier(network: model.network)

/// Mean nanoseconds of `body` over `n` runs (after a warm-up of n/10).
func time(_ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<max(1, n / 10) { try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { try body() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n)
}

var picture = try ImageReader.decode(bytes)[0]
let decode = try time { picture = try ImageReader.decode(bytes)[0] }
var input = try classifier.prepare(picture).input
let preprocess = try time { input = try classifier.prepare(picture).input }
var ranked: [DigitScore] = []
let inference = try time { ranked = try classifier.classify([input])[0] }
let served = try ServedModel(path: args[1])
let answer = try ClassifyAnswer.classify(picture, with: served, inversion: .auto)
var json: [UInt8] = []
let encode = time { json = answer.json }
print(String(format: "decode %.1f µs  preprocess %.1f µs  inference %.1f µs  answer JSON %.1f µs  (mean of %d, %d bytes, digit %d, answer %d bytes)",
             decode / 1000, preprocess / 1000, inference / 1000, encode / 1000, n, bytes.count, ranked[0].digit, json.count))
