extension Trainer {
    /// Continues the run saved in `checkpoint` (one handed to ``onEpoch``, or read back with
    /// ``Checkpoint/init(model:)``) on `dataset`: the result is bit-identical to the
    /// uninterrupted run, distortions included. `overrides` may raise the epochs to reach, set the
    /// threads (results never depend on them), turn on test monitoring or change the progress
    /// interval; nothing else can change.
    ///
    /// - Throws: ``TrainingError/invalidOption(_:_:)`` for fewer epochs than were completed or a
    ///   bad override; ``TrainingError/badCheckpoint(_:)`` when `dataset` is not the data the run
    ///   trained on (another dataset, another split, images of another size); what
    ///   ``init(options:dataset:)`` throws for data that does not fit.
    public convenience init(resuming checkpoint: Checkpoint, dataset: Dataset, overrides: ResumeOverrides = ResumeOverrides()) throws {
        var options = checkpoint.options
        if let epochs = overrides.epochs {
            guard epochs >= checkpoint.state.epochsCompleted else {
                throw TrainingError.invalidOption(.epochs, "\(epochs) is fewer than the \(checkpoint.state.epochsCompleted) the checkpoint has already trained")
            }
            options.epochs = epochs
        }
        if let threads = overrides.threads { options.threads = threads }
        if let monitorTest = overrides.monitorTest { options.monitorTest = monitorTest }
        if let interval = overrides.progressInterval { options.progressInterval = interval }
        guard checkpoint.network.sizes == options.layers else {
            throw TrainingError.badCheckpoint("the checkpoint's layers \(checkpoint.network.sizes) differ from its options' \(options.layers)")
        }
        try Self.check(dataset, against: checkpoint.data)
        try self.init(restoring: checkpoint, options: options, dataset: dataset)
    }

    /// Refuses data other than the run's: another dataset's name, or another training/validation
    /// split (the shuffles would differ). Fields the checkpoint does not record are not compared.
    static func check(_ dataset: Dataset, against record: Checkpoint.DataRecord) throws {
        if !record.name.isEmpty, record.name != dataset.name {
            throw TrainingError.badCheckpoint("the run trained on '\(escapedForMessage(record.name))', not '\(escapedForMessage(dataset.name))'")
        }
        let sizes = [("training", record.trainingSize, dataset.training.count), ("validation", record.validationSize, dataset.validation.count)]
        for (what, recorded, given) in sizes {
            if let recorded, recorded != given {
                throw TrainingError.badCheckpoint("the run trained with \(recorded) \(what) images, this data has \(given)")
            }
        }
    }
}
