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
public struct AugmentationOptions: Sendable, Equatable, Codable {
    public var kind: AugmentationKind
    public var maxShift: Float
    public var maxRotationDegrees: Float
    public var maxScale: Float
    public var maxShear: Float
    public var elasticAlpha: Float
    public var elasticSigma: Float

    public init(kind: AugmentationKind, maxShift: Float = 2, maxRotationDegrees: Float = 10,
                maxScale: Float = 0.1, maxShear: Float = 0.15,
                elasticAlpha: Float = 34, elasticSigma: Float = 4) {
        self.kind = kind
        self.maxShift = maxShift
        self.maxRotationDegrees = maxRotationDegrees
        self.maxScale = maxScale
        self.maxShear = maxShear
        self.elasticAlpha = elasticAlpha
        self.elasticSigma = elasticSigma
    }

    /// No distortion.
    public static let none = AugmentationOptions(kind: .none)

    /// Checks that every parameter is finite and in a range that keeps digits recognisable;
    /// the error names the parameter as `digits train` spells it.
    public func validate() throws {
        let checks: [(String, Float, ClosedRange<Float>)] = [
            ("--augment-shift", maxShift, 0...8), ("--augment-rotation", maxRotationDegrees, 0...45),
            ("--augment-scale", maxScale, 0...0.5), ("--augment-shear", maxShear, 0...1),
            ("--elastic-alpha", elasticAlpha, 0...100), ("--elastic-sigma", elasticSigma, 0.5...16),
        ]
        for (name, value, range) in checks where !(value.isFinite && range.contains(value)) {
            throw AugmentationError.badParameter("\(name) \(value) is outside \(range.lowerBound)…\(range.upperBound)")
        }
    }
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
