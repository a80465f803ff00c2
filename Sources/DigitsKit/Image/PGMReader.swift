/// Reads netpbm greyscale images (PGM): raw "P5" and plain "P2", maxval 1…65535 (the same parser
/// reads PBM and PPM for ``ImageReader``: PGMParser+Netpbm.swift).
///
/// Follows the netpbm specification: a header of magic number, width, height and maxval in ASCII
/// decimal separated by whitespace (space, TAB, CR, LF, VT, FF), with `#` comments running to
/// the end of the line anywhere before the single whitespace character that ends the header.
/// A comment separates tokens like whitespace does; a comment right after maxval must still be
/// followed by that single whitespace character. P5 samples are 1 byte when maxval < 256,
/// else 2 bytes, most significant first. A file may hold several images one after another (with
/// whitespace between them); P2 rasters tolerate comments between samples, as libnetpbm does.
///
/// Every size is checked against ``maxDimension`` and against the bytes present before any
/// allocation, so hostile input cannot make the reader allocate more than a small multiple of
/// its own size.
public enum PGMReader {
    /// The largest width or height read (pixels).
    public static let maxDimension = 8192
    /// The most images one file may hold.
    public static let maxImagesPerFile = 65_536
    /// The largest file ``read(_:)`` loads (bytes).
    public static let maxFileSize = 1 << 30

    /// Parses every image in `bytes`, samples scaled to [0, 1] by maxval (0 stays black; no
    /// inversion is done here).
    ///
    /// - Throws: ``PGMError`` describing the first problem; for the second and later images of a
    ///   file it is wrapped in ``PGMError/inImage(index:_:)``.
    public static func decode(_ bytes: [UInt8]) throws -> [GrayImage] {
        try decode(bytes, everyNetpbm: false)
    }

    /// Parses every image in `bytes`; with `everyNetpbm`, PBM (P1, P4: 1 is black) and PPM (P3,
    /// P6: grey by ``Greyscale``) images too, as brightness in [0, 1]. Errors about a PBM or
    /// PPM image name that format (``PGMError/named(format:_:)``).
    static func decode(_ bytes: [UInt8], everyNetpbm: Bool) throws -> [GrayImage] {
        guard !bytes.isEmpty else { throw PGMError.empty }
        var parser = PGMParser(bytes: bytes, everyNetpbm: everyNetpbm)
        var images: [GrayImage] = []
        do {
            while true {
                do {
                    images.append(try parser.image())
                } catch let error as PGMError where images.count > 0 {
                    throw PGMError.inImage(index: images.count + 1, error)
                }
                guard try parser.atAnotherImage() else { return images }
                guard images.count < maxImagesPerFile else { throw PGMError.tooManyImages(limit: maxImagesPerFile) }
            }
        } catch let error as PGMError {
            guard let format = PGMParser.formatName(parser.currentMagic), format != "PGM" else { throw error }
            throw PGMError.named(format: format, error)
        }
    }

    /// Reads and decodes the PGM file at `path`; errors name the file.
    ///
    /// - Throws: a ``FileError`` wrapping ``FileReadError`` (the file cannot be read) or
    ///   ``PGMError`` (its content is not a valid PGM file).
    public static func read(_ path: String) throws -> [GrayImage] {
        try withFile(path) {
            try decode(FileBytes.read(path, limit: maxFileSize))
        }
    }
}

/// A cursor over one PGM byte stream.
struct PGMParser {
    let bytes: [UInt8]
    /// Whether PBM and PPM images are read too (else only PGM).
    let everyNetpbm: Bool
    var pos = 0
    /// The digit of the magic number of the image just read ("5" for P5, …).
    var lastMagic: UInt8 = 0
    /// The digit of the magic number of the image being read (0 before one is recognized).
    var currentMagic: UInt8 = 0
    var lastSampleCount = 0

