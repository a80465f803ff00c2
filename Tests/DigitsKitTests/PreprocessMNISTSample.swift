import DigitsTestSupport
import DigitsKit
import Foundation

/// The first real MNIST test digits, for preprocessing tests.
enum PreprocessMNISTSample {
    /// The first `count` digits of the MNIST test set as 28×28 images (read with the IDX reader,
    /// only the test images file); throws when the real files are absent (a test that calls
    /// this is `.enabled(if: RealData.available, RealData.whyAbsent)`).
    static func firstTestDigits(_ count: Int) throws -> [GrayImage] {
        let dir = try RealData.directory()
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
    /// Not one of the tool's five: enlarged 4× by pixel replication (netpbm's pnmenlarge).
    case replicatedTimesFour = "c2-replicated-4x"
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
            return PGMWriter.encode(Self.bilinearTimesFour(image), inkIsDark: false, maxval: 65535)
        case .replicatedTimesFour:
            var big = GrayImage(width: image.width * 4, height: image.height * 4)
            for y in 0..<big.height {
                for x in 0..<big.width { big[x, y] = image[x / 4, y / 4] }
            }
            return PGMWriter.encode(big, inkIsDark: false)
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

    /// Enlarges 4× by bilinear interpolation with pixel centres aligned, as image editors (and
    /// tools/make-pgm-digits) do.
    static func bilinearTimesFour(_ image: GrayImage) -> GrayImage {
        let w = image.width, h = image.height
        var big = GrayImage(width: w * 4, height: h * 4)
        func source(_ o: Int, _ n: Int) -> (Int, Int, Float) {
            let p = min(max((Float(o) + 0.5) / 4 - 0.5, 0), Float(n - 1))
            let i = Int(p)
            return (i, min(i + 1, n - 1), p - Float(i))
        }
        for oy in 0..<big.height {
            let (y0, y1, fy) = source(oy, h)
            for ox in 0..<big.width {
                let (x0, x1, fx) = source(ox, w)
                let top = image[x0, y0] * (1 - fx) + image[x1, y0] * fx
                let bottom = image[x0, y1] * (1 - fx) + image[x1, y1] * fx
                big[ox, oy] = top * (1 - fy) + bottom * fy
            }
        }
        return big
    }
}
