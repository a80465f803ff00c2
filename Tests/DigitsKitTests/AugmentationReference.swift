import Dispatch
@testable import DigitsKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distortions as they were computed before the fast path (issue 18), kept verbatim and
/// straightforward — per-pixel symmetry branches, bounds-checked arrays, the direct Gaussian
/// sums — so that ``AugmentationIdentityTests`` can hold the fast code to the same bits.
/// Do not "optimise" this file: it is the definition the fast path must match.
enum AugmentationReference {
    /// `augmenter.distort(images, epoch:)` as it was: same seeds, same draws, same arithmetic.
    static func distort(_ augmenter: Augmenter, _ images: LabeledImages, epoch: Int) -> LabeledImages {
        let options = augmenter.options
        guard options.kind != .none, images.count > 0 else { return images }
        let width = images.columns, height = images.rows, n = images.pixelsPerImage
        let epochSeed = SplitMix64.derive(augmenter.seed, stream: UInt64(truncatingIfNeeded: epoch))
        let pool = options.kind == .elastic
            ? Pool(width: width, height: height, count: augmenter.fieldPoolSize, alpha: options.elasticAlpha,
                   sigma: options.elasticSigma, seed: SplitMix64.derive(epochSeed, stream: 0xF1E1D))
            : nil
        var out = [UInt8](repeating: 0, count: images.count * n)
        images.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<images.count {
                    var rng = Xoshiro256StarStar(seed: SplitMix64.derive(epochSeed, stream: UInt64(i) + 1))
                    let map = augmenter.randomAffine(width: width, height: height, rng: &rng)
                    let field = pool.map { Choice(pool: $0, rng: &rng) }
                    warp(src.baseAddress! + i * n, into: dst.baseAddress! + i * n, width: width, height: height,
                         map: map, field: field)
                }
            }
        }
        return LabeledImages(rows: height, columns: width, pixels: out, labels: images.labels)
    }

    static func warp(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>,
                     width: Int, height: Int, map: Augmenter.AffineMap, field: Choice?) {
        let cx = Float(width - 1) / 2, cy = Float(height - 1) / 2
        for y in 0..<height {
            let qy = Float(y) - cy
            for x in 0..<width {
                let qx = Float(x) - cx
                var sx = map.a * qx + map.b * qy + cx + map.tx
                var sy = map.c * qx + map.d * qy + cy + map.ty
                if let field {
                    let (dx, dy) = field.displacement(x: x, y: y)
                    sx += dx
                    sy += dy
                }
                target[y * width + x] = bilinear(source, width: width, height: height, x: sx, y: sy)
            }
        }
    }

    static func bilinear(_ image: UnsafePointer<UInt8>, width: Int, height: Int, x: Float, y: Float) -> UInt8 {
        guard x > -1, y > -1, x < Float(width), y < Float(height) else { return 0 }
        let x0 = Int(x + 1) - 1, y0 = Int(y + 1) - 1
        let fx = x - Float(x0), fy = y - Float(y0)
        let p00, p10, p01, p11: Float
        if x0 >= 0, y0 >= 0, x0 + 1 < width, y0 + 1 < height {
            let row = image + y0 * width + x0
            p00 = Float(row[0]); p10 = Float(row[1])
            p01 = Float(row[width]); p11 = Float(row[width + 1])
        } else {
            func at(_ i: Int, _ j: Int) -> Float {
                (i >= 0 && j >= 0 && i < width && j < height) ? Float(image[j * width + i]) : 0
            }
            p00 = at(x0, y0); p10 = at(x0 + 1, y0); p01 = at(x0, y0 + 1); p11 = at(x0 + 1, y0 + 1)
        }
        let top = p00 + (p10 - p00) * fx
        let bottom = p01 + (p11 - p01) * fx
        let v = top + (bottom - top) * fy
        return UInt8(min(max(Int(v + 0.5), 0), 255))
    }

    /// The elastic field pool as it was (one thread).
    struct Pool {
        let width: Int
        let height: Int
        let count: Int
        let values: [Float]

        init(width: Int, height: Int, count: Int, alpha: Float, sigma: Float, seed: UInt64) {
            self.width = width
            self.height = height
            self.count = count
            let radius = Int((3 * sigma).rounded(.up))
            var kernel = (-radius...radius).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
            let total = kernel.reduce(0, +)
            kernel = kernel.map { $0 / total }
            let pw = width + 2 * radius, ph = height + 2 * radius
            let size = width * height
            var values = [Float](repeating: 0, count: count * 2 * size)
            var noise = [Float](repeating: 0, count: pw * ph)
            var rows = [Float](repeating: 0, count: width * ph)
            for f in 0..<(count * 2) {
                var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, stream: UInt64(f)))
                for i in 0..<noise.count { noise[i] = Float(2 * rng.nextUniform() - 1) }
                for y in 0..<ph {
                    for x in 0..<width {
                        var s: Float = 0
                        for k in 0..<kernel.count { s += kernel[k] * noise[y * pw + x + k] }
                        rows[y * width + x] = s
                    }
                }
                for y in 0..<height {
                    for x in 0..<width {
                        var s: Float = 0
                        for k in 0..<kernel.count { s += kernel[k] * rows[(y + k) * width + x] }
                        values[f * size + y * width + x] = alpha * s
                    }
                }
            }
            self.values = values
        }
    }

    /// One field of the pool under one of the 8 symmetries, drawn as it was.
    struct Choice {
        let pool: Pool
        let offset: Int
        let flipX: Bool
        let flipY: Bool
        let transpose: Bool

        init(pool: Pool, rng: inout Xoshiro256StarStar) {
            self.pool = pool
            let r = rng.nextInt(below: pool.count * 8)
            offset = (r / 8) * 2 * pool.width * pool.height
            flipX = r & 1 != 0
            flipY = r & 2 != 0
            transpose = r & 4 != 0 && pool.width == pool.height
        }

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
