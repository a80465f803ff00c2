/// The one rule that turns colour into grey and transparency into paper, shared by every reader
/// of colour images (PPM, PNG).
enum Greyscale {
    /// The luma of a colour with channels in [0, 1]: Rec. 601 weights applied to the samples as
    /// stored (no gamma conversion), the rule of netpbm's `ppmtopgm` and of most image tools.
    @inline(__always)
    static func luma(red: Float, green: Float, blue: Float) -> Float {
        min(1, 0.299 * red + 0.587 * green + 0.114 * blue)  // the weights' float sum may round above 1
    }

    /// `grey` seen with opacity `alpha` (both in [0, 1]) over white paper: a digit drawn on a
    /// transparent canvas is ink on paper.
    @inline(__always)
    static func onWhitePaper(_ grey: Float, alpha: Float) -> Float {
        min(1, grey * alpha + (1 - alpha))  // may round just above 1
    }
}
