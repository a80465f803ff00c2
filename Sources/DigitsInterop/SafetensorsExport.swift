import DigitsKit

/// A model as a safetensors file (`docs/export-formats.md`), as PyTorch, MLX or numpy load it.
///
/// Layout (the format's own): an 8-byte little-endian u64 N, then N bytes of UTF-8 JSON, then
/// the tensor data. The JSON object maps each tensor name to `{"dtype", "shape",
/// "data_offsets": [begin, end]}` (offsets relative to the first data byte) and
/// `"__metadata__"` to a string → string object (``ExportMetadata``). Per layer l (0-based):
/// `layers.l.weight`, F32 [n_out, n_in] (row j holds the weights into neuron j, as
/// `torch.nn.Linear` stores them) and `layers.l.bias`, F32 [n_out], little-endian.
///
/// Data is contiguous with no gaps, in layer order, weight before bias. The JSON lists
/// `__metadata__` first (its keys sorted), then the tensors in data order, with no spaces, and
/// is padded with spaces so that the data starts at a multiple of 8 bytes: the same model
/// always gives the same bytes.
public enum SafetensorsExport {
    /// The safetensors bytes of `model`.
    public static func encode(_ model: Model) -> [UInt8] {
        let net = model.network
        var entries = ["\"__metadata__\":{" + ExportMetadata.pairs(model).map {
            JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value)
        }.joined(separator: ",") + "}"]
        var offset = 0
        for l in 0..<net.weights.count {
            let (rows, columns) = (net.sizes[l + 1], net.sizes[l])
            for (name, shape) in [("layers.\(l).weight", [rows, columns]), ("layers.\(l).bias", [rows])] {
                let end = offset + 4 * shape.reduce(1, *)
                entries.append(JSONText.quoted(name) + ":{\"dtype\":\"F32\",\"shape\":["
                    + shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(end)]}")
                offset = end
            }
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        // Pad with spaces (allowed by the format) so that 8 + N, where the data begins, is a
        // multiple of 8: every F32 tensor then sits at an aligned address once the file is mapped.
        while header.count % 8 != 0 { header.append(0x20) }

        var out = LittleEndianWriter(capacity: 8 + header.count + offset)
        out.u64(UInt64(header.count))
        out.append(header)
        for (weights, biases) in zip(net.weights, net.biases) {
            out.f32s(weights)
            out.f32s(biases)
        }
        return out.bytes
    }
}
