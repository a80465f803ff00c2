import ArgumentParser
import DigitsKit
import Foundation

extension Train {
    /// `--preview-augment FILE.pgm` (or FILE.png): a montage of distorted training digits, one row per class
    /// (the original, then its distortions in epochs 1…7), enlarged `--preview-scale` times (2 by
    /// default), ink dark on white.
    static let previewNeedsDistortions = "--preview-augment needs distortions: give --augment affine or elastic (or a recipe with them)"

    func writeAugmentationPreview(_ augmentation: AugmentationOptions, seed: UInt64, fieldPoolSize: Int,
                                  training: LabeledImages, to path: String) throws {
        guard augmentation.kind != .none else { throw ValidationError(Self.previewNeedsDistortions) }
        let variants = 7
        // The very images training will see in epochs 1…7.
        let augmenter = { epoch in Trainer.epochAugmenter(augmentation, seed: seed, epoch: epoch, fieldPoolSize: fieldPoolSize) }
        let tiles = augmenter(1).previewTiles(training, examples: 10, variants: variants, augmenter: augmenter)
        try ImageExport.writeImage(Montage.build(tiles, columns: variants + 1, scale: augmentArguments.previewScale), to: path)
        if !quiet { print("wrote \(escapedForMessage(path)): \(tiles.count / (variants + 1)) digits × \(variants) distortions, \(augmentation.summary), seed \(seed)") }
    }
}
