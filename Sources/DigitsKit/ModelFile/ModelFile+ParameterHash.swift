import Crypto

extension ModelFile {
    /// Hex SHA-256 of a network's parameters alone, whatever its metadata or file version, so
    /// equal weights and biases are recognisable.
    ///
    /// Canonical bytes (all little-endian): the layer count as u32, each layer size as u32, then
    /// for each layer l = 1…L−1 its weights w^l row-major followed by its biases b^l, each value
    /// as the IEEE 754 bit pattern of a Float32 (so 0.0 and −0.0 differ). Activations and cost are
    /// not included.
    public static func parameterSHA256(_ network: Network) -> String {
        var hasher = SHA256()
        var w = LittleEndianWriter()
        w.u32(UInt32(network.sizes.count))
        for n in network.sizes { w.u32(UInt32(n)) }
        hasher.update(data: w.bytes)
        for (weights, biases) in zip(network.weights, network.biases) {
            var layer = LittleEndianWriter(capacity: 4 * (weights.count + biases.count))
            layer.f32s(weights)
            layer.f32s(biases)
            hasher.update(data: layer.bytes)
        }
        return DatasetChecksum.hex(hasher.finalize())
    }
}
