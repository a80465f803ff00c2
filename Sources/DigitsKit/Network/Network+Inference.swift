extension Network {
    /// The output activations a^L for every image, flat: entries `i*outputSize ..< (i+1)*outputSize`
    /// belong to image `i`. Pixels are scaled to [0, 1] on the way in.
    ///
    /// - Throws: ``NetworkError/inputSize(expected:got:)`` when the images do not have
    ///   ``inputSize`` pixels.
    public func outputs(for images: LabeledImages) throws -> [Float] {
        guard images.pixelsPerImage == inputSize else {
            throw NetworkError.inputSize(expected: inputSize, got: images.pixelsPerImage)
        }
        let k = outputSize
        var out = [Float](repeating: 0, count: images.count * k)
        guard images.count > 0 else { return out }
        // The batched forward pass, a chunk of images at a time into one preallocated workspace.
        let chunk = Swift.min(images.count, 500)
        let work = BatchedBackprop(sizes: sizes, capacity: chunk, gradients: false)
        let params = Parameters(self)
        out.withUnsafeMutableBufferPointer { dst in
            var start = 0
            while start < images.count {
                let rows = Swift.min(chunk, images.count - start)
                work.loadInputs(images, range: start..<(start + rows))
                work.forward(params, rows: rows)
                (dst.baseAddress! + start * k).update(from: work.output, count: rows * k)
                start += rows
            }
        }
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
