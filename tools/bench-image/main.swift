// bench-image: decoding a 28×28 picture and preprocessing it, PNG against PGM (see
// tools/bench-image-decode, which builds and runs this; not a test).
//
// Takes the first 100 MNIST test digits (or synthetic strokes when no dataset is given), writes
// each as an 8-bit grey PNG (PNGWriter) and as a P5 PGM (PGMWriter), both ink dark on white as a
// user's file would be, and times, in-process and warm, ImageReader.decode + DigitPreprocessor
// over all of them, the median of many rounds (PNG and PGM rounds alternate). Also times decoding alone and reading the files
// from disk (ImageReader.read). Prints one line per figure and the ratios PNG/PGM.
import DigitsKit
import Foundation

let arguments = CommandLine.arguments
let mnist = arguments.count > 1 ? arguments[1] : ProcessInfo.processInfo.environment["DIGITS_MNIST_DIR"]
let rounds = max(1, arguments.count > 2 ? Int(arguments[2]) ?? 101 : 101)

var digits: [GrayImage] = []
if let mnist, let images = try? IDXFile.readImages(path: mnist + "/t10k-images-idx3-ubyte.gz") {
    for i in 0..<100 {
        let start = i * images.rows * images.columns
        digits.append(GrayImage(width: images.columns, height: images.rows,
                                bytes: images.pixels[start ..< start + images.rows * images.columns]))
    }
} else {
    for i in 0..<100 {
        var image = GrayImage(width: 28, height: 28)
        for y in 4..<24 { for x in (8 + i % 10)..<(12 + i % 10) { image[x, y] = 1 } }
        digits.append(image)
    }
}
let pngs = try digits.map { try PNGWriter.encode($0) }
let pgms = digits.map { PGMWriter.encode($0) }
let dir = NSTemporaryDirectory() + "/bench-image-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: dir) }
for i in digits.indices {
    try Data(pngs[i]).write(to: URL(fileURLWithPath: "\(dir)/\(i).png"))
    try Data(pgms[i]).write(to: URL(fileURLWithPath: "\(dir)/\(i).pgm"))
}
let preprocessor = DigitPreprocessor()
var sink: Float = 0

/// Median seconds per picture of `png` and of `pgm`, each run over all 100 pictures, in
/// alternating rounds (so a change in the machine's load falls on both alike).
func time(_ png: (Int) throws -> GrayImage, _ pgm: (Int) throws -> GrayImage) rethrows -> (Double, Double) {
    var samples: ([Double], [Double]) = ([], [])
    func round(_ body: (Int) throws -> GrayImage) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for i in digits.indices { sink += try body(i).pixels[0] }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(digits.count)
    }
    for _ in 0..<rounds {
        samples.0.append(try round(png))
        samples.1.append(try round(pgm))
    }
    return (samples.0.sorted()[rounds / 2], samples.1.sorted()[rounds / 2])
}

let figures: [(String, (Double, Double))] = [
    ("decode + preprocess (in memory)",
     try time({ try preprocessor.process(ImageReader.decode(pngs[$0])[0]).image },
              { try preprocessor.process(ImageReader.decode(pgms[$0])[0]).image })),
    ("decode only (in memory)",
     try time({ try ImageReader.decode(pngs[$0])[0] }, { try ImageReader.decode(pgms[$0])[0] })),
    ("read file + decode + preprocess",
     try time({ try preprocessor.process(ImageReader.read("\(dir)/\($0).png")[0]).image },
              { try preprocessor.process(ImageReader.read("\(dir)/\($0).pgm")[0]).image })),
]
let source = mnist != nil && digits.count == 100 ? "first 100 MNIST test digits" : "100 synthetic strokes"
print("28×28 pictures (\(source)); PNG \(pngs.map(\.count).reduce(0, +) / 100) bytes, PGM \(pgms[0].count) bytes on average; medians of \(rounds) rounds")
for (name, (png, pgm)) in figures {
    let line = "  \(name):".padding(toLength: 38, withPad: " ", startingAt: 0)
    print(line + String(format: "PNG %7.2f µs   PGM %7.2f µs   PNG/PGM %.2f×", png * 1e6, pgm * 1e6, png / pgm))
}
if sink.isNaN { print(sink) }
