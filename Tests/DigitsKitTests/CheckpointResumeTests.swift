import DigitsTestSupport
import Testing
@testable import DigitsKit

/// Checkpoints and resuming through the library: a resumed run ends where the uninterrupted one
/// does, and what cannot be resumed is refused with the reason.
@Suite struct CheckpointResumeTests {
    @Test(arguments: [0.0, 0.6])
    func resumingGivesTheUninterruptedResult(_ momentum: Double) throws {
        var o = SyntheticData.options(epochs: 5)
        o.momentum = momentum
        o.cost = .crossEntropy
        o.eta = 0.5
        o.lambda = 0.3
        o.etaSchedule = .step(every: 2, factor: 0.5)
        let run = try Self.stopAndResume(o, stoppingAfter: 2)
        var expected = run.checkpoint
        expected.state.history = expected.state.history.map { var r = $0; r.trainingSeconds = nil; return r }  // not stored
        #expect(run.saved == expected)
        #expect(run.resumed.history.map(\.learningRate) == [0.5, 0.5, 0.25, 0.25, 0.125])
    }

    /// What a resume test needs: `o` trained without a break (`full`), and again stopped after
    /// `stop` epochs, its checkpoint read back from the file form as a killed run's would be
    /// (`checkpoint` as made, `saved` as read back) and resumed to `o.epochs` (`resumed`).
    /// Checks what every such test expects: the same options, network and cost history.
    static func stopAndResume(_ o: TrainingOptions, stoppingAfter stop: Int, data: Dataset = SyntheticData.dataset())
        throws -> (full: TrainingResult, resumed: TrainingResult, checkpoint: Checkpoint, saved: Checkpoint) {
        let full = try Trainer(options: o, dataset: data).run()
        var stopped = o
        stopped.epochs = stop
        var made: Checkpoint?
        let first = try Trainer(options: stopped, dataset: data)
        first.onEpoch = { _, saved in made = saved }
        _ = try first.run()
        let checkpoint = try #require(made)
        let saved = try Checkpoint(model: ModelFile.decode(ModelFile.encode(checkpoint.model)))
        #expect(saved.options == stopped)
        let resumed = try Trainer(resuming: saved, dataset: data, overrides: ResumeOverrides(epochs: o.epochs)).run()
        #expect(resumed.model.network == full.model.network)
        #expect(resumed.history.map(\.trainingCost) == full.history.map(\.trainingCost))
        return (full, resumed, checkpoint, saved)
    }

    /// Nesterov momentum, dropout (masks keyed by seed, epoch, mini-batch, example) and
    /// max-norm resume bit-identically too, through the file form of the checkpoint.
    @Test(arguments: RegulariserTests.setups)
    func resumingWithRegularisersGivesTheUninterruptedResult(_ s: RegulariserTests.Setup) throws {
        _ = try Self.stopAndResume(s.options(epochs: 4), stoppingAfter: 2)
    }

    /// Resuming with fewer epochs than the checkpoint has trained is a bad option, not a
    /// "final" model that claims epochs it never ran.
    @Test func resumingWithFewerEpochsThanDoneIsRejected() throws {
        let data = SyntheticData.dataset()
        let trainer = try Trainer(options: SyntheticData.options(epochs: 3), dataset: data)
        _ = try trainer.run()
        let checkpoint = trainer.checkpoint()
        #expect(throws: TrainingError.invalidOption(.epochs, "2 is fewer than the 3 the checkpoint has already trained")) {
            try Trainer(resuming: checkpoint, dataset: data, overrides: ResumeOverrides(epochs: 2))
        }
        #expect(throws: Never.self) { try Trainer(resuming: checkpoint, dataset: data, overrides: ResumeOverrides(epochs: 3)) }
    }

    /// A final model holds no training state: given as a checkpoint it is refused with the
    /// reason, never resumed from (with early stopping its network is not the last epoch's).
    @Test func aFinalModelIsNotACheckpoint() throws {
        var o = SyntheticData.options(epochs: 2)
        o.earlyStopPatience = 1
        let result = try Trainer(options: o, dataset: SyntheticData.dataset()).run()
        #expect(throws: TrainingError.notACheckpoint) { try Checkpoint(model: result.model) }
        #expect(result.model.metadata[TrainingMetadataKey.currentEta] == nil)
        #expect(result.model.metadata.history == result.history.map { var r = $0; r.trainingSeconds = nil; return r })
    }

    /// Resuming on other data than the run's is refused: another dataset, another split.
    @Test func resumingOnOtherDataIsRefused() throws {
        let data = SyntheticData.dataset()
        let trainer = try Trainer(options: SyntheticData.options(epochs: 1), dataset: data)
        _ = try trainer.run()
        var other = data
        other.name = "other"
        #expect(throws: TrainingError.badCheckpoint("the run trained on '\(data.name)', not 'other'")) {
            try Trainer(resuming: trainer.checkpoint(), dataset: other)
        }
        let split = SyntheticData.dataset(training: data.training.count - 10)
        #expect(throws: TrainingError.self) { try Trainer(resuming: trainer.checkpoint(), dataset: split) }
    }

    /// ``Trainer/stop()`` ends a run at the next mini-batch boundary with the epochs reported so
    /// far; the last checkpoint resumes to the uninterrupted result.
    @Test func stoppingEndsTheRunAndItsCheckpointResumes() throws {
        var o = SyntheticData.options(epochs: 4)
        o.progressInterval = 1
        let data = SyntheticData.dataset()
        let full = try Trainer(options: o, dataset: data).run()
        let trainer = try Trainer(options: o, dataset: data)
        var last: Checkpoint?
        trainer.onEpoch = { _, c in last = c }
        trainer.onProgress = { p in if p.epoch == 3 { trainer.stop() } }
        #expect(throws: TrainingError.stopped(epochsCompleted: 2)) { try trainer.run() }
        let saved = try #require(last)
        #expect(saved.state.epochsCompleted == 2)
        #expect(try Trainer(resuming: saved, dataset: data).run().model.network == full.model.network)
    }

    /// The thread count is the machine's: a checkpoint made with more threads than this machine
    /// has cores resumes with the cores there are; fewer are kept.
    @Test func resumingCapsTheRecordedThreadsAtThisMachinesCores() throws {
        var o = SyntheticData.options(epochs: 1)
        o.threads = 1
        var model = try Trainer(options: o, dataset: SyntheticData.dataset()).checkpoint().model
        #expect(try Checkpoint(model: model).options.threads == 1)
        model.metadata[MetadataKey.threads] = .int(1_000_000)
        #expect(try Checkpoint(model: model).options.threads == TrainingOptions.defaultThreads)
    }

    /// Velocities or best parameters that are not finite (NaN, ±∞) are refused as a model's own
    /// parameters are: resuming from them would diverge at once.
    @Test func nonFiniteVelocitiesAreRefused() throws {
        var o = SyntheticData.options(epochs: 2)
        o.momentum = 0.5
        let trainer = try Trainer(options: o, dataset: SyntheticData.dataset())
        _ = try trainer.run()
        var checkpoint = trainer.checkpoint()
        var velocities = try #require(checkpoint.velocities)
        velocities.weights[0][0] = .nan
        checkpoint.velocities = velocities
        #expect(throws: TrainingError.badCheckpoint("momentum velocities are not all finite numbers")) {
            try Checkpoint(model: checkpoint.model)
        }
    }
}
