import DigitsKit

// The metadata / checkpoint entry point (target FuzzMetadata). Like FuzzEntryPoints.swift it
// lives in DigitsTestSupport, which the fuzz targets and the unit tests share.

extension FuzzEntryPoints {
    /// Layers of the model the metadata is put in: 2×2 inputs, 2 classes.
    static let metadataModelSizes = [4, 3, 2]

    /// A tiny dataset that fits ``metadataModelSizes`` (training, validation and test sets of
    /// two 2×2 images), for resuming from a checkpoint.
    static let resumeDataset: Dataset = {
        let set = LabeledImages(rows: 2, columns: 2, pixels: [0, 255, 255, 0, 255, 0, 0, 255], labels: [0, 1])
        return Dataset(name: "fuzz", training: set, validation: set, test: set)
    }()

    /// `bytes` as the metadata section of a valid model file (layers ``metadataModelSizes``,
    /// zero parameters) with a correct CRC-32, so every input reaches the metadata rules.
    static func modelFile(withMetadata bytes: [UInt8]) -> [UInt8] {
        let sizes = metadataModelSizes
        var file: [UInt8] = [0x89, 0x44, 0x47, 0x54, 0x0D, 0x0A, 0x1A, 0x0A, 1, 0, 0, 0, 1, 2, UInt8(sizes.count), 0]
        func u32(_ v: Int) { for k in 0..<4 { file.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        u32(bytes.count)
        for n in sizes { u32(n) }
        file += [UInt8](repeating: 1, count: sizes.count - 1)
        file += bytes
        let parameters = (1..<sizes.count).reduce(0) { $0 + sizes[$1] * sizes[$1 - 1] + sizes[$1] }
        file += [UInt8](repeating: 0, count: 4 * parameters)
        u32(Int(crc32(file[...])))
        return file
    }

    /// Metadata decoding and checkpoint-resume validation.
    ///
    /// `bytes` is a metadata section (see ``modelFile(withMetadata:)``). An accepted model's
    /// history must read back (a history the reader accepts is never unreadable) and its CSV
    /// and SVG must be made; resuming from it (options, distortions, trainer state) must work
    /// or throw a one-line `.badInput` error. Independently the bytes, read as float64s six at a
    /// time, are plotted as a history without any check (±∞, NaN, 1e308, epochs near Int.max):
    /// the plot must finish, never trap or loop.
    static func metadata(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        if let model = outcome.attempt("ModelFile.decode (metadata)", { try ModelFile.decode(modelFile(withMetadata: bytes)) }) {
            let history = model.metadata.history
            outcome.check(model.metadata[MetadataKey.history] == nil || history != nil,
                          "metadata: the reader accepted a history that does not read back")
            if let history {
                _ = TrainingHistoryReport.csv(history)
                _ = TrainingHistoryReport.svg(history, title: "fuzz")
            }
            if let checkpoint = outcome.attempt("Checkpoint(model:)", { try Checkpoint(model: model) }) {
                // A checkpoint read back is the same checkpoint written again.
                do {
                    outcome.check(try Checkpoint(model: checkpoint.model) == checkpoint, "metadata: Checkpoint(model: c.model) differs from c")
                } catch {
                    outcome.check(false, "metadata: a checkpoint's own model is refused: \(error)")
                }
                _ = outcome.attempt("Trainer(resuming:)") { try Trainer(resuming: checkpoint, dataset: resumeDataset) }
                // The restore itself, on data the record accepts.
                var onThisData = checkpoint
                onThisData.data = Checkpoint.DataRecord(resumeDataset)
                _ = outcome.attempt("Trainer(resuming:) on the record's data") { try Trainer(resuming: onThisData, dataset: resumeDataset) }
            }
            _ = outcome.attempt("AugmentationOptions(metadata:)") { try AugmentationOptions(metadata: model.metadata) }
            do {
                let again = try ModelFile.decode(try ModelFile.encode(model))
                outcome.check(again == model, "metadata: decode(encode(model)) differs from model")
            } catch {
                outcome.check(false, "metadata: accepted model does not round-trip: \(error)")
            }
        }
        var values: [Double] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
            values.append(Double(bitPattern: bits))
            offset += 8
        }
        var records: [EpochRecord] = []
        for start in stride(from: 0, to: values.count - values.count % 6, by: 6) {
            let v = values[start..<(start + 6)]
            let epoch = Int(truncatingIfNeeded: Int64(bitPattern: v[start].bitPattern))
            func opt(_ x: Double) -> Double? { x.isNaN ? nil : x }
            records.append(EpochRecord(epoch: epoch, trainingCost: v[start + 1], validationAccuracy: opt(v[start + 2]),
                                       testAccuracy: opt(v[start + 3]), learningRate: v[start + 4], seconds: v[start + 5]))
        }
        let svg = TrainingHistoryReport.svg(records, title: "raw")
        outcome.check(svg.hasSuffix("</svg>\n"), "metadata: the history plot is not a whole SVG document")
    }
}
