import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distorts training images afresh each epoch: a random affine map per image and, for
/// ``AugmentationKind/elastic``, Simard's elastic displacement, resampled bilinearly.
///
/// Reproducible: the result depends only on the seed, the epoch and the options — not on the
/// number of threads — because every image draws from its own generator, seeded from
/// (seed, epoch, index). Labels are kept; pixels stay bytes (0…255).
public struct Augmenter: Sendable {
    public let options: AugmentationOptions
    public let seed: UInt64

    /// Elastic fields drawn per epoch; each image takes one of them under one of the 8 symmetries
    /// of the square (flips and transposition keep the field's statistics), so an epoch has
    /// 8 × this many distinct fields for a fraction of the cost of one field per image.
    public let fieldPoolSize: Int

    /// The pool size used unless another is given.
    public static let defaultFieldPoolSize = 512
    /// The largest pool accepted (larger requests are clamped).
    public static let maxFieldPoolSize = 1 << 16

    public init(options: AugmentationOptions, seed: UInt64, fieldPoolSize: Int = Augmenter.defaultFieldPoolSize) {
        self.options = options
        self.seed = seed
        self.fieldPoolSize = min(max(1, fieldPoolSize), Augmenter.maxFieldPoolSize)
    }

    /// A distorted copy of `images` for `epoch` (the images themselves when the kind is `none`).
    /// - Parameter threads: how many threads share the work (≥ 1); the result does not depend on it.
    public func distort(_ images: LabeledImages, epoch: Int, threads: Int = 2) -> LabeledImages {
        distort(images, picking: nil, epoch: epoch, threads: threads)
    }

    /// Images `indices` of `images` distorted exactly as ``distort(_:epoch:threads:)`` distorts
    /// them in the whole set (each image's distortion depends on its index there).
    public func distort(_ images: LabeledImages, picking indices: [Int], epoch: Int) -> LabeledImages {
        distort(images, picking: indices, epoch: epoch, threads: 1)
    }

    private func distort(_ images: LabeledImages, picking indices: [Int]?, epoch: Int, threads: Int) -> LabeledImages {
        precondition(indices?.allSatisfy { $0 >= 0 && $0 < images.count } ?? true, "image index out of range")
        guard options.kind != .none, images.count > 0 else {
            return indices.map { picked in
                LabeledImages(rows: images.rows, columns: images.columns, pixels: picked.flatMap { images.image($0) },
                              labels: picked.map { images.labels[$0] })
            } ?? images
        }
        let width = images.columns, height = images.rows, n = images.pixelsPerImage
        let count = indices?.count ?? images.count
        let epochSeed = SplitMix64.derive(seed, stream: UInt64(truncatingIfNeeded: epoch))
        let pool = options.kind == .elastic
            ? ElasticFieldPool(width: width, height: height, count: fieldPoolSize,
                               alpha: options.elasticAlpha, sigma: options.elasticSigma,
                               seed: SplitMix64.derive(epochSeed, stream: 0xF1E1D), threads: max(1, threads))
            : nil
        var out = [UInt8](repeating: 0, count: count * n)
        let chunks = max(1, min(threads, count))
        images.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let source = src.baseAddress!, target = dst.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = count * c / chunks, hi = count * (c + 1) / chunks
                    for k in lo..<hi {
                        let i = indices?[k] ?? k  // the image's index in the whole set seeds its distortion
                        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(epochSeed, stream: UInt64(i) + 1))
                        let map = randomAffine(width: width, height: height, rng: &rng)
                        let field = pool.map { ElasticFieldPool.Choice(pool: $0, rng: &rng) }
                        warp(source + i * n, into: target + k * n, width: width, height: height,
                             map: map, field: field)
                    }
                }
            }
        }
        return LabeledImages(rows: height, columns: width, pixels: out, labels: indices.map { $0.map { images.labels[$0] } } ?? images.labels)
    }

    /// An affine map from output to source coordinates (about the image centre): a 2×2 matrix
    /// (rotation · shear · scale) and a shift.
    struct AffineMap {
        var a, b, c, d: Float
        var tx, ty: Float
    }

    func randomAffine(width: Int, height: Int, rng: inout Xoshiro256StarStar) -> AffineMap {
        func uniform(_ bound: Float) -> Float { Float(2 * rng.nextUniform() - 1) * bound }
        let theta = uniform(options.maxRotationDegrees) * .pi / 180
        let sx = 1 + uniform(options.maxScale), sy = 1 + uniform(options.maxScale)
        let shear = uniform(options.maxShear)
        let tx = uniform(options.maxShift), ty = uniform(options.maxShift)
        let cosT = cosf(theta), sinT = sinf(theta)
        // [cos −sin; sin cos] · [1 shear; 0 1] · [sx 0; 0 sy]
        return AffineMap(a: cosT * sx, b: (cosT * shear - sinT) * sy,
                         c: sinT * sx, d: (sinT * shear + cosT) * sy, tx: tx, ty: ty)
    }

    /// Resamples one image: output pixel p takes the bilinear sample of the source at
    /// M(p − centre) + centre + shift + displacement(p); outside the source is background (0).
    func warp(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>,
              width: Int, height: Int, map: AffineMap, field: ElasticFieldPool.Choice?) {
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
                target[y * width + x] = Augmenter.bilinear(source, width: width, height: height, x: sx, y: sy)
            }
        }
    }

    /// The bilinear sample of a byte image at (x, y), 0 outside, rounded to a byte.
    ///
    /// Hot loop (every pixel of every image, every epoch): floor and rounding are done by
    /// integer conversion (x > −1 here, so Int(x + 1) − 1 is ⌊x⌋; v ≥ 0, so Int(v + 0.5) rounds
    /// it) because `rounded()` is a libm call on baseline x86-64, and the four taps are read
    /// without bounds checks when all are inside.
    @inline(__always)
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
            @inline(__always) func at(_ i: Int, _ j: Int) -> Float {
                (i >= 0 && j >= 0 && i < width && j < height) ? Float(image[j * width + i]) : 0
            }
            p00 = at(x0, y0); p10 = at(x0 + 1, y0); p01 = at(x0, y0 + 1); p11 = at(x0 + 1, y0 + 1)
        }
        let top = p00 + (p10 - p00) * fx
        let bottom = p01 + (p11 - p01) * fx
        let v = top + (bottom - top) * fy
        return UInt8(min(max(Int(v + 0.5), 0), 255))
    }
}
