import ArgumentParser
import DigitsKit

/// The `digits train` options that choose the per-epoch distortions.
struct TrainAugmentArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Distort the training images afresh every epoch: none, affine or elastic (default none, or the recipe's).", valueName: "kind"),
            completion: .list(AugmentationKind.allCases.map(\.rawValue)))
    var augment: String?
    @Option(name: .customLong("augment-shift"), parsing: .unconditional, help: ArgumentHelp("Largest shift in pixels, 0…8 (default 2).", valueName: "px"))
    var shift: Float?
    @Option(name: .customLong("augment-rotation"), parsing: .unconditional, help: ArgumentHelp("Largest rotation in degrees, 0…45 (default 10).", valueName: "degrees"))
    var rotation: Float?
    @Option(name: .customLong("augment-scale"), parsing: .unconditional, help: ArgumentHelp("Largest relative scale change per axis, 0…0.5 (default 0.1).", valueName: "s"))
    var scale: Float?
    @Option(name: .customLong("augment-shear"), parsing: .unconditional, help: ArgumentHelp("Largest shear, 0…1 (default 0.15).", valueName: "s"))
    var shear: Float?
    @Option(name: .customLong("elastic-alpha"), parsing: .unconditional, help: ArgumentHelp("Elastic distortion strength α in pixels, 0…100 (default 34).", valueName: "alpha"))
    var elasticAlpha: Float?
    @Option(name: .customLong("elastic-sigma"), parsing: .unconditional, help: ArgumentHelp("Elastic field smoothness σ in pixels, 0.5…16 (default 4).", valueName: "sigma"))
    var elasticSigma: Float?
    @Flag(name: .customLong("augment-flip"), help: "Also mirror half the images left to right (for clothes, as in Fashion-MNIST; never for digits).")
    var flip = false
    @Option(name: .customLong("preview-augment"),
            help: ArgumentHelp("Write a montage of distorted training digits (one row per class: original, then 7 epochs) to this file (PNG when it ends in .png, else PGM) and exit.", valueName: "file"), completion: .file(extensions: ["png", "pgm"]))
    var preview: String?
    @Option(name: .customLong("preview-scale"), parsing: .unconditional,
            help: ArgumentHelp("Enlarge the --preview-augment montage N times (1…\(Montage.maxScale)).", valueName: "n"))
    var previewScale: Int = Montage.defaultScale

    /// The option names given, for the "cannot be combined with --resume" check.
    var given: [String] {
        [("--augment", augment != nil), ("--augment-shift", shift != nil), ("--augment-rotation", rotation != nil),
         ("--augment-scale", scale != nil), ("--augment-shear", shear != nil),
         ("--elastic-alpha", elasticAlpha != nil), ("--elastic-sigma", elasticSigma != nil), ("--augment-flip", flip)].filter(\.1).map(\.0)
    }

    /// `base` (the recipe's distortions, or none) with the options given here applied.
    /// - Throws: ``TrainingError/badOption(_:)`` for an unknown kind, a parameter the kind does
    ///   not use, or a value out of range.
    func resolve(over base: AugmentationOptions) throws -> AugmentationOptions {
        var a = base
        if let augment {
            guard let kind = AugmentationKind(rawValue: augment) else {
                throw TrainingError.badOption("unknown augmentation '\(augment)' (use \(AugmentationKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            a.kind = kind
        }
        let affine = [("--augment-shift", shift), ("--augment-rotation", rotation), ("--augment-scale", scale), ("--augment-shear", shear)]
        let elastic = [("--elastic-alpha", elasticAlpha), ("--elastic-sigma", elasticSigma)]
        if a.kind == .none, let name = (affine + elastic).first(where: { $0.1 != nil })?.0 ?? (flip ? "--augment-flip" : nil) {
            throw TrainingError.badOption("\(name) needs --augment affine or elastic")
        }
        if a.kind == .affine, let name = elastic.first(where: { $0.1 != nil })?.0 {
            throw TrainingError.badOption("\(name) needs --augment elastic")
        }
        if let shift { a.maxShift = shift }
        if let rotation { a.maxRotationDegrees = rotation }
        if let scale { a.maxScale = scale }
        if let shear { a.maxShear = shear }
        if let elasticAlpha { a.elasticAlpha = elasticAlpha }
        if let elasticSigma { a.elasticSigma = elasticSigma }
        if flip { a.flipHorizontal = true }
        do { try a.validate() } catch let e as AugmentationError { throw TrainingError.badOption(e.description) }
        return a
    }
}
