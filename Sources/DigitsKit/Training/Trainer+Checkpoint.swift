extension Trainer {
    /// The run as it stands: the current parameters and everything needed to resume it.
    public func checkpoint() -> Checkpoint { checkpoint(network: parameters, velocities: velocities) }

    /// A checkpoint whose parameters are `network` (default: the current ones) and whose momentum
    /// velocities are `velocities` (a snapshot, when the next epoch has already started).
    func checkpoint(network: Parameters?, velocities: Parameters?) -> Checkpoint {
        let keepsBest = options.earlyStopPatience != nil && state.bestEpoch != state.epochsCompleted
        return Checkpoint(options: options, augmentation: augmentation, fieldPoolSize: fieldPoolSize, recipe: recipe,
                          state: state, network: (network ?? parameters).network(), inputMean: inputMean, velocities: velocities?.network(),
                          best: keepsBest ? best?.network() : nil, data: Checkpoint.DataRecord(dataset),
                          provenance: provenance)
    }
}
