import CZlib

/// A PNG encoder for tests, written from the PNG specification (not libpng, so independent of
/// the reader it feeds): any colour type, bit depth, palette, tRNS, extra chunks and Adam7,
/// filter type 0 on every row. IDAT is zlib-compressed, or stored (uncompressed deflate
/// blocks) when ``storedBlocks`` is set.
public struct TestPNG {
    /// Colour types by their PNG code.
    public enum ColourType: UInt8 { case grey = 0, rgb = 2, palette = 3, greyAlpha = 4, rgba = 6 }

    public var width: Int
    public var height: Int
    public var bitDepth: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA (``ColourType``'s codes).
    public var colourType: Int
    /// `width × height × channels` samples at `bitDepth`, row-major (palette: indices).
    public var samples: [Int]
    public var interlaced = false
    /// RGB triples, for colour type 3.
    public var palette: [UInt8] = []
    /// The raw data of a tRNS chunk.
    public var transparency: [UInt8]?
    /// Chunks written after IHDR (and PLTE) and before IDAT, e.g. ("gAMA", …).
    public var extraChunks: [(type: String, data: [UInt8])] = []
    /// IDAT as stored deflate blocks (``zlibStored(_:)``) instead of zlib's compression.
    public var storedBlocks = false

    public init(width: Int, height: Int, bitDepth: Int, colourType: Int, samples: [Int], interlaced: Bool = false,
                palette: [UInt8] = [], transparency: [UInt8]? = nil) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colourType = colourType
        self.samples = samples
        self.interlaced = interlaced
        self.palette = palette
        self.transparency = transparency
    }

    public var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colourType]! }

    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Adam7: (x start, y start, x step, y step) of passes 1…7.
    public static let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

    /// A PNG of `width`×`height` pixels with stored deflate blocks; `samples` holds every
    /// pixel's samples in order (one for grey or a palette index, two for grey+alpha, three for
    /// RGB, four for RGBA), each below 2^`depth` (8 or 16); `palette` RGB triples.
    public static func encode(width: Int, height: Int, colour: ColourType, depth: Int = 8, samples: [Int],
                              palette: [[UInt8]] = [], interlaced: Bool = false) -> [UInt8] {
        precondition(depth == 8 || depth == 16)
        var png = TestPNG(width: width, height: height, bitDepth: depth, colourType: Int(colour.rawValue),
                          samples: samples, interlaced: interlaced, palette: palette.flatMap { $0 })
        precondition(samples.count == width * height * png.channels)
        png.storedBlocks = true
        return png.encode()
    }

    public static func encode(width: Int, height: Int, colour: ColourType, samples: [UInt8], palette: [[UInt8]] = []) -> [UInt8] {
        encode(width: width, height: height, colour: colour, samples: samples.map(Int.init), palette: palette)
    }

    /// A chunk: length, type, data, CRC-32 of type and data.
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return be32(data.count) + body + be32(Int(crc))
    }

    public static func be32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }

    /// `data` compressed by zlib at level 9.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(compressBound(uLong(data.count))))
        var size = uLongf(out.count)
        let status = compress2(&out, &size, data, uLong(data.count), 9)
        precondition(status == Z_OK)
        return Array(out.prefix(Int(size)))
    }

    /// A zlib stream of stored (uncompressed) deflate blocks, with its Adler-32.
    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
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

    /// One scanline: filter byte 0, then the samples of `pixels` (pixel indices) packed.
    func scanline(_ pixels: [Int]) -> [UInt8] {
        var out: [UInt8] = [0]
        var acc = 0, bits = 0
        for p in pixels {
            for c in 0..<channels {
                let v = samples[p * channels + c]
                if bitDepth == 16 { out += [UInt8(v >> 8), UInt8(v & 0xFF)]; continue }
                acc = acc << bitDepth | v; bits += bitDepth
                if bits == 8 { out.append(UInt8(acc)); acc = 0; bits = 0 }
            }
        }
        if bits > 0 { out.append(UInt8(acc << (8 - bits))) }
        return out
    }

    /// The filtered, uncompressed image data (interlaced: the seven Adam7 passes in order).
    func rawData() -> [UInt8] {
        var raw: [UInt8] = []
        for (x0, y0, dx, dy) in interlaced ? Self.adam7 : [(0, 0, 1, 1)] {
            let xs = Array(stride(from: x0, to: width, by: dx))
            guard !xs.isEmpty else { continue }  // an empty pass has no rows at all
            for y in stride(from: y0, to: height, by: dy) { raw += scanline(xs.map { y * width + $0 }) }
        }
        return raw
    }

    func ihdr() -> [UInt8] {
        Self.be32(width) + Self.be32(height) + [UInt8(bitDepth), UInt8(colourType), 0, 0, interlaced ? 1 : 0]
    }

    /// The PNG file; `idat` replaces the compressed data when given.
    public func encode(idat: [UInt8]? = nil) -> [UInt8] {
        var out = Self.signature
        out += Self.chunk("IHDR", ihdr())
        if colourType == 3 { out += Self.chunk("PLTE", palette) }
        if let transparency { out += Self.chunk("tRNS", transparency) }
        for c in extraChunks { out += Self.chunk(c.type, c.data) }
        out += Self.chunk("IDAT", idat ?? (storedBlocks ? Self.zlibStored(rawData()) : Self.deflate(rawData())))
        out += Self.chunk("IEND", [])
        return out
    }
}
