import CLibPNG  // for the colour-type constants; it also links libpng
import CPNGShim

/// Reads PNG images through libpng (every colour type, bit depth and interlacing), as grey.
///
/// Samples are taken as stored: palette and tRNS are expanded, colour becomes grey by
/// ``Greyscale/luma(red:green:blue:)`` (the PPM rule), transparency is composited on white
/// paper, and gAMA, iCCP, sRGB and every other ancillary chunk but tRNS are ignored (so no gamma
/// correction is made). Like ``PGMReader`` the result is brightness in [0, 1] (0 black).
///
/// Hostile input: width and height are bounded by ``maxDimension`` and the size of the image
/// data once inflated by ``maxDecompressedBytes``, both checked from IHDR before anything is
/// inflated; the image is built row by row as libpng inflates it, so data that ends early (a
/// header promising a huge image over a few bytes) costs only what is really there, and data
/// beyond the last row is refused by libpng without being kept. Every libpng error and warning
/// (a bad CRC, extra data, a palette index out of range) refuses the file.
public enum PNGReader {
    /// The eight bytes every PNG file starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The largest width or height read (pixels): the PGM bound.
    public static let maxDimension = PGMReader.maxDimension
    /// The most bytes the image data may inflate to (filter bytes included): 128 MiB, a 4032×3024
    /// RGBA photo with room to spare.
    public static let maxDecompressedBytes = 1 << 27

    /// Whether `bytes` start as a PNG file does (`\x89PNG`; the rest of the signature is checked
    /// by ``decode(_:)``, so a file damaged by a text-mode transfer is still called a PNG).
    public static func looksLikePNG<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.starts(with: signature.prefix(4))
    }

    /// Decodes the PNG file in `bytes`.
    ///
    /// - Throws: ``PNGError``.
    public static func decode(_ bytes: [UInt8]) throws -> GrayImage {
        guard bytes.starts(with: signature) else {
            throw PNGError.badSignature(printable(bytes.prefix(8)))
        }
        try checkHeader(bytes)
        return try bytes.withUnsafeBufferPointer { buffer in
            var message = [CChar](repeating: 0, count: Int(DIGITS_PNG_MESSAGE_SIZE))
            var info = digits_png_info()
            guard let png = digits_png_open(buffer.baseAddress, buffer.count, UInt32(maxDimension), &info, &message) else {
                throw PNGError.libpng(text(message))
            }
            defer { digits_png_close(png) }
            let width = Int(info.width), height = Int(info.height)
            var decoder = RowDecoder(info)
            var pixels: [Float]
            if info.interlaced != 0 {
                // Each Adam7 pass brings a sparse subset of the pixels: keep them in arrival
                // order, then put each where it belongs once all have come.
                var arrived: [Float] = []
                for pass in Adam7.passes(width: width, height: height) {
                    for y in 0..<pass.rows {
                        try decoder.read(png, pass: pass, y: y, into: &arrived, &message)
                    }
                }
                pixels = [Float](repeating: 0, count: width * height)
                var next = 0
                for pass in Adam7.passes(width: width, height: height) {
                    for y in 0..<pass.rows {
                        let row = (pass.y0 + y * pass.dy) * width
                        for x in 0..<pass.columns {
                            pixels[row + pass.x0 + x * pass.dx] = arrived[next]; next += 1
                        }
                    }
                }
            } else {
                pixels = []
                // Grows with the rows that really arrive (up to 4 MiB reserved at once).
                pixels.reserveCapacity(min(width * height, 1 << 20))
                let whole = Adam7.Pass(index: 0, columns: width, rows: height, x0: 0, y0: 0, dx: 1, dy: 1)
                for y in 0..<height {
                    try decoder.read(png, pass: whole, y: y, into: &pixels, &message)
                }
            }
            guard digits_png_finish(png, &message) == 0 else { throw PNGError.libpng(text(message)) }
            return GrayImage(width: width, height: height, pixels: pixels)
        }
    }

    /// Checks the IHDR fields (which libpng requires to be the first chunk) before libpng sees
    /// the file: our bounds, with our messages. A damaged IHDR is left to libpng.
    static func checkHeader(_ bytes: [UInt8]) throws {
        guard bytes.count >= 29, bytes[12..<16].elementsEqual("IHDR".utf8) else { return }
        func u32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = u32(16), height = u32(20)
        guard width > 0, height > 0 else { throw PNGError.zeroSize(width: width, height: height) }
        guard width <= maxDimension, height <= maxDimension else {
            throw PNGError.tooLarge(width: width, height: height, limit: maxDimension)
        }
        let channels: [UInt8: Int] = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4]
        guard let perPixel = channels[bytes[25]], [1, 2, 4, 8, 16].contains(Int(bytes[24])) else { return }
        let bits = perPixel * Int(bytes[24])
        let passes = bytes[28] == 1 ? Adam7.passes(width: width, height: height)
                                    : [Adam7.Pass(index: 0, columns: width, rows: height, x0: 0, y0: 0, dx: 1, dy: 1)]
        // Each row is one filter-type byte and its packed samples.
        let inflated = passes.reduce(0) { $0 + $1.rows * (1 + ($1.columns * bits + 7) / 8) }
        guard inflated <= maxDecompressedBytes else {
            throw PNGError.inflatesTooLarge(bytes: inflated, limit: maxDecompressedBytes)
        }
    }

    static func text(_ message: [CChar]) -> String {
        let line = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return line.isEmpty ? "unknown libpng error" : line
    }

    static func printable<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if bytes.isEmpty { return "nothing" }
        return bytes.map { b -> String in
            let hex = String(b, radix: 16, uppercase: true)
            return (0x21...0x7E).contains(b) ? String(UnicodeScalar(b)) : "\\x" + (b < 16 ? "0" : "") + hex
        }.joined()
    }
}

