import CZlib
import DigitsKit
import Foundation

/// Builders for small IDX and gzip fixtures, made by the tests themselves.
public enum IDXFixtures {
    /// A raw IDX file: magic `00 00 type ndims`, big-endian dimensions, then `data`.
    public static func idx(type: UInt8 = 0x08, dimensions: [UInt32], data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for d in dimensions {
            bytes += [UInt8(d >> 24), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)]
        }
        return bytes + data
    }

    /// `count` images of `rows`×`columns` with a recognisable pattern (pixel = (i*7 + p) % 256).
    public static func pixels(count: Int, rows: Int = 28, columns: Int = 28) -> [UInt8] {
        (0..<count * rows * columns).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / (rows * columns)) }
    }

    public static func images(count: Int, rows: Int = 28, columns: Int = 28) -> [UInt8] {
        idx(dimensions: [UInt32(count), UInt32(rows), UInt32(columns)],
            data: pixels(count: count, rows: rows, columns: columns))
    }

    public static func labels(_ labels: [UInt8]) -> [UInt8] {
        idx(dimensions: [UInt32(labels.count)], data: labels)
    }

    /// `bytes` compressed as one gzip member by zlib (deflate with the gzip wrapper).
    public static func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, level, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let produced = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let r = deflate(&stream, Z_FINISH)
                precondition(r == Z_STREAM_END)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }

    /// A gzip member of `count` zero bytes, compressed in chunks (for bombs without a big buffer).
    public static func gzipZeros(_ count: Int) -> [UInt8] {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 9, Z_DEFLATED, MAX_WBITS + 16, 9, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var zeros = [UInt8](repeating: 0, count: 1 << 20)
        var out = [UInt8](repeating: 0, count: 1 << 16)
        var result: [UInt8] = []
        var left = count
        repeat {
            let n = min(left, zeros.count)
            left -= n
            let flush = left == 0 ? Z_FINISH : Z_NO_FLUSH
            zeros.withUnsafeMutableBufferPointer { z in
                stream.next_in = z.baseAddress
                stream.avail_in = uInt(n)
                repeat {
                    out.withUnsafeMutableBufferPointer { o in
                        stream.next_out = o.baseAddress
                        stream.avail_out = uInt(o.count)
                        _ = deflate(&stream, flush)
                        result += o[..<(o.count - Int(stream.avail_out))]
                    }
                } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
            }
        } while left > 0
        return result
    }

    /// Writes `bytes` to `directory/name`.
    public static func write(_ bytes: [UInt8], to directory: String, _ name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// Writes a small valid dataset (MNIST file names) to `directory`: `train` training and
    /// `test` test examples; training files gzipped, test files raw (both must work).
    public static func writeDataset(to directory: String, train: Int = 30, test: Int = 10,
                             rows: Int = 28, columns: Int = 28) throws {
        let spec = DatasetSpec.mnist
        try write(gzip(images(count: train, rows: rows, columns: columns)), to: directory, spec.trainImages.name)
        try write(gzip(labels((0..<train).map { UInt8($0 % 10) })), to: directory, spec.trainLabels.name)
        try write(images(count: test, rows: rows, columns: columns), to: directory, spec.testImages.name)
        try write(labels((0..<test).map { UInt8(9 - $0 % 10) }), to: directory, spec.testLabels.name)
    }
}
