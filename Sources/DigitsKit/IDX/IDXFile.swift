/// Reads IDX files (the MNIST format), raw or gzip-compressed, with every field validated.
///
/// Layout: magic `00 00 type ndims` (big-endian), then `ndims` big-endian UInt32 dimensions,
/// then the data, row-major. Images are `0x00000803` (count × rows × columns bytes), labels are
/// `0x00000801` (count bytes). gzip is detected by the `1f 8b` magic, not by the file name.
///
/// Bounds (anything else is rejected before allocating): every dimension ≥ 1; count ≤
/// ``maxCount``; rows and columns ≤ ``maxSide``; data ≤ ``maxPayloadBytes``. The data must be
/// exactly as long as the dimensions imply: no short read, no trailing bytes.
public enum IDXFile {
    /// Largest number of images or labels in one file.
    public static let maxCount = 10_000_000
    /// Largest number of rows or of columns of an image.
    public static let maxSide = 4096
    /// Largest data size (product of the dimensions), 1 GiB.
    public static let maxPayloadBytes = 1 << 30

    /// Parses an images file (`0x00000803`), raw or gzip.
    ///
    /// - Throws: ``IDXError`` or ``GzipError``.
    public static func parseImages(_ bytes: [UInt8]) throws -> IDXImages {
        let (dimensions, pixels) = try parse(bytes, dimensionCount: 3)
        return IDXImages(count: dimensions[0], rows: dimensions[1], columns: dimensions[2], pixels: pixels)
    }

    /// Parses a labels file (`0x00000801`), raw or gzip; every label must be below `classCount`.
    ///
    /// - Throws: ``IDXError`` or ``GzipError``.
    public static func parseLabels(_ bytes: [UInt8], classCount: Int) throws -> [UInt8] {
        precondition((1...256).contains(classCount), "classCount must be in 1...256")
        let (_, labels) = try parse(bytes, dimensionCount: 1)
        if let index = labels.firstIndex(where: { Int($0) >= classCount }) {
            throw IDXError.labelOutOfRange(index: index, label: labels[index], classCount: classCount)
        }
        return labels
    }

    /// Parses the header and data of an unsigned-byte IDX file with `dimensionCount` dimensions.
    static func parse(_ bytes: [UInt8], dimensionCount: Int) throws -> (dimensions: [Int], data: [UInt8]) {
        guard !bytes.isEmpty else { throw IDXError.empty }
        return try bytes.withUnsafeBytes { raw in
            let source: IDXByteSource = GzipHeader.hasMagic(raw)
                ? .gzip(try GzipReader(raw), compressedSize: raw.count)
                : .raw(RawBytes(raw))
            let dimensions = try readHeader(source, dimensionCount: dimensionCount)
            let size = try payloadSize(dimensions)
            // Reject a header that promises more than the file can hold before allocating for it.
            let maximum = source.maximumRemaining
            guard size <= maximum else {
                if source.isGzip { throw IDXError.impliedSizeExceedsInput(implied: size, maximum: maximum) }
                throw IDXError.shortPayload(expected: size, actual: maximum)
            }
            var got = 0
            let data = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                got = try source.read(into: UnsafeMutableRawBufferPointer(buffer))
                count = got
            }
            guard got == size else { throw IDXError.shortPayload(expected: size, actual: got) }
            guard try !source.hasMore() else { throw IDXError.trailingBytes(expected: size) }
            return (dimensions, data)
        }
    }

    /// Reads and checks the magic and the dimensions.
    private static func readHeader(_ source: IDXByteSource, dimensionCount: Int) throws -> [Int] {
        var magic: [UInt8] = [0, 0, 0, 0]
        let n = try magic.withUnsafeMutableBytes { try source.read(into: $0) }
        guard n == 4 else { throw IDXError.truncatedHeader(length: n, needed: 4) }
        guard magic[0] == 0, magic[1] == 0 else { throw IDXError.badMagic(bigEndianUInt32(magic, 0)) }
        guard magic[2] == 0x08 else { throw IDXError.unsupportedType(magic[2]) }
        guard Int(magic[3]) == dimensionCount else {
            throw IDXError.wrongDimensionCount(found: Int(magic[3]), expected: dimensionCount)
        }
        var header = [UInt8](repeating: 0, count: 4 * dimensionCount)
        let m = try header.withUnsafeMutableBytes { try source.read(into: $0) }
        guard m == header.count else { throw IDXError.truncatedHeader(length: 4 + m, needed: 4 + header.count) }
        return (0..<dimensionCount).map { Int(bigEndianUInt32(header, 4 * $0)) }
    }

    /// The data size the dimensions imply, after checking every bound (overflow-checked).
    private static func payloadSize(_ dimensions: [Int]) throws -> Int {
        var size = 1
        for (index, value) in dimensions.enumerated() {
            guard value > 0 else { throw IDXError.zeroDimension(index: index) }
            let limit = index == 0 ? maxCount : maxSide
            guard value <= limit else { throw IDXError.dimensionTooLarge(index: index, value: value, limit: limit) }
            let (product, overflow) = size.multipliedReportingOverflow(by: value)
            guard !overflow, product <= maxPayloadBytes else { throw IDXError.payloadTooLarge(limit: maxPayloadBytes) }
            size = product
        }
        return size
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}

/// The images of an IDX images file: `count` images of `rows` × `columns` bytes, row-major.
public struct IDXImages: Equatable, Sendable {
    public var count: Int
    public var rows: Int
    public var columns: Int
    public var pixels: [UInt8]

    public init(count: Int, rows: Int, columns: Int, pixels: [UInt8]) {
        self.count = count
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
    }
}
