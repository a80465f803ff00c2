extension ModelFile {
    /// The bytes of `model` with parameters stored as `elementType` (float64 only for tests of
    /// the reader: this build always writes float32).
    static func encode(_ model: Model, elementType: ElementType) throws -> [UInt8] {
        let net = model.network
        try checkFinite(net)
        try checkOutputLayer(model)
        let metadata = try encodeMetadata(model.metadata)
        let layerCount = net.sizes.count
        let size = ModelFileFormat.headerSize(layerCount: layerCount) + metadata.count
            + net.parameterCount * elementType.byteCount + ModelFileFormat.checksumSize

        var w = LittleEndianWriter(capacity: size)
        w.append(ModelFileFormat.magic)
        w.u16(ModelFileFormat.major)
        w.u16(ModelFileFormat.minorVersion(for: model))
        w.u8(elementType.rawValue)
        w.u8(model.cost.fileCode)
        w.u16(UInt16(layerCount))
        w.u32(UInt32(metadata.count))
        for n in net.sizes { w.u32(UInt32(n)) }
        for a in net.activations { w.u8(a.fileCode) }
        w.append(metadata)
        for (weights, biases) in zip(net.weights, net.biases) {
            switch elementType {
            case .float32:
                w.f32s(weights)
                w.f32s(biases)
            case .float64:
                for v in weights { w.f64(Double(v)) }
                for v in biases { w.f64(Double(v)) }
            }
        }
        w.u32(crc32(w.bytes, 0..<w.bytes.count))
        return w.bytes
    }

    /// Refuses to write a file no reader would accept.
    private static func checkFinite(_ net: Network) throws {
        for (i, (weights, biases)) in zip(net.weights, net.biases).enumerated() {
            if let j = weights.firstIndex(where: { !$0.isFinite }) {
                throw ModelFileError.nonFiniteParameter(layer: i + 1, isBias: false, index: j)
            }
            if let j = biases.firstIndex(where: { !$0.isFinite }) {
                throw ModelFileError.nonFiniteParameter(layer: i + 1, isBias: true, index: j)
            }
        }
    }

    /// The metadata section: each entry is u32 length, u8 type, u8 key length, key, value.
    static func encodeMetadata(_ metadata: Metadata) throws -> [UInt8] {
        var w = LittleEndianWriter()
        guard metadata.entries.count <= ModelFileFormat.maxMetadataEntries else {
            throw ModelFileError.unwritableMetadata("more than \(ModelFileFormat.maxMetadataEntries) entries")
        }
        for (key, value) in metadata {
            let keyBytes = Array(key.utf8)
            guard (1...ModelFileFormat.maxKeyLength).contains(keyBytes.count) else {
                throw ModelFileError.unwritableMetadata("key \"\(key.prefix(40))\" must be 1…\(ModelFileFormat.maxKeyLength) UTF-8 bytes")
            }
            var v = LittleEndianWriter()
            let type: MetadataTypeCode
            switch value {
            case .string(let s): type = .string; v.append(Array(s.utf8))
            case .int(let i): type = .int64; v.u64(UInt64(bitPattern: i))
            case .double(let d): type = .float64; v.f64(d)
            case .bytes(let b): type = .bytes; v.append(b)
            case .doubles(let ds): type = .float64Array; for d in ds { v.f64(d) }
            }
            let length = 2 + keyBytes.count + v.bytes.count
            guard w.bytes.count + 4 + length <= ModelFileFormat.maxMetadataSize else {
                throw ModelFileError.unwritableMetadata("metadata exceeds \(ModelFileFormat.maxMetadataSize) bytes")
            }
            w.u32(UInt32(length))
            w.u8(type.rawValue)
            w.u8(UInt8(keyBytes.count))
            w.append(keyBytes)
            w.append(v.bytes)
        }
        return w.bytes
    }
}
