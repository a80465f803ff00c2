extension Trainer {
    /// Trains on images distorted afresh every epoch by an ``Augmenter`` with `options` (each
    /// epoch's images made while the previous epoch trains, when ``TrainingOptions/threads``
    /// allows a second thread). The distortions depend only on the training seed,
    /// the epoch and the options, so a resumed run sees the same images as an uninterrupted one.
    /// `none` removes any augmentation. Checkpoints record the options, so a run resumed from one
    /// distorts as this one does.
    public func augment(with options: AugmentationOptions, fieldPoolSize: Int = Augmenter.defaultFieldPoolSize) {
        augmentation = options.canonical
        self.fieldPoolSize = options.kind == .elastic ? fieldPoolSize : Augmenter.defaultFieldPoolSize
        guard options.kind != .none else { distortEpoch = nil; return }
        distortEpoch = { images, epoch, seed, threads, storage in
            Augmenter(options: options, seed: seed, fieldPoolSize: fieldPoolSize)
                .distort(images, epoch: epoch, threads: threads, reusing: &storage)
        }
    }

    /// The augmenter that distorts epoch `epoch` of a run with training seed `seed` (its
    /// seed is derived from the seed's augmentation stream for that epoch): what training uses,
    /// and what a preview of a run's distortions must use.
    public static func epochAugmenter(_ options: AugmentationOptions, seed: UInt64, epoch: Int,
                                      fieldPoolSize: Int = Augmenter.defaultFieldPoolSize) -> Augmenter {
        Augmenter(options: options, seed: augmentationSeed(seed, epoch: epoch), fieldPoolSize: fieldPoolSize)
    }
}
