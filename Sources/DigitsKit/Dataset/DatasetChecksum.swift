import Crypto

/// Checksums of dataset files as lower-case hex: SHA-256 (recorded by training), MD5 (the
/// published values in ``DatasetSpec``).
public enum DatasetChecksum {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// Lower-case hex MD5 of `bytes`.
    public static func md5(_ bytes: [UInt8]) -> String { hex(Insecure.MD5.hash(data: bytes)) }

    /// Lower-case hex of a digest's bytes (the one hex encoder for checksums).
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
