extension Augmenter {
    /// Tiles to look at the distortions: for the first example of each class in `images` (up
    /// to `examples` of them), the original captioned with its label, then its distortions in
    /// epochs 1…`variants` captioned "→1", "→2", … (the caption font has digits and a few signs
    /// only) — one row per example when laid out `variants + 1` columns wide
    /// (``Montage/build(_:columns:scale:)``). Each is the very image `distort` makes of that
    /// example in the whole of `images`; `augmenter(epoch)` gives the augmenter of each epoch
    /// (default: this one; a training run's are ``Trainer/epochAugmenter(_:seed:epoch:fieldPoolSize:)``).
    public func previewTiles(_ images: LabeledImages, examples: Int = 10, variants: Int = 7,
                             augmenter: ((Int) -> Augmenter)? = nil) -> [MontageTile] {
        var chosen: [Int] = []
        var seen = Set<UInt8>()
        for i in 0..<images.count where chosen.count < examples && seen.insert(images.labels[i]).inserted {
            chosen.append(i)
        }
        let originals = LabeledImages(rows: images.rows, columns: images.columns,
                                      pixels: chosen.flatMap { images.image($0) }, labels: chosen.map { images.labels[$0] })
        let distorted = (0..<max(0, variants)).map { v in
            (augmenter?(v + 1) ?? self).distort(images, picking: chosen, epoch: v + 1)
        }
        var tiles: [MontageTile] = []
        for row in 0..<originals.count {
            tiles.append(MontageTile(originals, index: row, caption: String(originals.labels[row])))
            for (v, set) in distorted.enumerated() { tiles.append(MontageTile(set, index: row, caption: "→\(v + 1)")) }
        }
        return tiles
    }
}
