import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Smoothed random displacement fields (Simard 2003): uniform noise in [−1, 1] for each pixel and
/// axis, convolved with a Gaussian of standard deviation σ, scaled by α.
///
/// The noise is drawn on a grid padded by the kernel radius and convolved "valid", so the field
/// is as strong at the border as in the middle.
struct ElasticFieldPool: Sendable {
    let width: Int
    let height: Int
    let count: Int
    /// `count` fields, each `2 × width × height` values: all dx (row-major), then all dy.
    let values: [Float]
    /// For a square pool, `values` with every plane transposed (value (i, j) of a plane at
    /// j · width + i), so that a transposed field is read along rows too; empty otherwise.
    let transposed: [Float]

    /// Draws the pool; `threads` share the fields (each field has its own generator, so the
    /// result does not depend on the thread count).
    init(width: Int, height: Int, count: Int, alpha: Float, sigma: Float, seed: UInt64, threads: Int = 1) {
        self.width = width
        self.height = height
        self.count = count
        let radius = Int((3 * sigma).rounded(.up))
        var kernel = (-radius...radius).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let pw = width + 2 * radius, ph = height + 2 * radius
        let size = width * height
        let fields = count * 2
        var values = [Float](repeating: 0, count: fields * size)
        let chunks = max(1, min(threads, fields))
        kernel.withUnsafeBufferPointer { kernel in
            values.withUnsafeMutableBufferPointer { out in
                let target = out.baseAddress!, taps = kernel.count
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let noise = UnsafeMutablePointer<Float>.allocate(capacity: pw * ph)
                    let rows = UnsafeMutablePointer<Float>.allocate(capacity: width * ph)  // after the horizontal pass
                    defer { noise.deallocate(); rows.deallocate() }
                    for f in (fields * c / chunks)..<(fields * (c + 1) / chunks) {
                        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, stream: UInt64(f)))
                        for i in 0..<(pw * ph) { noise[i] = Float(2 * rng.nextUniform() - 1) }
                        // Both passes run the tap loop outside the loop over x, so that the
                        // sums over x vectorise, but each sum still starts at 0 and adds its
                        // terms in the order k = 0..<taps: the same bits as one sum at a time.
                        // Horizontal pass: rows[y][x] = Σ_k kernel[k] · noise[y][x + k].
                        for y in 0..<ph {
                            let sums = rows + y * width, line = noise + y * pw
                            for x in 0..<width { sums[x] = 0 }
                            for k in 0..<taps {
                                let w = kernel[k], from = line + k
                                for x in 0..<width { sums[x] += w * from[x] }
                            }
                        }
                        // Vertical pass, scaled by α.
                        for y in 0..<height {
                            let sums = target + f * size + y * width
                            for x in 0..<width { sums[x] = 0 }
                            for k in 0..<taps {
                                let w = kernel[k], from = rows + (y + k) * width
                                for x in 0..<width { sums[x] += w * from[x] }
                            }
                            for x in 0..<width { sums[x] = alpha * sums[x] }
                        }
                    }
                }
            }
        }
        self.values = values
        transposed = width == height ? Self.transposingPlanes(values, side: width) : []
    }

    /// `values` with each side × side plane transposed.
    private static func transposingPlanes(_ values: [Float], side: Int) -> [Float] {
        let size = side * side
        return [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { values in
                for plane in stride(from: 0, to: values.count, by: size) {
                    for i in 0..<side {
                        for j in 0..<side { (out.baseAddress! + plane + j * side + i).initialize(to: values[plane + i * side + j]) }
                    }
                }
            }
            initialized = values.count
        }
    }

    /// One field of the pool under one of the symmetries of the square, chosen at random.
    struct Choice {
        let pool: ElasticFieldPool
        let offset: Int
        let flipX: Bool
        let flipY: Bool
        let transpose: Bool

        init(pool: ElasticFieldPool, rng: inout Xoshiro256StarStar) {
            self.pool = pool
            let r = rng.nextInt(below: pool.count * 8)
            offset = (r / 8) * 2 * pool.width * pool.height
            flipX = r & 1 != 0
            flipY = r & 2 != 0
            transpose = r & 4 != 0 && pool.width == pool.height
        }

        /// Adds the displacement at each output pixel to the source coordinates `x` and `y`
        /// (width × height each, row-major): dx to x, dy to y.
        ///
        /// Pixel (x, y) takes the field at (i, j) = (x or width − 1 − x, y or height − 1 − y),
        /// transposed to (j, i) when `transpose` (with dx and dy swapped), then dx negated for
        /// flipX and dy for flipY. A transposed field is read from the pool's transposed planes,
        /// so every output row reads one row of a plane, forwards or (flipX) backwards: two loops
        /// without a branch or a stride, which vectorise. A negation is a flip of the sign bit,
        /// exactly what `-dx` does.
        func addDisplacement(x sx: UnsafeMutablePointer<Float>, y sy: UnsafeMutablePointer<Float>) {
            let width = pool.width, height = pool.height, size = width * height
            let signX: UInt32 = flipX ? 0x8000_0000 : 0, signY: UInt32 = flipY ? 0x8000_0000 : 0
            let planes = transpose ? pool.transposed : pool.values
            planes.withUnsafeBufferPointer { planes in
                let planeX = planes.baseAddress! + offset, planeY = planeX + size
                // A transposed field's dx is the transpose of its dy plane, and the other way round.
                let (alongX, alongY) = transpose ? (planeY, planeX) : (planeX, planeY)
                for y in 0..<height {
                    let row = (flipY ? height - 1 - y : y) * width
                    let fieldX = alongX + row, fieldY = alongY + row
                    let rowX = sx + y * width, rowY = sy + y * width
                    if flipX {
                        // i = width − 1 − x: the plane's row read from its end.
                        let lastX = fieldX + (width - 1), lastY = fieldY + (width - 1)
                        for x in 0..<width {
                            rowX[x] += Float(bitPattern: (lastX - x).pointee.bitPattern ^ signX)
                            rowY[x] += Float(bitPattern: (lastY - x).pointee.bitPattern ^ signY)
                        }
                    } else {
                        for x in 0..<width {
                            rowX[x] += Float(bitPattern: fieldX[x].bitPattern ^ signX)
                            rowY[x] += Float(bitPattern: fieldY[x].bitPattern ^ signY)
                        }
                    }
                }
            }
        }
    }
}
