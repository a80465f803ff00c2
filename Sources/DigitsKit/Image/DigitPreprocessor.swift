/// Turns a greyscale picture of one digit into the 28×28 input an MNIST network expects, the way
/// MNIST itself was made.
///
/// Steps: (1) decide whether the picture is dark ink on light paper and if so invert it (by the
/// median of the border pixels, or as told); (2) subtract the background level (that median) and
/// stretch so the darkest ink is 1; (3) find the bounding box of the ink (samples above
/// ``inkThreshold``, so faint noise does not stretch it); (4) scale that box, with a one-pixel
/// margin, so its longer side is 20 pixels, keeping the aspect ratio, with anti-aliasing (area
/// averaging when shrinking, bilinear interpolation when enlarging), and bring the brightest
/// sample back to 1; (5) place it in a 28×28 image
/// shifted by whole pixels so that its centre of mass falls on pixel (14, 14), as MNIST did.
///
/// A digit that is already MNIST-style (28×28, white on black, 20-pixel box, centred) comes
/// through nearly unchanged.
public struct DigitPreprocessor: Sendable {
    /// Whether to invert the picture (ink must end up bright on a dark background).
    public enum Inversion: String, Sendable, CaseIterable {
        /// Invert when the border is mostly light (dark ink on light paper).
        case auto
        /// Always invert.
        case yes
        /// Never invert.
        case no
    }

    /// The output side (MNIST: 28).
    public static let side = 28
    /// The side of the box the digit is scaled to fit (MNIST: 20).
    public static let box = 20

    public var inversion: Inversion
    /// Samples (after inversion and background removal, in [0, 1]) above this count as ink
    /// for the bounding box.
    public var inkThreshold: Float
    /// The least difference between the brightest ink and the background for a picture to
    /// hold a digit at all.
    public var minimumContrast: Float

    public init(inversion: Inversion = .auto, inkThreshold: Float = 0.1, minimumContrast: Float = 0.1) {
        self.inversion = inversion
        self.inkThreshold = inkThreshold
        self.minimumContrast = minimumContrast
    }

    /// A preprocessed digit and what was done to get it.
    public struct Result: Equatable, Sendable {
        /// The 28×28 network input, ink 1 on background 0.
        public var image: GrayImage
        /// Whether the picture was inverted.
        public var inverted: Bool
        /// The background level found (median of the border, after any inversion), in [0, 1].
        public var background: Float
    }

    /// `picture` made ink-light-on-dark as ``inversion`` says (`auto`: when its border is light),
    /// and whether it was inverted.
    func invertedIfAsked(_ picture: GrayImage) -> (image: GrayImage, inverted: Bool) {
        let inverted: Bool
        switch inversion {
        case .yes: inverted = true
        case .no: inverted = false
        case .auto: inverted = DigitPreprocessor.borderMedian(picture) > 0.5
        }
        var image = picture
        if inverted { for i in image.pixels.indices { image.pixels[i] = 1 - image.pixels[i] } }
        return (image, inverted)
    }

    /// Preprocesses `picture` (samples in [0, 1], 0 black).
    ///
    /// - Throws: ``PreprocessError/noInk(contrast:)`` when nothing stands out from the background.
    public func process(_ picture: GrayImage) throws -> Result {
        guard picture.width > 0, picture.height > 0 else { throw PreprocessError.noInk(contrast: 0) }
        var (image, inverted) = invertedIfAsked(picture)

        // Background removal and contrast stretch: background → 0, brightest ink → 1.
        let background = DigitPreprocessor.borderMedian(image)
        let peak = image.pixels.max() ?? 0
        let contrast = peak - background
        guard contrast >= minimumContrast else { throw PreprocessError.noInk(contrast: contrast, inversion: inversion) }
        let gain = 1 / contrast
        for i in image.pixels.indices { image.pixels[i] = min(max((image.pixels[i] - background) * gain, 0), 1) }

        guard let ink = DigitPreprocessor.inkBox(image, threshold: inkThreshold) else {
            throw PreprocessError.noInk(contrast: contrast, inversion: inversion)
        }
        // Scale so the ink's longer side becomes `box`. The side is measured to a fraction of a
        // pixel (see `edges`), so an enlarged or blurred copy of a digit is scaled back to the
        // same size as the digit itself. When shrinking (or copying), one output pixel of margin
        // around the ink keeps the faint anti-aliased edge the threshold left out; when
        // enlarging there is no such edge to keep.
        let longSide = max(ink.width, ink.height)
        let window = max(0, Int((Float(longSide) / Float(DigitPreprocessor.box)).rounded()) - 1)
        let columns = DigitPreprocessor.edges(DigitPreprocessor.profile(image, ink, alongX: true),
                                              from: ink.x, to: ink.x + ink.width - 1, window: window)
        let rows = DigitPreprocessor.edges(DigitPreprocessor.profile(image, ink, alongX: false),
                                           from: ink.y, to: ink.y + ink.height - 1, window: window)
        let spanX = columns.end - columns.start, spanY = rows.end - rows.start
        let scale = Float(DigitPreprocessor.box) / max(spanX, spanY)
        let margin: Float = scale > 1 ? 0 : 1
        let outW = max(1, Int((spanX * scale).rounded()) + 2 * Int(margin))
        let outH = max(1, Int((spanY * scale).rounded()) + 2 * Int(margin))
        var scaled = DigitPreprocessor.resize(image, originX: columns.start - margin / scale,
                                              originY: rows.start - margin / scale,
                                              step: 1 / scale, width: outW, height: outH)
        // Averaging thin strokes dims them; bring the brightest ink back to 1.
        if let top = scaled.pixels.max(), top > 0, top < 1 {
            for i in scaled.pixels.indices { scaled.pixels[i] = min(scaled.pixels[i] / top, 1) }
        }
        return Result(image: DigitPreprocessor.centre(scaled), inverted: inverted, background: background)
    }

