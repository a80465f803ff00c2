import Dispatch
import Foundation
@testable import DigitsKit
import Testing

/// The double buffering of distorted epochs: with a second thread, epoch e + 1 is distorted
/// while epoch e trains, each epoch exactly once, none past the last.
@Suite struct DistortedEpochsTests {
    /// A distortion that records (epoch, seed, threads, the storage offered) of every call and
    /// signals each start; it takes the storage, as the real one does, and adds the epoch to
    /// every pixel and label.
    final class Recorder: @unchecked Sendable {
        typealias Call = (epoch: Int, seed: UInt64, threads: Int, storage: [UInt8])
        private let lock = NSLock()
        private var calls: [Call] = []
        let started = DispatchSemaphore(value: 0)

        var log: [Call] { lock.lock(); defer { lock.unlock() }; return calls }

        func distortion(_ images: LabeledImages, _ epoch: Int, _ seed: UInt64, _ threads: Int,
                        _ storage: inout [UInt8]) -> LabeledImages {
            lock.lock()
            calls.append((epoch, seed, threads, storage))
            lock.unlock()
            storage = []
            started.signal()
            return LabeledImages(rows: images.rows, columns: images.columns, pixels: Self.pixels(images, epoch),
                                 labels: images.labels.map { $0 &+ UInt8(epoch) })
        }

        /// The pixels this distortion makes for `epoch`.
        static func pixels(_ images: LabeledImages, _ epoch: Int) -> [UInt8] { images.pixels.map { $0 &+ UInt8(epoch) } }
    }

    static let images = LabeledImages(rows: 1, columns: 2, pixels: [1, 2, 3, 4], labels: [0, 1])

    @Test func epochsAreMadeOneAheadOnTheOtherThreads() {
        let recorder = Recorder()
        let epochs = DistortedEpochs(recorder.distortion, of: Self.images, seed: 7, lastEpoch: 3, threads: 3)
        #expect(epochs.images(for: 1).labels == [1, 2])
        // Epoch 2 is started before anyone asks for it (waits for its start, at most 10 s).
        #expect(recorder.started.wait(timeout: .now() + 10) == .success)  // epoch 1, made at once
        #expect(recorder.started.wait(timeout: .now() + 10) == .success, "epoch 2 was not made ahead")
        #expect(epochs.images(for: 2).labels == [2, 3])
        #expect(epochs.images(for: 3).labels == [3, 4])
        epochs.finish()
        let log = recorder.log
        #expect(log.map(\.epoch) == [1, 2, 3], "each epoch once, none past the last")
        #expect(log.map(\.threads) == [3, 2, 2], "the first at once on every thread, the others beside training")
        #expect(log.map(\.seed) == (1...3).map { Trainer.augmentationSeed(7, epoch: $0) })
    }

    /// Epoch e + 1 is made in the storage of epoch e − 1's images (training is done with them
    /// once it asks for epoch e's), so a run's epochs take turns in two buffers.
    @Test func epochsMadeAheadReuseTheStorageOfTheEpochBeforeLast() {
        let recorder = Recorder()
        let epochs = DistortedEpochs(recorder.distortion, of: Self.images, seed: 7, lastEpoch: 4, threads: 2)
        for epoch in 1...4 { #expect(epochs.images(for: epoch).pixels == Recorder.pixels(Self.images, epoch)) }
        epochs.finish()
        let none: [UInt8] = []
        #expect(recorder.log.map(\.storage) == [none, none, Recorder.pixels(Self.images, 1), Recorder.pixels(Self.images, 2)])
    }

    @Test func oneThreadMakesEachEpochInTheStorageOfTheOneBefore() {
        let recorder = Recorder()
        let epochs = DistortedEpochs(recorder.distortion, of: Self.images, seed: 7, lastEpoch: 5, threads: 1)
        for epoch in 3...5 { _ = epochs.images(for: epoch) }
        let none: [UInt8] = []
        #expect(recorder.log.map(\.storage) == [none, Recorder.pixels(Self.images, 3), Recorder.pixels(Self.images, 4)])
    }

    @Test func oneThreadMakesEachEpochWhenAskedFor() {
        let recorder = Recorder()
        let epochs = DistortedEpochs(recorder.distortion, of: Self.images, seed: 7, lastEpoch: 5, threads: 1)
        #expect(epochs.images(for: 4).labels == [4, 5])
        #expect(recorder.log.map(\.epoch) == [4])
        #expect(epochs.images(for: 5).labels == [5, 6])
        #expect(recorder.log.map(\.epoch) == [4, 5])
        #expect(recorder.log.allSatisfy { $0.threads == 1 })
    }

    /// A run resumed at another epoch, or an epoch asked for out of turn, is made then (the
    /// images made ahead for another epoch are dropped).
    @Test func anEpochOutOfTurnIsMadeWhenAskedFor() {
        let recorder = Recorder()
        let epochs = DistortedEpochs(recorder.distortion, of: Self.images, seed: 7, lastEpoch: 9, threads: 2)
        _ = epochs.images(for: 1)
        #expect(epochs.images(for: 5).labels == [5, 6])
        epochs.finish()
        #expect(recorder.log.map(\.epoch) == [1, 2, 5, 6])
    }
}
