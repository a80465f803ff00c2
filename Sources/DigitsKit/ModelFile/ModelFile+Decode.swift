extension ModelFile {
    /// Parses `bytes` as a model file, checking every rule of `FORMAT.md` in this order: magic,
    /// major version, header fields, exact file size, CRC-32, codes, metadata, parameters.
    static func parse(_ bytes: [UInt8]) throws -> ModelFileInfo {
        let size = bytes.count
        let header = try parseHeader(bytes, fileSize: size)
        let (major, minor, costCode) = (header.major, header.minor, header.costCode)
        let (layerCount, headerSize, metadataSize) = (header.sizes.count, header.headerSize, header.metadataSize)
        let (sizes, elementType) = (header.sizes, header.elementType)

        let stored = bytes.u32LE(at: size - 4)
        let computed = crc32(bytes, 0..<(size - 4))
        guard stored == computed else { throw ModelFileError.checksumMismatch(stored: stored, computed: computed) }

        guard let cost = Cost(fileCode: costCode) else { throw ModelFileError.unknownCost(costCode) }
        // A code is in the tables from the minor version that added it (a 1.0 file has no softmax).
        guard cost.introducedInMinor <= minor else {
            throw ModelFileError.codeNewerThanFile(what: "cost code \(costCode) (\(cost.rawValue))",
                                                   introduced: cost.introducedInMinor, minor: minor)
        }
        var activations: [Activation] = []
        for i in 0..<(layerCount - 1) {
            let code = bytes[headerSize - (layerCount - 1) + i]
            guard let a = Activation(fileCode: code) else {
                throw ModelFileError.unknownActivation(layer: i + 1, code: code)
            }
            guard a.introducedInMinor <= minor else {
                throw ModelFileError.codeNewerThanFile(what: "layer \(i + 1)'s activation code \(code) (\(a.rawValue))",
                                                       introduced: a.introducedInMinor, minor: minor)
            }
            activations.append(a)
        }
        try checkOutputLayer(cost: cost, activations: activations)

        let (metadata, ignored) = try parseMetadata(bytes, headerSize..<(headerSize + metadataSize),
                                                    knowsEveryType: minor <= ModelFileFormat.minor)
        // Well-known keys hold values of their type and range (FORMAT.md rule 14).
        try metadata.check(Metadata.knownRules)
        let parameterStart = headerSize + metadataSize
        var weights: [[Float]] = [], biases: [[Float]] = []
        var offset = parameterStart
        for i in 1..<layerCount {
            let w = try readFloats(bytes, at: offset, count: sizes[i] * sizes[i - 1], elementType, layer: i, isBias: false)
            offset += w.count * elementType.byteCount
            let b = try readFloats(bytes, at: offset, count: sizes[i], elementType, layer: i, isBias: true)
            offset += b.count * elementType.byteCount
            weights.append(w)
            biases.append(b)
        }
        let network = try Network(sizes: sizes, weights: weights, biases: biases, activations: activations)
        return ModelFileInfo(model: Model(network: network, cost: cost, metadata: metadata),
                             major: major, minor: minor, elementType: elementType.name,
                             fileSize: size, checksum: stored, ignoredMetadataEntries: ignored)
    }

    /// What the header says, once checked against the file size.
    struct Header {
        var major: UInt16
        var minor: UInt16
        var elementType: ElementType
        var costCode: UInt8
        var metadataSize: Int
        var sizes: [Int]
        /// Bytes of the header (up to the metadata section).
        var headerSize: Int
    }

    /// The longest header: 64 layers.
    static let maxHeaderSize = ModelFileFormat.headerSize(layerCount: Network.maxLayerCount)

    /// Checks the header (magic, major version, element type, layer count and sizes, metadata
    /// size) and that `fileSize` is exactly the size it implies. `bytes` is the file or a prefix
    /// of at least `min(fileSize, maxHeaderSize)` bytes, so a reader can check the size of a
    /// file before reading (and allocating) all of it.
    static func parseHeader(_ bytes: [UInt8], fileSize size: Int) throws -> Header {
        guard size > 0 else { throw ModelFileError.empty }
        let magic = ModelFileFormat.magic
        let magicPrefix = Array(bytes.prefix(magic.count))
        guard magicPrefix == Array(magic.prefix(magicPrefix.count)) else {
            throw ModelFileError.badMagic(magicPrefix)
        }
        try need(12, size)
        let major = bytes.u16LE(at: 8), minor = bytes.u16LE(at: 10)
        guard major == ModelFileFormat.major else {
            throw ModelFileError.unsupportedMajorVersion(major: major, minor: minor, supported: ModelFileFormat.major)
        }
        try need(ModelFileFormat.fixedHeaderSize, size)
        guard let elementType = ElementType(rawValue: bytes[12]) else {
            throw ModelFileError.unknownElementType(bytes[12])
        }
        let layerCount = Int(bytes.u16LE(at: 14))
        let metadataSize = Int(bytes.u32LE(at: 16))
        guard (2...Network.maxLayerCount).contains(layerCount) else {
            throw ModelFileError.badLayerCount(layerCount)
        }
        guard metadataSize <= ModelFileFormat.maxMetadataSize else {
            throw ModelFileError.metadataTooLarge(metadataSize)
        }
        let headerSize = ModelFileFormat.headerSize(layerCount: layerCount)
        try need(headerSize, size)
        let sizes = (0..<layerCount).map { Int(bytes.u32LE(at: ModelFileFormat.fixedHeaderSize + 4 * $0)) }

        // The size the header implies, every step overflow-checked (sizes are u32 each, so
        // products of two fit but sums over 63 layers may not).
        var parameters = 0
        for i in 1..<layerCount {
            let (w, o1) = sizes[i].multipliedReportingOverflow(by: sizes[i - 1])
            let (p1, o2) = parameters.addingReportingOverflow(w)
            let (p2, o3) = p1.addingReportingOverflow(sizes[i])
            guard !o1, !o2, !o3 else { throw ModelFileError.sizeOverflow }
            parameters = p2
        }
        let (parameterBytes, o4) = parameters.multipliedReportingOverflow(by: elementType.byteCount)
        let (expected, o5) = parameterBytes.addingReportingOverflow(headerSize + metadataSize + ModelFileFormat.checksumSize)
        guard !o4, !o5 else { throw ModelFileError.sizeOverflow }
        do {
            try Network.validate(sizes: sizes)
        } catch {
            throw ModelFileError.badLayerSizes(oneLine(error))
        }
        try need(expected, size)
        guard size == expected else { throw ModelFileError.trailingBytes(size: size, expected: expected) }
        return Header(major: major, minor: minor, elementType: elementType, costCode: bytes[13],
                      metadataSize: metadataSize, sizes: sizes, headerSize: headerSize)
    }

    /// Throws `.truncated` unless the file has at least `needed` bytes.
    private static func need(_ needed: Int, _ size: Int) throws {
        guard size >= needed else { throw ModelFileError.truncated(size: size, needed: needed) }
    }

    /// Reads `count` parameters, rejecting NaN and ±Inf (and float64 values beyond Float32).
    private static func readFloats(_ bytes: [UInt8], at offset: Int, count: Int, _ type: ElementType,
                                   layer: Int, isBias: Bool) throws -> [Float] {
        var out = [Float](repeating: 0, count: count)
        switch type {
        case .float32:
            for j in 0..<count { out[j] = bytes.f32LE(at: offset + 4 * j) }
        case .float64:
            for j in 0..<count { out[j] = Float(Double(bitPattern: bytes.u64LE(at: offset + 8 * j))) }
        }
        if let j = out.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError.nonFiniteParameter(layer: layer, isBias: isBias, index: j)
        }
        return out
    }

    /// Parses the metadata entries filling `range`. Entries of unknown type are skipped when the
    /// file's minor version is newer than this build's (`knowsEveryType` false), else rejected.
    /// Returns the metadata and the number of skipped entries.
    static func parseMetadata(_ bytes: [UInt8], _ range: Range<Int>, knowsEveryType: Bool) throws -> (Metadata, Int) {
        var entries: [(String, MetadataValue)] = []
        var seen = Set<String>()
        var ignored = 0
        var offset = range.lowerBound
        while offset < range.upperBound {
            guard entries.count + ignored < ModelFileFormat.maxMetadataEntries else {
                throw ModelFileError.tooManyMetadataEntries
            }
            guard range.upperBound - offset >= ModelFileFormat.entryPrefixSize else {
                throw ModelFileError.metadataEntryPastEnd(offset: offset)
            }
            let length = Int(bytes.u32LE(at: offset))
            let typeCode = bytes[offset + 4]
            let keyLength = Int(bytes[offset + 5])
            // `length` counts the bytes after the length field.
            guard length <= range.upperBound - offset - 4 else {
                throw ModelFileError.metadataEntryPastEnd(offset: offset)
            }
            guard keyLength >= 1 else {
                throw ModelFileError.badMetadataEntry(offset: offset, reason: "empty key")
            }
            guard length >= 2 + keyLength else {
                throw ModelFileError.badMetadataEntry(offset: offset, reason: "entry length \(length) is shorter than its key (\(keyLength) bytes)")
            }
            let keyStart = offset + ModelFileFormat.entryPrefixSize
            let valueStart = keyStart + keyLength
            let end = offset + 4 + length
            guard let key = String(validatingUTF8Bytes: bytes[keyStart..<valueStart]) else {
                throw ModelFileError.invalidKeyUTF8(offset: offset)
            }
            guard seen.insert(key).inserted else { throw ModelFileError.duplicateKey(key) }
            let value = bytes[valueStart..<end]
            offset = end
            guard let type = MetadataTypeCode(rawValue: typeCode) else {
                if knowsEveryType { throw ModelFileError.unknownMetadataType(key: key, code: typeCode) }
                ignored += 1
                continue
            }
            entries.append((key, try decodeValue(value, type, key: key)))
        }
        return (Metadata(entries), ignored)
    }

    private static func decodeValue(_ value: ArraySlice<UInt8>, _ type: MetadataTypeCode, key: String) throws -> MetadataValue {
        let v = Array(value)
        switch type {
        case .string:
            guard let s = String(validatingUTF8Bytes: value) else {
                throw ModelFileError.badMetadataValue(key: key, reason: "string is not valid UTF-8")
            }
            return .string(s)
        case .int64, .float64:
            guard v.count == 8 else {
                throw ModelFileError.badMetadataValue(key: key, reason: "\(type == .int64 ? "int64" : "float64") value has \(v.count) bytes, expected 8")
            }
            return type == .int64 ? .int(Int64(bitPattern: v.u64LE(at: 0))) : .double(Double(bitPattern: v.u64LE(at: 0)))
        case .bytes:
            return .bytes(v)
        case .float64Array:
            guard v.count % 8 == 0 else {
                throw ModelFileError.badMetadataValue(key: key, reason: "float64 array of \(v.count) bytes is not a multiple of 8")
            }
            return .doubles(stride(from: 0, to: v.count, by: 8).map { Double(bitPattern: v.u64LE(at: $0)) })
        }
    }
}

extension String {
    /// The string the bytes spell, or nil if they are not valid UTF-8 (no repair: overlong
    /// forms, surrogates and truncated sequences are refused). The standard library's
    /// validating decoder, which is fast even unoptimised (65,536 metadata keys).
    init?<C: Collection>(validatingUTF8Bytes bytes: C) where C.Element == UInt8 {
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}
