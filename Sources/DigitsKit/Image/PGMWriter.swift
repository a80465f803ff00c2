/// Writes netpbm greyscale images (PGM): raw "P5" (the default) or plain "P2", any maxval.
public enum PGMWriter {
    /// The PGM bytes of `image`. Samples are clamped to [0, 1]; with `inkIsDark` (the default,
    /// for people's eyes) ink is drawn black on white, otherwise as stored (white ink on black,
    /// as MNIST is).
    ///
    /// - Parameters:
    ///   - maxval: 1…65535; samples take two bytes (most significant first) from 256 up.
    ///   - plain: write "P2" (ASCII decimal samples, at most 70 characters a line) instead of "P5".
    ///   - comment: a `#` comment line written after the magic number (newlines are replaced).
    public static func encode(_ image: GrayImage, inkIsDark: Bool = true, maxval: Int = 255,
                              plain: Bool = false, comment: String? = nil) -> [UInt8] {
        precondition((1...65535).contains(maxval), "maxval \(maxval) is outside 1…65535")
        var header = plain ? "P2\n" : "P5\n"
        if let comment {
            header += "# " + comment.map { $0.isNewline ? " " : String($0) }.joined() + "\n"
        }
        header += "\(image.width) \(image.height)\n\(maxval)\n"
        var out = Array(header.utf8)
        out.reserveCapacity(out.count + image.pixels.count * (plain ? 4 : maxval > 255 ? 2 : 1))
        var lineLength = 0
        for v in image.pixels {
            let level = quantized(v, maxval: maxval)
            let sample = inkIsDark ? maxval - level : level
            if plain {
                let text = Array(String(sample).utf8)
                if lineLength > 0, lineLength + 1 + text.count > 70 {
                    out.append(0x0A); lineLength = 0
                } else if lineLength > 0 {
                    out.append(0x20); lineLength += 1
                }
                out += text
                lineLength += text.count
            } else if maxval > 255 {
                out.append(UInt8(sample >> 8))
                out.append(UInt8(sample & 0xFF))
            } else {
                out.append(UInt8(sample))
            }
        }
        if plain { out.append(0x0A) }
        return out
    }
}
