import CZlib

/// A small PNG encoder for tests, written from the PNG specification (not libpng): any colour
/// type, bit depth, palette, tRNS, extra chunks and Adam7, filter type 0 on every row.
struct PNGTestImage {
    var width: Int
    var height: Int
    var bitDepth: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.
    var colourType: Int
    /// `width × height × channels` samples at `bitDepth`, row-major (palette: indices).
    var samples: [Int]
    var interlaced = false
    /// RGB triples, for colour type 3.
    var palette: [UInt8] = []
    /// The raw data of a tRNS chunk.
    var transparency: [UInt8]?
    /// Chunks written after IHDR (and PLTE) and before IDAT, e.g. ("gAMA", …).
    var extraChunks: [(type: String, data: [UInt8])] = []

    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colourType]! }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return be32(data.count) + body + be32(Int(crc))
    }

    static func be32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }

    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(compressBound(uLong(data.count))))
        var size = uLongf(out.count)
        let status = compress2(&out, &size, data, uLong(data.count), 9)
        precondition(status == Z_OK)
        return Array(out.prefix(Int(size)))
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

    /// The filtered, uncompressed image data.
    func rawData() -> [UInt8] {
        var raw: [UInt8] = []
        if !interlaced {
            for y in 0..<height { raw += scanline((0..<width).map { y * width + $0 }) }
            return raw
        }
        let x0 = [0, 4, 0, 2, 0, 1, 0], y0 = [0, 0, 4, 0, 2, 0, 1]
        let dx = [8, 8, 4, 4, 2, 2, 1], dy = [8, 8, 8, 4, 4, 2, 2]
        for p in 0..<7 {
            let xs = Array(stride(from: x0[p], to: width, by: dx[p]))
            guard !xs.isEmpty else { continue }
            for y in stride(from: y0[p], to: height, by: dy[p]) { raw += scanline(xs.map { y * width + $0 }) }
        }
        return raw
    }

    func ihdr() -> [UInt8] {
        Self.be32(width) + Self.be32(height) + [UInt8(bitDepth), UInt8(colourType), 0, 0, interlaced ? 1 : 0]
    }

    /// The PNG file; `idat` replaces the compressed data when given.
    func encode(idat: [UInt8]? = nil) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += Self.chunk("IHDR", ihdr())
        if colourType == 3 { out += Self.chunk("PLTE", palette) }
        if let transparency { out += Self.chunk("tRNS", transparency) }
        for c in extraChunks { out += Self.chunk(c.type, c.data) }
        out += Self.chunk("IDAT", idat ?? Self.deflate(rawData()))
        out += Self.chunk("IEND", [])
        return out
    }
}
