import Foundation
import Testing
@testable import DigitsKit

@Suite struct RecipeTests {
    @Test func recipesResolveToTheirDocumentedOptions() throws {
        #expect(TrainingRecipe.all.map(\.name) == ["classic", "chapter3", "best-fast", "best", "fashion"])
        let classic = try TrainingRecipe.named("classic")
        #expect(classic.hiddenLayers == [30] && classic.options.layers == [784, 30, 10])
        #expect(classic.options.cost == .quadratic && classic.options.eta == 3 && classic.options.lambda == 0)
        #expect(classic.options.batchSize == 10 && classic.options.initialization == .normal && classic.options.epochs == 30)
        #expect(classic.options == TrainingOptions(), "classic is what train does with no options")
        #expect(classic.augmentation == .none)
        let chapter3 = try TrainingRecipe.named("chapter3")
        #expect(chapter3.hiddenLayers == [100] && chapter3.options.layers == [784, 100, 10])
        #expect(chapter3.options.cost == .crossEntropy && chapter3.options.eta == 0.5 && chapter3.options.lambda == 5)
        #expect(chapter3.options.batchSize == 10 && chapter3.options.initialization == .scaled && chapter3.options.epochs == 30)
        #expect(chapter3.augmentation == .none)

        for recipe in [TrainingRecipe.bestFast, .best, .fashion] {
            let o = recipe.options
            #expect(recipe.hiddenLayers == [800] && o.layers == [784, 800, 10], "\(recipe.name)")
            #expect(o.cost == .crossEntropy && o.initialization == .scaled && o.momentum > 0 && o.lambda > 0, "\(recipe.name)")
            #expect(o.threads == TrainingOptions.defaultThreads, "\(recipe.name): every core")
            #expect(throws: Never.self) { try o.validate() }
            #expect(throws: Never.self) { try recipe.augmentation.validate() }
        }
        // The values docs/training.md ("Recipes and distortions") documents.
        let fast = TrainingRecipe.bestFast.options
        #expect(fast.batchSize == 50 && fast.eta == 0.1 && fast.momentum == 0.9 && fast.lambda == 1)
        #expect(fast.etaSchedule == .halveOnPlateau(patience: 3) && fast.epochs == 40)
        #expect(TrainingRecipe.bestFast.augmentation == .none)
        let best = TrainingRecipe.best.options
        #expect(best.batchSize == 50 && best.eta == 0.1 && best.momentum == 0.9 && best.lambda == 0.1)
        #expect(best.etaSchedule == .step(every: 60, factor: 0.5) && best.epochs == 300)
        #expect(best.centerInputs && !fast.centerInputs)
        #expect(TrainingRecipe.best.augmentation == AugmentationOptions(kind: .elastic, maxShift: 0, maxRotationDegrees: 10,
                                                                        maxScale: 0.15, maxShear: 0, elasticAlpha: 36, elasticSigma: 6))
        // Only the fashion recipe names a dataset.
        #expect(TrainingRecipe.fashion.dataset == "fashion-mnist" && DatasetSpec.named("fashion-mnist") != nil)
        var fashion = fast
        (fashion.epochs, fashion.etaSchedule) = (200, .step(every: 50, factor: 0.5))
        #expect(TrainingRecipe.fashion.options == fashion)
        // The recipes for a final network train it on every training image.
        #expect(TrainingRecipe.all.filter { $0.validationSize != nil }.map(\.name) == ["best", "fashion"])
        #expect(TrainingRecipe.best.validationSize == 0 && TrainingRecipe.fashion.validationSize == 0)
        #expect(TrainingRecipe.fashion.augmentation == AugmentationOptions(kind: .affine, maxShift: 1, maxRotationDegrees: 0,
                                                                           maxScale: 0, maxShear: 0))
        #expect(TrainingRecipe.all.filter { $0.dataset != nil }.map(\.name) == ["fashion"])
    }

    @Test func unknownRecipeNamesTheKnownOnes() {
        #expect(throws: TrainingError.badOption("unknown recipe 'fastest' (use classic, chapter3, best-fast, best, fashion)")) {
            try TrainingRecipe.named("fastest")
        }
    }

    @Test(arguments: [AugmentationOptions.none, AugmentationOptions(kind: .affine, maxShift: 1.5, maxRotationDegrees: 7),
                      AugmentationOptions(kind: .elastic, maxScale: 0.2, elasticAlpha: 20, elasticSigma: 5)])
    func augmentationMetadataRoundTrips(_ options: AugmentationOptions) throws {
        var m = Metadata()
        for (k, v) in options.metadataEntries(fieldPoolSize: 64) { m[k] = v }
        #expect(try AugmentationOptions(metadata: m) == options)
        #expect(m.augmentationFieldPoolSize == (options.kind == .elastic ? 64 : Augmenter.defaultFieldPoolSize))
        #expect(try AugmentationOptions(metadata: Metadata()) == .none)
        m[AugmentationMetadataKey.kind] = .string("swirl")
        #expect(throws: AugmentationError.self) { try AugmentationOptions(metadata: m) }
    }

    /// Distortions are drawn from (seed, epoch): training twice gives the same network, so does
    /// one thread (no epoch made ahead), a run resumed from its checkpoint ends where the
    /// uninterrupted one does, and distortions change what is learned.
    @Test(arguments: [AugmentationKind.affine, .elastic])
    func augmentedTrainingIsReproducibleAndResumesExactly(_ kind: AugmentationKind) throws {
        var o = SyntheticData.options(epochs: 3)
        o.cost = .crossEntropy
        o.eta = 0.5
        o.momentum = 0.5
        o.threads = 2
        let augmentation = AugmentationOptions(kind: kind, maxShift: 1, elasticAlpha: 8, elasticSigma: 2)
        let data = SyntheticData.dataset(training: 300, validation: 100, test: 100)
        func train(_ o: TrainingOptions, keep: ((Checkpoint) -> Void)? = nil) throws -> TrainingResult {
            let trainer = try Trainer(options: o, dataset: data)
            trainer.augment(with: augmentation, fieldPoolSize: 8)
            trainer.onEpoch = { _, checkpoint in keep?(checkpoint) }
            return try trainer.run()
        }
        let full = try train(o)
        #expect(try train(o).model.network == full.model.network)
        // One thread distorts each epoch when it starts; two make it while the previous one trains.
        var single = o
        single.threads = 1
        #expect(try train(single).model.network == full.model.network, "the images made ahead differ")
        let plain = try Trainer(options: o, dataset: data).run()
        #expect(plain.model.network != full.model.network, "\(kind) distortions changed nothing")

        var stopped = o
        stopped.epochs = 1
        var checkpoint: Checkpoint?
        _ = try train(stopped) { checkpoint = $0 }
        // The checkpoint carries the distortions: resuming needs no augment(with:) call.
        let saved = try Checkpoint(model: try #require(checkpoint).model)
        #expect(saved.augmentation == augmentation.canonical && saved.fieldPoolSize == (kind == .elastic ? 8 : Augmenter.defaultFieldPoolSize))
        let result = try Trainer(resuming: saved, dataset: data, overrides: ResumeOverrides(epochs: 3)).run()
        #expect(result.model.network == full.model.network)
        #expect(result.history.map(\.trainingCost) == full.history.map(\.trainingCost))
    }

    /// The preview of a run's distortions shows the very images its training epochs see: the
    /// same per-epoch augmenter, each example distorted as at its place in the training set.
    @Test(arguments: [AugmentationKind.affine, .elastic])
    func previewShowsTheImagesTrainingSees(_ kind: AugmentationKind) throws {
        let data = SyntheticData.dataset(training: 120, validation: 20, test: 20)
        let o = SyntheticData.options(epochs: 3)
        let options = AugmentationOptions(kind: kind, maxShift: 1, elasticAlpha: 8, elasticSigma: 2)
        let trainer = try Trainer(options: o, dataset: data)
        trainer.augment(with: options, fieldPoolSize: 8)
        let augment = try #require(trainer.distortEpoch)
        let perEpoch = { epoch in Trainer.epochAugmenter(options, seed: o.seed, epoch: epoch, fieldPoolSize: 8) }
        let tiles = perEpoch(1).previewTiles(data.training, examples: 10, variants: 3, augmenter: perEpoch)
        var firstOfClass: [Int] = []
        var seen = Set<UInt8>()
        for i in 0..<data.training.count where seen.insert(data.training.labels[i]).inserted { firstOfClass.append(i) }
        #expect(tiles.count == firstOfClass.count * 4)
        for epoch in 1...3 {
            var storage: [UInt8] = []
            let trained = augment(data.training, epoch, Trainer.augmentationSeed(o.seed, epoch: epoch), 1, &storage)
            for (row, index) in firstOfClass.enumerated() {
                #expect(tiles[row * 4 + epoch].image == MontageTile(trained, index: index, caption: "").image,
                        "class row \(row), epoch \(epoch)")
            }
        }
    }

    @Test func previewShowsEachClassOnceWithItsDistortions() {
        let images = SyntheticData.images(40, seed: 5)
        let tiles = Augmenter(options: AugmentationOptions(kind: .elastic), seed: 3, fieldPoolSize: 4)
            .previewTiles(images, examples: 10, variants: 3)
        #expect(tiles.count == 4 * 4)  // 4 classes, each the original and 3 distortions
        let originals = stride(from: 0, to: tiles.count, by: 4).map { tiles[$0] }
        #expect(Set(originals.map(\.caption)) == ["0", "1", "2", "3"])
        #expect(tiles[1].caption == "→1" && tiles[3].caption == "→3")
        #expect(tiles[1].image != tiles[0].image && tiles[1].image != tiles[2].image)
    }
}
