/// `v` clamped to [0, 1] and rounded to the nearest of the levels 0…`maxval` (a grey level, a
/// colour channel): the one rule the PGM writer, the classifier and the SVG colours share.
func quantized<F: BinaryFloatingPoint>(_ v: F, maxval: Int) -> Int {
    Int((min(max(v, 0), 1) * F(maxval)).rounded())
}
