@testable import DigitsKit

/// A minimal PNG writer for tests (8-bit samples, filter type None, the zlib stream made of
/// stored deflate blocks): independent of the reader it feeds.
enum TestPNG {
    /// Colour types by their PNG code.
    enum ColourType: UInt8 { case grey = 0, rgb = 2, palette = 3, greyAlpha = 4, rgba = 6 }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Adam7: (x start, y start, x step, y step) of passes 1…7.
    static let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

    /// A PNG of `width`×`height` pixels; `samples` holds every pixel's samples in order (one
    /// for grey or a palette index, two for grey+alpha, three for RGB, four for RGBA), each
    /// below 2^`depth` (8 or 16). Interlaced images are written as the seven Adam7 passes.
    static func encode(width: Int, height: Int, colour: ColourType, depth: Int = 8, samples: [Int],
                       palette: [[UInt8]] = [], interlaced: Bool = false) -> [UInt8] {
        let channels = [ColourType.grey: 1, .rgb: 3, .palette: 1, .greyAlpha: 2, .rgba: 4][colour]!
        precondition(samples.count == width * height * channels && (depth == 8 || depth == 16))
        var raw: [UInt8] = []
        for (x0, y0, dx, dy) in interlaced ? adam7 : [(0, 0, 1, 1)] {
            let xs = Array(stride(from: x0, to: width, by: dx))
            guard !xs.isEmpty else { continue }  // an empty pass has no rows at all
            for y in stride(from: y0, to: height, by: dy) {
                raw.append(0)  // filter type None
                for x in xs {
                    for c in 0..<channels {
                        let v = samples[(y * width + x) * channels + c]
                        raw += depth == 16 ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v)]
                    }
                }
            }
        }
        var out = signature
        out += chunk("IHDR", be32(width) + be32(height) + [UInt8(depth), colour.rawValue, 0, 0, interlaced ? 1 : 0])
        if colour == .palette { out += chunk("PLTE", palette.flatMap { $0 }) }
        out += chunk("IDAT", zlibStored(raw))
        out += chunk("IEND", [])
        return out
    }

    static func encode(width: Int, height: Int, colour: ColourType, samples: [UInt8], palette: [[UInt8]] = []) -> [UInt8] {
        encode(width: width, height: height, colour: colour, samples: samples.map(Int.init), palette: palette)
    }

    /// A greyscale 8-bit PNG of `image` (0 = black), ink dark on white when `inkIsDark`.
    static func grey(_ image: GrayImage, inkIsDark: Bool = true) -> [UInt8] {
        encode(width: image.width, height: image.height, colour: .grey, samples: image.pixels.map {
            let v = UInt8(quantized($0, maxval: 255))
            return inkIsDark ? 255 - v : v
        })
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body, 0..<body.count)))
    }

    /// A zlib stream of stored (uncompressed) deflate blocks, with its Adler-32.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let n = min(65_535, data.count - start)
            let last: UInt8 = start + n == data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[start..<(start + n)]
            start += n
        } while start < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return out + be32(Int(b << 16 | a))
    }

    static func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((v >> $0) & 0xFF) } }

    /// Whether ``ImageReader`` in this build decodes PNG (it is a PGM-only stand-in until the
    /// PNG reader is merged).
    static let readerDecodesPNG: Bool = {
        let probe = encode(width: 1, height: 1, colour: .grey, samples: [0])
        return (try? ImageReader.decode(probe)) != nil
    }()
}
