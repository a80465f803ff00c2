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
        var none: [UInt8] = []
        return distort(images, picking: nil, epoch: epoch, threads: threads, reusing: &none)
    }

    /// ``distort(_:epoch:threads:)`` made in `storage` when it has the right size (taken then,
    /// leaving `storage` empty; storage of another size is left as it is). A run's epochs take
    /// turns in two buffers this way, instead of mapping, faulting in and unmapping tens of
    /// megabytes every epoch. The same bytes either way.
    func distort(_ images: LabeledImages, epoch: Int, threads: Int, reusing storage: inout [UInt8]) -> LabeledImages {
        distort(images, picking: nil, epoch: epoch, threads: threads, reusing: &storage)
    }

    /// Images `indices` of `images` distorted exactly as ``distort(_:epoch:threads:)`` distorts
    /// them in the whole set (each image's distortion depends on its index there).
    public func distort(_ images: LabeledImages, picking indices: [Int], epoch: Int) -> LabeledImages {
        var none: [UInt8] = []
        return distort(images, picking: indices, epoch: epoch, threads: 1, reusing: &none)
    }

    private func distort(_ images: LabeledImages, picking indices: [Int]?, epoch: Int, threads: Int,
                         reusing storage: inout [UInt8]) -> LabeledImages {
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
        let chunks = max(1, min(threads, count))
        var out: [UInt8] = []
        if storage.count == count * n {
            swap(&out, &storage)  // unshared, unless the caller still holds it (then a write copies it)
        } else {
            // Every byte is written by a warp below, so the array is not zeroed first.
            out = [UInt8](unsafeUninitializedCapacity: count * n) { _, initialized in initialized = count * n }
        }
        out.withUnsafeMutableBufferPointer { dst in
            images.pixels.withUnsafeBufferPointer { src in
                let source = src.baseAddress!, target = dst.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = count * c / chunks, hi = count * (c + 1) / chunks
                    let buffers = WarpBuffers(width: width, height: height)
                    for k in lo..<hi {
                        let i = indices?[k] ?? k  // the image's index in the whole set seeds its distortion
                        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(epochSeed, stream: UInt64(i) + 1))
                        let map = randomAffine(width: width, height: height, rng: &rng)
                        let field = pool.map { ElasticFieldPool.Choice(pool: $0, rng: &rng) }
                        warp(source + i * n, into: target + k * n, width: width, height: height,
                             map: map, field: field, buffers: buffers)
                    }
                }
            }
        }
        return LabeledImages(rows: height, columns: width, pixels: out, labels: indices.map { $0.map { images.labels[$0] } } ?? images.labels)
    }

    /// An affine map from output to source coordinates (about the image centre): a 2×2 matrix
    /// (rotation · shear · scale · mirror) and a shift.
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
        // Drawn last, and only when asked for, so that every other draw (and so every image
        // distorted without it) is as before.
        let mirrored = options.flipHorizontal && rng.nextUniform() < 0.5
        let cosT = cosf(theta), sinT = sinf(theta)
        // [cos −sin; sin cos] · [1 shear; 0 1] · [sx 0; 0 sy] · [m 0; 0 1], m = −1 when mirrored:
        // the output's x is negated before the rest of the map, so only the first column flips.
        let m: Float = mirrored ? -1 : 1
        return AffineMap(a: cosT * sx * m, b: (cosT * shear - sinT) * sy,
                         c: sinT * sx * m, d: (sinT * shear + cosT) * sy, tx: tx, ty: ty)
    }
}
