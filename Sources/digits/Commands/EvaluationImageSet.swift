import ArgumentParser
import DigitsKit
import Foundation

extension EvaluationData {
    /// The labelled images in `directory`, prepared as `classify` prepares pictures.
    ///
    /// Every model must take 28×28 pictures (the error names the model file that does not).
    /// The notes and the files that could not be used are printed on standard error here, one
    /// line each, before the report; ``exitCode`` then says that some failed.
    init(images directory: String, models: [(path: String, network: Network)]) throws {
        var classifier: DigitClassifier?
        for model in models {
            do {
                let c = try DigitClassifier(network: model.network)
                if classifier == nil { classifier = c }
            } catch let error as any DigitsError {
                throw error.about(model.path)
            }
        }
        guard let classifier else { throw ValidationError("no model to prepare the images for") }
        var bar: DelayedProgress?
        let set = try LabeledImageSet(directory: directory, classifier: classifier) { done, total in
            if bar == nil { bar = DelayedProgress(label: "reading images", total: total) }
            bar?.update(done)
        }
        bar?.finish()
        for note in set.notes { Terminal.warning(note) }
        for failure in set.failures { Terminal.error(failure.description) }
        self.init(images: set.images, checksums: nil, classCount: DatasetSpec.mnist.classCount, datasetName: nil,
                  split: nil, imageSet: set)
    }

    /// For an image set with files that could not be used: 2 when one was bad input (as
    /// `classify` says), else 1 (an I/O error); nil when every file was used.
    var exitCode: ExitCode? {
        guard let failures = imageSet?.failures, !failures.isEmpty else { return nil }
        return ExitCode(failures.contains { $0.kind == .badInput } ? ExitStatus.badInput : ExitStatus.failure)
    }

    /// The line under the report that counts the files left out, or nil.
    var failureSummary: String? {
        guard let failures = imageSet?.failures, !failures.isEmpty else { return nil }
        return "\(Format.grouped(failures.count)) file\(failures.count == 1 ? "" : "s") could not be used"
            + " and \(failures.count == 1 ? "is" : "are") not counted (listed on standard error)"
    }
}
