// The parameter codec of checkpoints: momentum velocities and best-so-far parameters as raw
// Float32 bytes (TrainingMetadataKey.velocities, .bestParameters).

extension Parameters {
    /// How many values ``littleEndianBytes`` holds: every weight and bias.
    private var valueCount: Int { (0..<layerCount).reduce(0) { $0 + weightCount($1) + sizes[$1 + 1] } }

    /// All weights then all biases, layer by layer, as Float32 little-endian bytes.
    var littleEndianBytes: [UInt8] {
        var out = LittleEndianWriter(capacity: 4 * valueCount)
        for i in 0..<layerCount { out.f32s(UnsafeBufferPointer(start: weights[i], count: weightCount(i))) }
        for i in 0..<layerCount { out.f32s(UnsafeBufferPointer(start: biases[i], count: sizes[i + 1])) }
        return out.bytes
    }

    /// Reads values written by ``littleEndianBytes``; false when the byte count does not fit.
    func load(littleEndianBytes bytes: [UInt8]) -> Bool {
        guard bytes.count == valueCount * 4 else { return false }
        var offset = 0
        func read(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
            for i in 0..<n {
                p[i] = bytes.f32LE(at: offset)
                offset += 4
            }
        }
        for i in 0..<layerCount { read(weights[i], weightCount(i)) }
        for i in 0..<layerCount { read(biases[i], sizes[i + 1]) }
        return true
    }
}

