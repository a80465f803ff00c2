/// Writes netpbm greyscale images (PGM, binary "P5", maxval 255).
public enum PGMWriter {
    /// The P5 bytes of `image`. Samples are clamped to [0, 1]; with `inkIsDark` (the default,
    /// for people's eyes) ink is drawn black on white, otherwise as stored (white ink on black,
    /// as MNIST is).
    public static func encode(_ image: GrayImage, inkIsDark: Bool = true) -> [UInt8] {
        var out = Array("P5\n\(image.width) \(image.height)\n255\n".utf8)
        out.reserveCapacity(out.count + image.pixels.count)
        for v in image.pixels {
            let c = min(max(v, 0), 1)
            let byte = UInt8((c * 255).rounded())
            out.append(inkIsDark ? 255 - byte : byte)
        }
        return out
    }
}
