import DigitsKit
import Foundation

/// The first real MNIST test digits, for preprocessing tests.
enum PreprocessMNISTSample {
    /// The first `count` digits of the MNIST test set as 28×28 images (read with the IDX reader,
    /// only the test images file), or nil when the real files are absent on a developer machine
    /// (in CI their absence throws).
    static func firstTestDigits(_ count: Int) throws -> [GrayImage]? {
        guard let dir = try TestSupport.realMNISTDirectory() else { return nil }
        let images = try IDXFile.readImages(path: dir + "/" + DatasetSpec.mnist.testImages.name)
        let size = images.rows * images.columns
        return (0..<min(count, images.count)).map { i in
            GrayImage(width: images.columns, height: images.rows, bytes: images.pixels[i * size ..< (i + 1) * size])
        }
    }
}

/// The five ways `tools/make-pgm-digits` writes a digit, in Swift for the tests.
enum PreprocessEncoding: String, CaseIterable, Sendable {
    case asIs = "a-as-is"
    case inkOnWhite = "b-ink-on-white"
    case sixteenBitTimesFour = "c-16bit-4x"
    case padded = "d-padded"
    case plainWithComments = "e-plain"

    /// The PGM bytes of MNIST digit `image` in this encoding.
    func encode(_ image: GrayImage) -> [UInt8] {
        switch self {
        case .asIs:
            return PGMWriter.encode(image, inkIsDark: false)
        case .inkOnWhite:
            return PGMWriter.encode(image, inkIsDark: true)
        case .sixteenBitTimesFour:
            var big = GrayImage(width: image.width * 4, height: image.height * 4)
            for y in 0..<big.height {
                for x in 0..<big.width { big[x, y] = image[x / 4, y / 4] }
            }
            return PGMWriter.encode(big, inkIsDark: false, maxval: 65535)
        case .padded:
            // A 60×45 sheet of paper with the digit near its top-left corner.
            var sheet = GrayImage(width: 60, height: 45)
            for y in 0..<image.height {
                for x in 0..<image.width { sheet[x + 3, y + 2] = image[x, y] }
            }
            return PGMWriter.encode(sheet, inkIsDark: true)
        case .plainWithComments:
            return PGMWriter.encode(image, inkIsDark: false, plain: true, comment: "an MNIST test digit")
        }
    }
}
