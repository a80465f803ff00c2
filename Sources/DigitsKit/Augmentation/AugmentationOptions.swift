/// Which distortions training applies to its images each epoch.
public enum AugmentationKind: String, Sendable, CaseIterable, Codable {
    /// The images as they are.
    case none
    /// A small random affine map per image: shift, rotation, scale, shear.
    case affine
    /// The affine map plus Simard's elastic distortion (a smoothed random displacement field).
    case elastic
}

/// Parameters of the per-epoch distortions (Simard, Steinkraus & Platt 2003, "Best practices for
/// convolutional neural networks applied to visual document analysis").
///
/// Each parameter bounds a uniform draw: a rotation in ±`maxRotationDegrees`, a scale factor in
/// 1 ± `maxScale` (independently in x and y), a shear in ±`maxShear`, a shift in ±`maxShift`
/// pixels. The elastic field is uniform noise in [−1, 1] per pixel and axis, smoothed by a
/// Gaussian of standard deviation `elasticSigma` pixels and scaled by `elasticAlpha`.
/// With `flipHorizontal`, half the images (a fair draw per image) are also mirrored left to right.
public struct AugmentationOptions: Sendable, Equatable, Codable {
    public var kind: AugmentationKind
    public var maxShift: Float
    public var maxRotationDegrees: Float
    public var maxScale: Float
    public var maxShear: Float
    public var elasticAlpha: Float
    public var elasticSigma: Float
    /// Mirror each image left to right with probability ½: for pictures that mean the same
    /// mirrored (clothes, as in Fashion-MNIST), never for digits.
    public var flipHorizontal: Bool

    public init(kind: AugmentationKind, maxShift: Float = 2, maxRotationDegrees: Float = 10,
                maxScale: Float = 0.1, maxShear: Float = 0.15,
                elasticAlpha: Float = 34, elasticSigma: Float = 4, flipHorizontal: Bool = false) {
        self.kind = kind
        self.maxShift = maxShift
        self.maxRotationDegrees = maxRotationDegrees
        self.maxScale = maxScale
        self.maxShear = maxShear
        self.elasticAlpha = elasticAlpha
        self.elasticSigma = elasticSigma
        self.flipHorizontal = flipHorizontal
    }

    /// No distortion.
    public static let none = AugmentationOptions(kind: .none)

    /// Checks that every parameter is finite and in a range that keeps digits recognisable;
    /// the error names the parameter as `digits train` spells it.
    public func validate() throws {
        for p in Self.parameters where !(self[keyPath: p.value].isFinite && p.range.contains(self[keyPath: p.value])) {
            throw AugmentationError.badParameter("\(p.option) \(self[keyPath: p.value]) is outside \(p.range.lowerBound)…\(p.range.upperBound)")
        }
    }

    /// Every parameter: its `digits train` option, where a model's metadata records it, and
    /// its accepted range (used by ``validate()`` and by ``AugmentationMetadataKey/rules``).
    static let parameters: [(option: String, key: String, value: KeyPath<AugmentationOptions, Float> & Sendable, range: ClosedRange<Float>)] = {
        typealias K = AugmentationMetadataKey
        return [
            ("--augment-shift", K.shift, \.maxShift, 0...8), ("--augment-rotation", K.rotation, \.maxRotationDegrees, 0...45),
            ("--augment-scale", K.scale, \.maxScale, 0...0.5), ("--augment-shear", K.shear, \.maxShear, 0...1),
            ("--elastic-alpha", K.elasticAlpha, \.elasticAlpha, 0...100), ("--elastic-sigma", K.elasticSigma, \.elasticSigma, 0.5...16),
        ]
    }()
}

/// Distortion parameters that cannot be used.
public enum AugmentationError: DigitsError, Equatable {
    case badParameter(String)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .badParameter(let s): return "augmentation: \(s)"
        }
    }
}
