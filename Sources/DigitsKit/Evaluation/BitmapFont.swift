/// A tiny built-in bitmap font (5 pixels high) for captions in montages: digits, an arrow and a
/// few marks. Characters without a glyph are drawn as a box.
public enum BitmapFont {
    /// Glyph height in pixels.
    public static let height = 5
    /// Blank columns between characters.
    public static let spacing = 1

    /// Each glyph as rows of `#` (ink) and `.` (background), top row first.
    static let glyphs: [Character: [String]] = [
        "0": ["###", "#.#", "#.#", "#.#", "###"],
        "1": [".#.", "##.", ".#.", ".#.", "###"],
        "2": ["###", "..#", "###", "#..", "###"],
        "3": ["###", "..#", ".##", "..#", "###"],
        "4": ["#.#", "#.#", "###", "..#", "..#"],
        "5": ["###", "#..", "###", "..#", "###"],
        "6": ["###", "#..", "###", "#.#", "###"],
        "7": ["###", "..#", ".#.", ".#.", ".#."],
        "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "###"],
        // A shaft with a chevron head, 5 wide: a 3-pixel bar across the shaft read as "+".
        "→": ["..#..", "...#.", "#####", "...#.", "..#.."],
        ":": [".", "#", ".", "#", "."],
        ",": ["..", "..", "..", ".#", "#."],
        "-": ["...", "...", "###", "...", "..."],
        "/": ["..#", "..#", ".#.", "#..", "#.."],
        " ": ["..", "..", "..", "..", ".."],
    ]

    /// Drawn for characters without a glyph.
    static let unknown = ["###", "###", "###", "###", "###"]

    static func glyph(_ c: Character) -> [String] { glyphs[c] ?? unknown }

    /// The width in pixels of `text` drawn with ``draw(_:into:x:y:ink:)``.
    public static func width(of text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        return text.reduce(0) { $0 + glyph($1)[0].count } + spacing * (text.count - 1)
    }

    /// Draws `text` with its top-left corner at (`x`, `y`), setting ink pixels to `ink`; pixels
    /// outside the image are skipped.
    public static func draw(_ text: String, into image: inout GrayImage, x: Int, y: Int, ink: Float = 1) {
        var left = x
        for c in text {
            let rows = glyph(c)
            for (dy, row) in rows.enumerated() {
                for (dx, mark) in row.enumerated() where mark == "#" {
                    let px = left + dx, py = y + dy
                    if px >= 0, py >= 0, px < image.width, py < image.height { image[px, py] = ink }
                }
            }
            left += rows[0].count + spacing
        }
    }
}