    init(bytes: [UInt8], everyNetpbm: Bool = false) {
        self.bytes = bytes
        self.everyNetpbm = everyNetpbm
    }

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0B || b == 0x0C || b == 0x0D
    }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Parses one image starting at `pos`.
    mutating func image() throws -> GrayImage {
        let magic = try readMagic()
        try skipSeparators(expecting: "width")
        let width = try readNumber("width")
        try skipSeparators(expecting: "height")
        let height = try readNumber("height")
        guard width > 0, height > 0 else { throw PGMError.zeroSize(width: width, height: height) }
        guard width <= PGMReader.maxDimension, height <= PGMReader.maxDimension else {
            throw PGMError.tooLarge(width: width, height: height, limit: PGMReader.maxDimension)
        }
        let bitmap = magic == UInt8(ascii: "1") || magic == UInt8(ascii: "4")
        var maxval = 1
        if !bitmap {  // PBM has no maxval: the header ends after the height
            try skipSeparators(expecting: "maxval")
            maxval = try readNumber("maxval")
            guard maxval >= 1, maxval <= 65535 else { throw PGMError.badMaxval(maxval) }
        }
        try readRasterDelimiter(after: bitmap ? "height" : "maxval")
        lastMagic = magic
        // Both dimensions are ≤ maxDimension, so this cannot overflow; checked all the same.
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow else { throw PGMError.tooLarge(width: width, height: height, limit: PGMReader.maxDimension) }
        lastSampleCount = count
        let pixels: [Float]
        switch magic {
        case UInt8(ascii: "5"): pixels = try rawRaster(width: width, count: count, maxval: maxval)
        case UInt8(ascii: "2"): pixels = try plainRaster(width: width, count: count, maxval: maxval)
        case UInt8(ascii: "6"): pixels = PGMParser.grey(try rawRaster(width: width, count: 3 * count, maxval: maxval, channels: 3))
        case UInt8(ascii: "3"):
            lastSampleCount = 3 * count
            pixels = PGMParser.grey(try plainRaster(width: width, count: 3 * count, maxval: maxval, channels: 3))
        case UInt8(ascii: "4"): pixels = try rawBitmap(width: width, height: height)
        default: pixels = try plainBitmap(width: width, count: count)
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// After an image: true when another image follows, false at the end of the data.
    mutating func atAnotherImage() throws -> Bool {
        let plain = [UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3")].contains(lastMagic)
        while pos < bytes.count {
            let b = bytes[pos]
            if PGMParser.isWhitespace(b) {
                pos += 1
            } else if plain, b == UInt8(ascii: "#") {
                skipComment()
            } else if b == UInt8(ascii: "P") {
                return true
            } else if plain, PGMParser.isDigit(b) {
                throw PGMError.tooManySamples(expected: lastSampleCount)
            } else {
                throw PGMError.trailingData(offset: pos)
            }
        }
        return false
    }

    // MARK: Header

    private mutating func readMagic() throws -> UInt8 {
        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "P"), PGMParser.isDigit(bytes[pos + 1]) else {
            throw PGMError.badMagic(printable(bytes[pos ..< min(pos + 2, bytes.count)]))
        }
        let digit = bytes[pos + 1]
        let format = PGMParser.formatName(digit)
        if everyNetpbm, format == nil { throw PGMError.unsupportedNetpbm(printable(bytes[pos ..< pos + 2])) }
        guard format == "PGM" || (everyNetpbm && format != nil) else {
            throw PGMError.notGrayscale(printable(bytes[pos ..< pos + 2]))
        }
        currentMagic = digit
        pos += 2
        if pos < bytes.count, !PGMParser.isWhitespace(bytes[pos]), bytes[pos] != UInt8(ascii: "#") {
            throw PGMError.missingWhitespace(after: "magic")
        }
        return digit
    }

    /// Skips whitespace and comments before a header field; at least one is required (the
    /// caller has checked that the previous token ended on one).
    private mutating func skipSeparators(expecting field: String) throws {
        while true {
            guard pos < bytes.count else { throw PGMError.truncatedHeader(expecting: field) }
            let b = bytes[pos]
            if PGMParser.isWhitespace(b) {
                pos += 1
            } else if b == UInt8(ascii: "#") {
                guard skipComment() else { throw PGMError.unterminatedComment }
            } else {
                return
            }
        }
    }

    /// Skips the whitespace and comments before a sample of a plain raster (none is required:
    /// P1 bitmaps may run their samples together).
    mutating func skipSampleSeparators() {
        while pos < bytes.count {
            if PGMParser.isWhitespace(bytes[pos]) { pos += 1 }
            else if bytes[pos] == UInt8(ascii: "#") { skipComment() }
            else { break }
        }
    }

    /// Skips a comment from `#` through the next CR or LF; false when the data ends first.
    @discardableResult
    mutating func skipComment() -> Bool {
        while pos < bytes.count {
            let b = bytes[pos]
            pos += 1
            if b == 0x0A || b == 0x0D { return true }
        }
        return false
    }

    /// A header number: ASCII decimal digits, ending at whitespace, a comment or (for maxval)
    /// the end of the header.
    private mutating func readNumber(_ field: String) throws -> Int {
        let maxDigits = 10
        let start = pos
        var value = 0
        while pos < bytes.count, PGMParser.isDigit(bytes[pos]) {
            guard pos - start < maxDigits else { throw PGMError.numberTooLong(field: field) }
            value = value * 10 + Int(bytes[pos] - 0x30)
            pos += 1
        }
        let endsCleanly = pos == bytes.count || PGMParser.isWhitespace(bytes[pos]) || bytes[pos] == UInt8(ascii: "#")
        if pos == start || (!endsCleanly && field != "maxval") {
            throw PGMError.notANumber(field: field, token: token(from: start))
        }
        return value
    }

    /// After maxval (the height for PBM): optional comments, then exactly one whitespace character.
    private mutating func readRasterDelimiter(after field: String) throws {
        while pos < bytes.count, bytes[pos] == UInt8(ascii: "#") {
            guard skipComment() else { throw PGMError.unterminatedComment }
        }
        guard pos < bytes.count else { throw PGMError.truncatedHeader(expecting: "whitespace after \(field)") }
        guard PGMParser.isWhitespace(bytes[pos]) else { throw PGMError.missingRasterDelimiter(found: bytes[pos]) }
        pos += 1
    }

    // MARK: Rasters

    /// `count` samples; with `channels` 3 (PPM) positions in messages are those of pixels.
    private mutating func rawRaster(width: Int, count: Int, maxval: Int, channels: Int = 1) throws -> [Float] {
        let bytesPerSample = maxval < 256 ? 1 : 2
        let (needed, overflow) = count.multipliedReportingOverflow(by: bytesPerSample)
        let available = bytes.count - pos
        guard !overflow, needed <= available else {
            throw PGMError.truncatedRaster(expectedBytes: needed, availableBytes: available)
        }
        var pixels = [Float](repeating: 0, count: count)
        let scale = Float(maxval)
        for i in 0..<count {
            let value = bytesPerSample == 1
                ? Int(bytes[pos + i])
                : Int(bytes[pos + 2 * i]) << 8 | Int(bytes[pos + 2 * i + 1])
            guard value <= maxval else {
                throw PGMError.sampleAboveMaxval(value: value, maxval: maxval, x: i / channels % width, y: i / channels / width)
            }
            pixels[i] = Float(value) / scale
        }
        pos += needed
        return pixels
    }

    private mutating func plainRaster(width: Int, count: Int, maxval: Int, channels: Int = 1) throws -> [Float] {
        // Each sample takes at least two bytes (a digit and a separator), so this bound keeps
        // a lying header from reserving more than the data could fill.
        var pixels: [Float] = []
        pixels.reserveCapacity(min(count, (bytes.count - pos) / 2 + 1))
        let scale = Float(maxval)
        for i in 0..<count {
            skipSampleSeparators()
            guard pos < bytes.count else { throw PGMError.tooFewSamples(expected: count, found: i) }
            let start = pos
            var value = 0
            while pos < bytes.count, PGMParser.isDigit(bytes[pos]) {
                value = min(value * 10 + Int(bytes[pos] - 0x30), 1 << 40)  // saturate: it is too big anyway
                pos += 1
            }
            let endsCleanly = pos == bytes.count || PGMParser.isWhitespace(bytes[pos]) || bytes[pos] == UInt8(ascii: "#")
            guard pos > start, endsCleanly else {
                if bytes[start] == UInt8(ascii: "P"), i > 0 { throw PGMError.tooFewSamples(expected: count, found: i) }
                throw PGMError.badSample(token: token(from: start), x: i / channels % width, y: i / channels / width)
            }
            guard value <= maxval else {
                throw PGMError.sampleAboveMaxval(value: value, maxval: maxval, x: i / channels % width, y: i / channels / width)
            }
            pixels.append(Float(value) / scale)
        }
        return pixels
    }

    // MARK: Messages

    /// The token starting at `start` (up to whitespace, at most 16 bytes), printable.
    func token(from start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 16, !PGMParser.isWhitespace(bytes[end]) { end += 1 }
        if end == start { return end < bytes.count ? printable(bytes[end ... end]) : "end of file" }
        return printable(bytes[start ..< end])
    }

    func printable(_ slice: ArraySlice<UInt8>) -> String {
        if slice.isEmpty { return "nothing" }
        return slice.map { b -> String in
            (0x21...0x7E).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16, uppercase: true)
        }.joined()
    }
}
