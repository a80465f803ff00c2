import ArgumentParser
import DigitsKit

extension Train {
    static let previewNeedsDistortions = "--preview-augment needs distortions: give --augment affine or elastic (or a recipe with them)"

    /// `--preview-augment FILE.png` (or .pgm): a montage of distorted training digits, one row per
    /// class (the original, then the very distortions `trainer` applies in epochs 1…7),
    /// enlarged `--preview-scale` times, ink dark on white.
    func writeAugmentationPreview(_ trainer: Trainer, to path: String) throws {
        let augmentation = trainer.augmentation, seed = trainer.options.seed, variants = 7
        guard augmentation.kind != .none else { throw ValidationError(Self.previewNeedsDistortions) }
        let augmenter = { epoch in Trainer.epochAugmenter(augmentation, seed: seed, epoch: epoch, fieldPoolSize: trainer.fieldPoolSize) }
        let tiles = augmenter(1).previewTiles(trainer.dataset.training, examples: 10, variants: variants, augmenter: augmenter)
        try ImageExport.writeImage(Montage.build(tiles, columns: variants + 1, scale: augmentArguments.previewScale), to: path)
        if !quiet { print("wrote \(escapedForMessage(path)): \(tiles.count / (variants + 1)) digits × \(variants) distortions, \(augmentation.summary), seed \(seed)") }
    }
}