    // MARK: Steps

    /// The median of the pixels on the image's outer edge.
    static func borderMedian(_ image: GrayImage) -> Float {
        var border: [Float] = []
        let w = image.width, h = image.height
        for x in 0..<w {
            border.append(image[x, 0])
            if h > 1 { border.append(image[x, h - 1]) }
        }
        if h > 2 {
            for y in 1..<(h - 1) {
                border.append(image[0, y])
                if w > 1 { border.append(image[w - 1, y]) }
            }
        }
        border.sort()
        return border[border.count / 2]
    }

    /// The smallest rectangle holding every sample above `threshold`, or nil.
    static func inkBox(_ image: GrayImage, threshold: Float) -> (x: Int, y: Int, width: Int, height: Int)? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y] > threshold {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return nil }
        return (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }

    /// The brightest sample of each column (`alongX`) or row within `box`, indexed by column
    /// (row) over the whole image, 0 outside the box.
    static func profile(_ image: GrayImage, _ box: (x: Int, y: Int, width: Int, height: Int), alongX: Bool) -> [Float] {
        var p = [Float](repeating: 0, count: alongX ? image.width : image.height)
        for y in box.y ..< box.y + box.height {
            for x in box.x ..< box.x + box.width {
                let i = alongX ? x : y
                p[i] = max(p[i], image[x, y])
            }
        }
        return p
    }

    /// Where the ink starts and ends along one axis, in pixel-edge coordinates (pixel i covers
    /// [i, i+1)), to a fraction of a pixel: the point where the profile, interpolated linearly
    /// between pixel centres and taken as 0 outside the ink box `first...last`, crosses half the
    /// height of the edge (the brightest value within `window` pixels inside the box).
    ///
    /// For a sharp digit (the first ink pixel next to background) this is exactly the box edge;
    /// for an enlarged and interpolated copy it is the edge the original pixels had.
    static func edges(_ p: [Float], from first: Int, to last: Int, window: Int) -> (start: Float, end: Float) {
        func value(_ i: Int) -> Float { i >= first && i <= last ? p[i] : 0 }
        // Start: the first sample reaching half the edge height and the one before it; the
        // crossing between their centres (i → i + 0.5 in edge coordinates).
        let leftPeak = (first ... min(first + window, last)).map(value).max() ?? 0
        var c = first
        while c < last, value(c) < leftPeak / 2 { c += 1 }
        let before = value(c - 1)
        let start = Float(c - 1) + (leftPeak / 2 - before) / max(value(c) - before, .leastNormalMagnitude) + 0.5
        // End: the mirror image.
        let rightPeak = (max(last - window, first) ... last).map(value).max() ?? 0
        var d = last
        while d > first, value(d) < rightPeak / 2 { d -= 1 }
        let after = value(d + 1)
        let end = Float(d + 1) - (rightPeak / 2 - after) / max(value(d) - after, .leastNormalMagnitude) + 0.5
        return (start, max(end, start + 1))
    }

    /// Resamples the region of `image` starting at (`originX`, `originY`) (pixel-edge
    /// coordinates; may be fractional or outside the image, which counts as background) with
    /// `step` source pixels per output pixel into `width`×`height`: area averaging when
    /// shrinking (step > 1), bilinear interpolation otherwise. Each axis on its own.
    static func resize(_ image: GrayImage, originX: Float, originY: Float, step: Float, width: Int, height: Int) -> GrayImage {
        // Rows first: height_in lines of image.width samples → height_in × width.
        let rows = resample(image.pixels, count: image.width, lines: image.height, stride: 1,
                            lineStride: image.width, origin: originX, step: step, to: width)
        // Then columns: `width` lines of height_in samples → laid out [x * height + y].
        let cols = resample(rows, count: image.height, lines: width, stride: width,
                            lineStride: 1, origin: originY, step: step, to: height)
        var out = GrayImage(width: width, height: height)
        for x in 0..<width {
            for y in 0..<height { out[x, y] = cols[x * height + y] }
        }
        return out
    }

    /// Resamples `lines` sequences of `count` samples (sample k of line l at
    /// `l*lineStride + k*stride`; 0 outside 0..<count) to `target` samples each, output sample k
    /// covering [origin + k·step, origin + (k+1)·step); the result is line-major (`l*target + k`).
    private static func resample(_ src: [Float], count: Int, lines: Int, stride: Int, lineStride: Int,
                                 origin: Float, step: Float, to target: Int) -> [Float] {
        var out = [Float](repeating: 0, count: lines * target)
        for l in 0..<lines {
            let base = l * lineStride
            func sample(_ i: Int) -> Float { i >= 0 && i < count ? src[base + i * stride] : 0 }
            for k in 0..<target {
                var v: Float = 0
                if step > 1 {
                    // Area average over the source interval [a, b).
                    let a = origin + Float(k) * step, b = a + step
                    var i = Int(a.rounded(.down))
                    while Float(i) < b {
                        let overlap = min(b, Float(i + 1)) - max(a, Float(i))
                        if overlap > 0 { v += sample(i) * overlap }
                        i += 1
                    }
                    v /= step
                } else {
                    // Bilinear at the output pixel's centre, in source centre coordinates.
                    let p = origin + (Float(k) + 0.5) * step - 0.5
                    let i = Int(p.rounded(.down)), f = p - Float(i)
                    v = f == 0 ? sample(i) : sample(i) * (1 - f) + sample(i + 1) * f
                }
                out[l * target + k] = v
            }
        }
        return out
    }

    /// Places `digit` in a 28×28 image, shifted by whole pixels so its centre of mass lands on
    /// (14, 14) (pixel indices, rounded as MNIST did), its ink kept inside the frame.
    static func centre(_ digit: GrayImage) -> GrayImage {
        var mass: Float = 0, mx: Float = 0, my: Float = 0
        for y in 0..<digit.height {
            for x in 0..<digit.width {
                let v = digit[x, y]
                mass += v; mx += v * Float(x); my += v * Float(y)
            }
        }
        let side = DigitPreprocessor.side
        let half = Float(side / 2)
        // Keep every non-zero sample in the frame when they fit (the empty margin may fall
        // off); otherwise centre the frame on them.
        let ink = inkBox(digit, threshold: 0) ?? (0, 0, digit.width, digit.height)
        func offset(_ centre: Float, _ first: Int, _ size: Int) -> Int {
            let ideal = Int((half - centre).rounded())
            guard size <= side else { return -first - (size - side) / 2 }
            return min(max(ideal, -first), side - size - first)
        }
        let ox = offset(mass > 0 ? mx / mass : Float(digit.width - 1) / 2, ink.x, ink.width)
        let oy = offset(mass > 0 ? my / mass : Float(digit.height - 1) / 2, ink.y, ink.height)
        var out = GrayImage(width: side, height: side)
        for y in 0..<digit.height where (0..<side).contains(y + oy) {
            for x in 0..<digit.width where (0..<side).contains(x + ox) {
                out[x + ox, y + oy] = digit[x, y]
            }
        }
        return out
    }
}

/// A picture that cannot be made into a digit.
public enum PreprocessError: DigitsError, Equatable {
    /// Nothing stands out from the background (a blank or nearly uniform picture), with the
    /// inversion that was asked for (`--invert yes` on light ink on dark leaves no ink).
    case noInk(contrast: Float, inversion: DigitPreprocessor.Inversion = .auto)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .noInk(_, .auto):
            return "no digit found: the image is blank (nothing stands out from the background; try --invert)"
        case .noInk(_, let forced):
            // The inversion was forced: the other way, or auto, is the thing to try.
            return "no digit found: nothing stands out from the background with --invert \(forced.rawValue) "
                + "(try --invert auto, which inverts only dark ink on light paper)"
        }
    }
}
