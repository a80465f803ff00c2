extension GrayImage {
    /// The ramp from background (space) to full ink (`@`) used by ``asciiArt()``.
    public static let asciiRamp = Array(" .:-=+*#%@")

    /// The image as text, one line per row and two characters per pixel (so it looks square
    /// in a terminal): brighter samples get denser characters.
    public func asciiArt() -> [String] {
        let ramp = GrayImage.asciiRamp
        return (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                let v = min(max(self[x, y], 0), 1)
                let c = ramp[min(ramp.count - 1, Int(v * Float(ramp.count)))]
                line.append(c)
                line.append(c)
            }
            return line
        }
    }
}