/// Turns the rows libpng delivers (RGBA, or palette indices) into grey samples.
private struct RowDecoder {
    let sampleBytes: Int
    /// Samples a pixel: 4 (RGBA) or 1 (opaque grey; palette indices are handled apart).
    let channels: Int
    /// False for grey images, whose R, G and B are equal: the grey is taken as it is.
    let colour: Bool
    /// For palette images: each entry's grey on white paper (empty otherwise).
    let paletteGrey: [Float]
    var row: [UInt8]

    /// The 8-bit levels as samples: divided, not multiplied by a reciprocal, so they are the very
    /// values PGMReader gives for maxval 255 (a PNG and a PGM of the same picture read alike).
    static let levels: [Float] = (0...255).map { Float($0) / 255 }

    init(_ info: digits_png_info) {
        var info = info
        sampleBytes = Int(info.sample_bytes)
        channels = Int(info.channels)
        colour = info.color_type & PNG_COLOR_MASK_COLOR != 0
        let size = Int(info.palette_size)
        let palette = size > 0 ? withUnsafeBytes(of: &info.palette) { Array($0) } : []
        let alpha = size > 0 ? withUnsafeBytes(of: &info.alpha) { Array($0) } : []
        paletteGrey = (0..<size).map { i in
            let grey = Greyscale.luma(red: Float(palette[3 * i]) / 255, green: Float(palette[3 * i + 1]) / 255,
                                      blue: Float(palette[3 * i + 2]) / 255)
            return Greyscale.onWhitePaper(grey, alpha: Float(alpha[i]) / 255)
        }
        row = [UInt8](repeating: 0, count: Int(info.width) * channels * sampleBytes)
    }

    /// Reads the next row (row `y` of `pass`) and appends its grey.
    mutating func read(_ png: OpaquePointer, pass: Adam7.Pass, y: Int, into out: inout [Float],
                       _ message: inout [CChar]) throws {
        var gotPass: Int32 = 0
        var gotY: UInt32 = 0
        guard digits_png_read_row(png, &row, &gotPass, &gotY, &message) == 0 else {
            throw PNGError.libpng(PNGReader.text(message))
        }
        // libpng walks the same Adam7 geometry; a disagreement would misplace pixels.
        guard Int(gotPass) == pass.index, Int(gotY) == y else {
            throw PNGError.libpng("row \(gotY) of pass \(gotPass) arrived where row \(y) of pass \(pass.index) was expected")
        }
        if !paletteGrey.isEmpty {
            for x in 0..<pass.columns {
                let index = Int(row[x])
                guard index < paletteGrey.count else {
                    throw PNGError.paletteIndexOutOfRange(index: index, paletteSize: paletteGrey.count,
                                                          x: pass.x0 + x * pass.dx, y: pass.y0 + y * pass.dy)
                }
                out.append(paletteGrey[index])
            }
            return
        }
        let colour = self.colour
        row.withUnsafeBufferPointer { r in
            if channels == 1 {  // opaque grey
                if sampleBytes == 1 {
                    let level = RowDecoder.levels
                    for x in 0..<pass.columns { out.append(level[Int(r[x])]) }
                } else {
                    for x in 0..<pass.columns { out.append(Float(Int(r[2 * x]) << 8 | Int(r[2 * x + 1])) / 65535) }
                }
                return
            }
            if sampleBytes == 1 {
                let level = RowDecoder.levels
                for x in 0..<pass.columns {
                    let grey = colour ? Greyscale.luma(red: level[Int(r[4 * x])], green: level[Int(r[4 * x + 1])],
                                                       blue: level[Int(r[4 * x + 2])])
                                      : level[Int(r[4 * x])]
                    let alpha = r[4 * x + 3]
                    out.append(alpha == 255 ? grey : Greyscale.onWhitePaper(grey, alpha: level[Int(alpha)]))
                }
                return
            }
            for x in 0..<pass.columns {
                func sample(_ c: Int) -> Float { Float(Int(r[8 * x + 2 * c]) << 8 | Int(r[8 * x + 2 * c + 1])) / 65535 }
                let grey = colour ? Greyscale.luma(red: sample(0), green: sample(1), blue: sample(2)) : sample(0)
                out.append(Greyscale.onWhitePaper(grey, alpha: sample(3)))
            }
        }
    }
}

/// The seven passes of Adam7 interlacing (PNG specification, section 8.2), empty ones left out.
enum Adam7 {
    struct Pass {
        let index: Int
        let columns: Int
        let rows: Int
        let x0: Int, y0: Int, dx: Int, dy: Int
    }

    static func passes(width: Int, height: Int) -> [Pass] {
        let x0 = [0, 4, 0, 2, 0, 1, 0], y0 = [0, 0, 4, 0, 2, 0, 1]
        let dx = [8, 8, 4, 4, 2, 2, 1], dy = [8, 8, 8, 4, 4, 2, 2]
        return (0..<7).compactMap { p in
            let columns = width > x0[p] ? (width - x0[p] + dx[p] - 1) / dx[p] : 0
            let rows = height > y0[p] ? (height - y0[p] + dy[p] - 1) / dy[p] : 0
            guard columns > 0, rows > 0 else { return nil }
            return Pass(index: p, columns: columns, rows: rows, x0: x0[p], y0: y0[p], dx: dx[p], dy: dy[p])
        }
    }
}
