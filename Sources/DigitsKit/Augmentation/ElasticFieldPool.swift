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
        values.withUnsafeMutableBufferPointer { out in
            let target = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var noise = [Float](repeating: 0, count: pw * ph)
                var rows = [Float](repeating: 0, count: width * ph)  // after the horizontal pass
                for f in (fields * c / chunks)..<(fields * (c + 1) / chunks) {
                    var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, stream: UInt64(f)))
                    for i in 0..<noise.count { noise[i] = Float(2 * rng.nextUniform() - 1) }
                    // Horizontal pass: rows[y][x] = Σ_k kernel[k] · noise[y][x + k].
                    for y in 0..<ph {
                        for x in 0..<width {
                            var s: Float = 0
                            for k in 0..<kernel.count { s += kernel[k] * noise[y * pw + x + k] }
                            rows[y * width + x] = s
                        }
                    }
                    // Vertical pass, scaled by α.
                    let base = f * size
                    for y in 0..<height {
                        for x in 0..<width {
                            var s: Float = 0
                            for k in 0..<kernel.count { s += kernel[k] * rows[(y + k) * width + x] }
                            target[base + y * width + x] = alpha * s
                        }
                    }
                }
            }
        }
        self.values = values
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

        /// The displacement (dx, dy) at output pixel (x, y).
        @inline(__always)
        func displacement(x: Int, y: Int) -> (Float, Float) {
            var i = flipX ? pool.width - 1 - x : x
            var j = flipY ? pool.height - 1 - y : y
            if transpose { swap(&i, &j) }
            let size = pool.width * pool.height
            var dx = pool.values[offset + j * pool.width + i]
            var dy = pool.values[offset + size + j * pool.width + i]
            if transpose { swap(&dx, &dy) }
            return (flipX ? -dx : dx, flipY ? -dy : dy)
        }
    }
}
