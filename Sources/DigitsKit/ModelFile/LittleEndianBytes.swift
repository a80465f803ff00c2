/// Appends little-endian integers and floats to a byte array (public for the exporters in
/// DigitsInterop, which write the same little-endian Float32 tensors).
public struct LittleEndianWriter {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    public mutating func f32(_ v: Float) { u32(v.bitPattern) }
    public mutating func f64(_ v: Double) { u64(v.bitPattern) }
    public mutating func append<C: Collection>(_ c: C) where C.Element == UInt8 { bytes += c }

    /// Appends every value of `values` as little-endian Float32 (the bulk of a model file).
    public mutating func f32s(_ values: [Float]) {
        values.withUnsafeBufferPointer { f32s($0) }
    }

    /// Appends every value of `values` as little-endian Float32.
    public mutating func f32s(_ values: UnsafeBufferPointer<Float>) {
        #if _endian(little)
        bytes += UnsafeRawBufferPointer(values)
        #else
        for v in values { f32(v) }
        #endif
    }
}

/// Little-endian loads from a byte array at offsets the caller has already bounds-checked.
extension Array where Element == UInt8 {
    func u16LE(at i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func u32LE(at i: Int) -> UInt32 {
        UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16 | UInt32(self[i + 3]) << 24
    }
    func u64LE(at i: Int) -> UInt64 { UInt64(u32LE(at: i)) | UInt64(u32LE(at: i + 4)) << 32 }
    /// The Float32 whose little-endian bits start at `i`.
    func f32LE(at i: Int) -> Float { Float(bitPattern: u32LE(at: i)) }
}
