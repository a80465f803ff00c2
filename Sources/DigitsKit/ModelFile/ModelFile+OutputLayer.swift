extension ModelFile {
    /// FORMAT.md rule 8: only the output layer may be a softmax, and it is one exactly when the
    /// cost is log-likelihood (the pairing training uses: BP1 is δ^L = a − y for it).
    static func checkOutputLayer(cost: Cost, activations: [Activation]) throws {
        if let hidden = activations.dropLast().firstIndex(of: .softmax) {
            throw ModelFileError.softmaxHiddenLayer(layer: hidden + 1)
        }
        if let output = activations.last, output != cost.outputActivation {
            throw ModelFileError.costDoesNotFitOutput(cost: cost, output: output)
        }
    }

    /// Refuses to write a model whose cost and output layer no reader would accept together.
    static func checkOutputLayer(_ model: Model) throws {
        try checkOutputLayer(cost: model.cost, activations: model.network.activations)
    }
}
