import DigitsKit
import Foundation

/// The first real MNIST test digits, for preprocessing tests.
///
/// TODO(data): replace with `Dataset.load(directory:)` once the `data` branch (issue 2) is merged;
/// until then this reads the gzip'd test IDX through the system's `gzip -dc`, here only.
enum PreprocessMNISTSample {
    struct Unavailable: Error, CustomStringConvertible { let description: String }

    /// The first `count` digits of the MNIST test set as 28×28 images, or nil when the real
    /// files are absent on a developer machine (in CI their absence throws).
    static func firstTestDigits(_ count: Int) throws -> [GrayImage]? {
        guard let dir = try TestSupport.realMNISTDirectory() else { return nil }
        let bytes = try gunzip(dir + "/t10k-images-idx3-ubyte.gz")
        guard bytes.count >= 16 + count * 784, bytes[0..<4] == [0, 0, 8, 3] else {
            throw Unavailable(description: "unexpected t10k-images content")
        }
        return (0..<count).map { i in
            GrayImage(width: 28, height: 28, bytes: bytes[16 + i * 784 ..< 16 + (i + 1) * 784])
        }
    }

    private static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Unavailable(description: "gzip -dc \(path) failed") }
        return [UInt8](data)
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
