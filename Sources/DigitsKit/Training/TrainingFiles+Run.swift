import Foundation

extension TrainingFiles {
    /// Runs `trainer` saving its files: after every epoch the checkpoint (and, with
    /// `everyEpoch`, that epoch's model as DIR/epoch-NNN.digits) and the history, each replaced
    /// atomically, so a killed or stopped run loses at most the epoch in progress; at the end the
    /// final model and the whole history. `onEpoch` runs after each epoch's files are written;
    /// it replaces any ``Trainer/onEpoch`` already set.
    ///
    /// - Throws: what ``Trainer/run()`` throws, or a write error naming the file.
    public func train(_ trainer: Trainer, everyEpoch directory: String? = nil,
                      onEpoch: ((EpochRecord) throws -> Void)? = nil) throws -> TrainingResult {
        let title = Self.historyTitle(trainer.options, dataset: trainer.dataset.name, augmentation: trainer.augmentation)
        let checkpointPath = checkpoint
        trainer.onEpoch = { record, saved in
            let epochModel = directory.map { $0 + String(format: "/epoch-%03d.digits", record.epoch) }
            try ModelFile.write(saved.model, to: [checkpointPath] + (epochModel.map { [$0] } ?? []))
            try writeHistory(saved.state.history, title: title)
            try onEpoch?(record)
        }
        let result = try trainer.run()
        try ModelFile.write(result.model, to: model)
        try writeHistory(result.history, title: title)
        return result
    }
}
