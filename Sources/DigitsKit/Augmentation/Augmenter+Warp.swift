extension Augmenter {
    /// One thread's working memory for ``warp(_:into:width:height:map:field:buffers:)``: the
    /// source image with a one-pixel border of zeros, and the source coordinates of every output
    /// pixel. Made once per thread and reused for every image it warps.
    final class WarpBuffers {
        let width: Int
        let height: Int
        /// (width + 2) × (height + 2) bytes: the image at (1, 1), background (0) around it, so
        /// that the four taps of any sample inside (−1, width) × (−1, height) can be read
        /// without a bounds check: a tap outside the image reads the border's 0, exactly the
        /// value the bounds-checked sampling gave it.
        let padded: UnsafeMutablePointer<UInt8>
        /// width × height source coordinates (x, y) of the output pixels, row-major.
        let sx: UnsafeMutablePointer<Float>
        let sy: UnsafeMutablePointer<Float>
        /// a·qx and c·qx for each column (qx = x − centre): the same products for every row.
        let aq: UnsafeMutablePointer<Float>
        let cq: UnsafeMutablePointer<Float>

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            padded = .allocate(capacity: (width + 2) * (height + 2))
            padded.initialize(repeating: 0, count: (width + 2) * (height + 2))
            sx = .allocate(capacity: width * height)
            sy = .allocate(capacity: width * height)
            aq = .allocate(capacity: width)
            cq = .allocate(capacity: width)
        }

        deinit {
            padded.deallocate()
            sx.deallocate()
            sy.deallocate()
            aq.deallocate()
            cq.deallocate()
        }
    }

    /// Resamples one image: output pixel p takes the bilinear sample of the source at
    /// M(p − centre) + centre + shift + displacement(p); outside the source is background (0).
    /// (Allocates its buffers; ``distort(_:epoch:threads:)`` passes one thread's.)
    func warp(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>,
              width: Int, height: Int, map: AffineMap, field: ElasticFieldPool.Choice?) {
        warp(source, into: target, width: width, height: height, map: map, field: field,
             buffers: WarpBuffers(width: width, height: height))
    }

    /// ``warp(_:into:width:height:map:field:)`` with a thread's buffers (`buffers.width` and
    /// `.height` must be the image's).
    ///
    /// Bit-identical to sampling pixel by pixel (the test target keeps that reference): every
    /// coordinate is computed with the same operands in the same order, and the branches that
    /// are fixed per image (is there a field, its symmetry) are taken once per image.
    func warp(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>,
              width: Int, height: Int, map: AffineMap, field: ElasticFieldPool.Choice?, buffers: WarpBuffers) {
        precondition(buffers.width == width && buffers.height == height, "warp buffers of another size")
        let cx = Float(width - 1) / 2, cy = Float(height - 1) / 2
        let aq = buffers.aq, cq = buffers.cq, sx = buffers.sx, sy = buffers.sy
        for x in 0..<width {
            let qx = Float(x) - cx
            aq[x] = map.a * qx
            cq[x] = map.c * qx
        }
        for y in 0..<height {
            let qy = Float(y) - cy
            let bq = map.b * qy, dq = map.d * qy
            let rowX = sx + y * width, rowY = sy + y * width
            for x in 0..<width {
                // Exactly ((a·qx + b·qy) + cx) + tx, as a·qx + b·qy + cx + tx evaluates (Swift
                // neither reassociates nor fuses float operations): the same bits.
                rowX[x] = aq[x] + bq + cx + map.tx
                rowY[x] = cq[x] + dq + cy + map.ty
            }
        }
        field?.addDisplacement(x: sx, y: sy)
        let stride = width + 2
        for y in 0..<height {
            (buffers.padded + (y + 1) * stride + 1).update(from: source + y * width, count: width)
        }
        let padded = UnsafePointer(buffers.padded)
        for p in 0..<(width * height) {
            target[p] = Augmenter.bilinear(padded: padded, width: width, height: height, x: sx[p], y: sy[p])
        }
    }

    /// The bilinear sample at (x, y) of a byte image stored with a one-pixel border of zeros
    /// (``WarpBuffers/padded``), 0 outside, rounded to a byte.
    ///
    /// Hot loop (every pixel of every image, every epoch): floor and rounding are done by
    /// integer conversion (x > −1 here, so Int(x + 1) − 1 is ⌊x⌋; v ≥ 0, so Int(v + 0.5) rounds
    /// it) because `rounded()` is a libm call on baseline x86-64; the zero border makes the taps
    /// at the edge read 0 without a branch. Keep the arithmetic as it is: trained networks'
    /// bits depend on it (GoldenTrajectoryTests, AugmentationIdentityTests).
    @inline(__always)
    static func bilinear(padded image: UnsafePointer<UInt8>, width: Int, height: Int, x: Float, y: Float) -> UInt8 {
        guard x > -1, y > -1, x < Float(width), y < Float(height) else { return 0 }
        let x0 = Int(x + 1) - 1, y0 = Int(y + 1) - 1
        let fx = x - Float(x0), fy = y - Float(y0)
        let stride = width + 2
        let row = image + (y0 + 1) * stride + (x0 + 1)
        let p00 = Float(row[0]), p10 = Float(row[1])
        let p01 = Float(row[stride]), p11 = Float(row[stride + 1])
        let top = p00 + (p10 - p00) * fx
        let bottom = p01 + (p11 - p01) * fx
        let v = top + (bottom - top) * fy
        return UInt8(min(max(Int(v + 0.5), 0), 255))
    }
}
