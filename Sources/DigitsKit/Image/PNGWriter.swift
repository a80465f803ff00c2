import CPNGShim

/// Writes greyscale PNG images (8-bit grey, not interlaced, no ancillary chunks) through libpng.
public enum PNGWriter {
    /// The PNG bytes of `image`, ink drawn black on white (as ``PGMWriter`` does by default, for
    /// people's eyes): each sample clamped to [0, 1] and quantized to 8 bits. The same image
    /// always gives the same bytes (highest compression, no time stamp).
    ///
    /// - Throws: ``PNGError/libpng(_:)`` if libpng refuses (an empty image, no memory).
    public static func encode(_ image: GrayImage) throws -> [UInt8] {
        let levels = image.pixels.map { UInt8(255 - quantized($0, maxval: 255)) }
        var message = [CChar](repeating: 0, count: Int(DIGITS_PNG_MESSAGE_SIZE))
        var size = 0
        guard let buffer = digits_png_encode_gray8(levels, UInt32(image.width), UInt32(image.height), &size, &message) else {
            throw PNGError.libpng(PNGReader.text(message))
        }
        defer { digits_png_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: size))
    }
}
