extension Network {
    /// The output activations a^L for every image, flat: entries `i*outputSize ..< (i+1)*outputSize`
    /// belong to image `i`. Pixels are scaled to [0, 1] on the way in.
    ///
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not have
    ///   ``inputSize`` pixels.
    public func outputs(for images: LabeledImages) throws -> [Float] {
        // Reference path (one example at a time); the batched fast path replaces this body.
        guard images.pixelsPerImage == inputSize else {
            throw NetworkError.inputSize(expected: inputSize, got: images.pixelsPerImage)
        }
        var out: [Float] = []
        out.reserveCapacity(images.count * outputSize)
        for i in 0..<images.count { out += feedforward(images.input(i)) }
        return out
    }

    /// The predicted class of every image: the index of its largest output.
    public func predictions(for images: LabeledImages) throws -> [Int] {
        let out = try outputs(for: images)
        let k = outputSize
        return (0..<images.count).map { i in
            var best = 0
            for j in 1..<k where out[i * k + j] > out[i * k + best] { best = j }
            return best
        }
    }
}
