import CKernels

extension Augmenter {
    /// One thread's working memory for ``warp(_:into:width:height:map:field:buffers:)``: the
    /// source image with a one-pixel border of zeros, and the source coordinates of every output
    /// pixel. Made once per thread and reused for every image it warps.
    final class WarpBuffers {
        let width: Int
        let height: Int
        /// (width + 2) × (height + 2) bytes and 4 more: the image at (1, 1), background (0)
        /// around it, so that the four taps of any sample inside (−1, width) × (−1, height) can
        /// be read without a bounds check: a tap outside the image reads the border's 0, exactly
        /// the value the bounds-checked sampling gave it (the 4 bytes after: the vector loop's
        /// 32-bit reads).
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
            padded = .allocate(capacity: (width + 2) * (height + 2) + 4)
            padded.initialize(repeating: 0, count: (width + 2) * (height + 2) + 4)
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
        // The bilinear samples, rounded to bytes (CKernels: the same arithmetic as the
        // per-pixel Swift it replaced, vectorised where the CPU has AVX2).
        digits_bilinear_bytes(buffers.padded, Int32(width), Int32(height), sx, sy, width * height, target)
    }
}
