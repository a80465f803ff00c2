/// The rest of the netpbm family for ``PGMParser``: PBM bitmaps (P1, P4) and PPM colour (P3,
/// P6, whose rasters are read as PGM rasters of three samples a pixel and then made grey).
extension PGMParser {
    /// "PBM", "PGM" or "PPM" for a magic digit this parser reads, else nil.
    static func formatName(_ magic: UInt8) -> String? {
        switch magic {
        case UInt8(ascii: "1"), UInt8(ascii: "4"): return "PBM"
        case UInt8(ascii: "2"), UInt8(ascii: "5"): return "PGM"
        case UInt8(ascii: "3"), UInt8(ascii: "6"): return "PPM"
        default: return nil
        }
    }
    /// RGB samples (three a pixel, in [0, 1]) as grey by the one colour rule.
    static func grey(_ rgb: [Float]) -> [Float] {
        (0..<rgb.count / 3).map { Greyscale.luma(red: rgb[3 * $0], green: rgb[3 * $0 + 1], blue: rgb[3 * $0 + 2]) }
    }

    /// A raw (P4) bitmap: rows of ⌈width / 8⌉ bytes, most significant bit first, 1 black.
    mutating func rawBitmap(width: Int, height: Int) throws -> [Float] {
        let rowBytes = (width + 7) / 8
        let needed = rowBytes * height  // both ≤ maxDimension: no overflow
        let available = bytes.count - pos
        guard needed <= available else {
            throw PGMError.truncatedRaster(expectedBytes: needed, availableBytes: available)
        }
        var pixels = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = pos + y * rowBytes
            for x in 0..<width {
                let bit = bytes[row + x / 8] >> (7 - UInt8(x % 8)) & 1
                pixels[y * width + x] = bit == 1 ? 0 : 1
            }
        }
        pos += needed
        return pixels
    }

    /// A plain (P1) bitmap: one character "0" (white) or "1" (black) a pixel, whitespace and
    /// comments allowed (not required) between them.
    mutating func plainBitmap(width: Int, count: Int) throws -> [Float] {
        var pixels: [Float] = []
        pixels.reserveCapacity(min(count, bytes.count - pos))  // one byte at least per pixel
        for i in 0..<count {
            skipSampleSeparators()
            guard pos < bytes.count else { throw PGMError.tooFewSamples(expected: count, found: i) }
            switch bytes[pos] {
            case UInt8(ascii: "0"): pixels.append(1)
            case UInt8(ascii: "1"): pixels.append(0)
            case UInt8(ascii: "P") where i > 0: throw PGMError.tooFewSamples(expected: count, found: i)
            default: throw PGMError.badSample(token: printable(bytes[pos ... pos]), x: i % width, y: i / width)
            }
            pos += 1
        }
        return pixels
    }
}
