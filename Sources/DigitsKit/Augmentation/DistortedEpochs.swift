import Dispatch

/// The training images of each epoch of a run with distortions, made one epoch ahead.
///
/// Distorting 50,000 images costs a large share of a small network's epoch, and during
/// mini-batches too small to split over threads the second core sits idle. So, when `ahead`,
/// the images of epoch e + 1 are distorted on another thread while epoch e trains (double
/// buffering): ``images(for:)`` hands over the images made ahead and starts on the next epoch's.
/// A distortion depends only on the seed, the epoch and the options, never on when or on how
/// many threads it runs, so the images (and the trained parameters) are bit-identical either way.
final class DistortedEpochs: @unchecked Sendable {
    /// The distortion of one epoch: training images, epoch, the epoch's seed, threads to use, and
    /// pixel storage to make the images in (taken when it fits, else ignored; it may be empty).
    typealias Distortion = (_ training: LabeledImages, _ epoch: Int, _ seed: UInt64, _ threads: Int,
                            _ storage: inout [UInt8]) -> LabeledImages

    private let distortion: Distortion
    private let training: LabeledImages
    private let seed: UInt64
    private let lastEpoch: Int
    /// Threads for a distortion made while nothing else runs, and for one made beside training.
    private let threads: Int
    private let threadsBeside: Int
    private let ahead: Bool
    /// Where epochs made ahead run (in order with the other work given to it).
    private let queue: DispatchQueue
    /// The epoch being made ahead, and its images once made (written by the other thread before
    /// `done` is signalled).
    private var pending: Int?
    private var made: LabeledImages?
    private let done = DispatchSemaphore(value: 0)
    /// The pixels of the images last handed over, and storage for the epoch made ahead: the
    /// images handed over before those, which training is done with (it asks for an epoch only
    /// after finishing the one before). So two buffers take turns for the whole run.
    private var handedOver: [UInt8] = []
    private var spare: [UInt8] = []

    /// - Parameters:
    ///   - seed: the training seed (each epoch's seed is derived from it by ``Trainer/augmentationSeed(_:epoch:)``).
    ///   - lastEpoch: no epoch after it is made ahead.
    ///   - threads: the threads training may use; with two or more, epochs are made ahead on
    ///     `threads − 1` of them.
    ///   - queue: where to make them (default: a queue of their own). Training passes the serial
    ///     queue its epoch measurements run on, so that the two take turns on the spare core
    ///     instead of both competing with training for two cores.
    init(_ distortion: @escaping Distortion, of training: LabeledImages, seed: UInt64, lastEpoch: Int, threads: Int,
         queue: DispatchQueue = DispatchQueue(label: "digits.distorted-epochs")) {
        self.distortion = distortion
        self.training = training
        self.seed = seed
        self.lastEpoch = lastEpoch
        self.threads = max(1, threads)
        threadsBeside = max(1, threads - 1)
        ahead = threads >= 2
        self.queue = queue
    }

    /// The images to train epoch `epoch` on: the ones made ahead for it, or made now. Then, when
    /// making ahead, starts on epoch `epoch + 1` (unless it is past the last).
    func images(for epoch: Int) -> LabeledImages {
        let images: LabeledImages
        if pending == epoch {
            done.wait()
            images = made!
            pending = nil
            made = nil
        } else {
            finish()
            images = distortion(training, epoch, Trainer.augmentationSeed(seed, epoch: epoch), threads, &handedOver)
        }
        // Made now, the images were made in the storage of those handed over last (leaving it
        // empty); made ahead, these are the next epoch's storage.
        spare = handedOver
        handedOver = images.pixels
        if ahead, epoch < lastEpoch { start(epoch + 1) }
        return images
    }

    /// Waits for an epoch being made ahead and drops it (a run that ends early does not leave
    /// a thread working after it).
    func finish() {
        guard pending != nil else { return }
        done.wait()
        pending = nil
        made = nil
    }

    private func start(_ epoch: Int) {
        pending = epoch
        let seed = Trainer.augmentationSeed(seed, epoch: epoch)
        queue.async { [self] in
            made = distortion(training, epoch, seed, threadsBeside, &spare)  // `spare` is this thread's until `done`
            done.signal()
        }
    }
}
