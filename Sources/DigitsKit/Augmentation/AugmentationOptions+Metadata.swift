extension AugmentationOptions {
    /// These options as a model records them: the parameters the kind does not use at their
    /// defaults (all of them for `none`), so that equal distortions compare equal.
    public var canonical: AugmentationOptions {
        let d = AugmentationOptions(kind: kind)
        switch kind {
        case .none: return d
        case .affine:
            var c = self
            (c.elasticAlpha, c.elasticSigma) = (d.elasticAlpha, d.elasticSigma)
            return c
        case .elastic: return self
        }
    }

    /// The entries that record these options (nothing but the kind for `none`).
    public func metadataEntries(fieldPoolSize: Int = Augmenter.defaultFieldPoolSize) -> [(String, MetadataValue)] {
        typealias K = AugmentationMetadataKey
        var out: [(String, MetadataValue)] = [(K.kind, .string(kind.rawValue))]
        guard kind != .none else { return out }
        // Each Float as the Double of its shortest decimal: 0.15 is recorded (and shown by
        // `digits inspect`) as 0.15, not 0.15000000596046448, and still reads back to the same Float.
        func decimal(_ x: Float) -> MetadataValue { .double(Double("\(x)") ?? Double(x)) }
        out += [(K.shift, decimal(maxShift)), (K.rotation, decimal(maxRotationDegrees)),
                (K.scale, decimal(maxScale)), (K.shear, decimal(maxShear))]
        if flipHorizontal { out.append((K.flip, .int(1))) }
        if kind == .elastic {
            out += [(K.elasticAlpha, decimal(elasticAlpha)), (K.elasticSigma, decimal(elasticSigma)),
                    (K.fieldPoolSize, .int(Int64(fieldPoolSize)))]
        }
        return out
    }

    /// The distortions recorded in `metadata` (``none`` when it records none, as in models
    /// trained before augmentation existed).
    /// - Throws: ``AugmentationError/badParameter(_:)`` for an unknown kind or a bad value.
    public init(metadata m: Metadata) throws {
        typealias K = AugmentationMetadataKey
        guard let name = m.string(K.kind) else { self = .none; return }
        guard let kind = AugmentationKind(rawValue: name) else {
            throw AugmentationError.badParameter("unknown kind '\(name)' in the model's metadata")
        }
        let d = AugmentationOptions(kind: kind)
        func value(_ key: String, _ fallback: Float) -> Float { m.double(key).map(Float.init) ?? fallback }
        // Only the parameters the kind uses are read (the others are not recorded for it).
        let elastic = kind == .elastic
        self.init(kind: kind, maxShift: value(K.shift, d.maxShift), maxRotationDegrees: value(K.rotation, d.maxRotationDegrees),
                  maxScale: value(K.scale, d.maxScale), maxShear: value(K.shear, d.maxShear),
                  elasticAlpha: elastic ? value(K.elasticAlpha, d.elasticAlpha) : d.elasticAlpha,
                  elasticSigma: elastic ? value(K.elasticSigma, d.elasticSigma) : d.elasticSigma,
                  flipHorizontal: m.int(K.flip) == 1)
        try validate()
    }

    /// One line for logs: `elastic (shift 2, rotation 10°, scale 0.1, shear 0.15, α 34, σ 4)`,
    /// with `, mirrored` before the parenthesis closes when half the images are flipped.
    public var summary: String {
        func f(_ x: Float) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        let flip = flipHorizontal ? ", mirrored" : ""
        switch kind {
        case .none: return "none"
        case .affine:
            return "affine (shift \(f(maxShift)), rotation \(f(maxRotationDegrees))°, scale \(f(maxScale)), shear \(f(maxShear))\(flip))"
        case .elastic:
            return "elastic (shift \(f(maxShift)), rotation \(f(maxRotationDegrees))°, scale \(f(maxScale)), shear \(f(maxShear)), "
                + "α \(f(elasticAlpha)), σ \(f(elasticSigma))\(flip))"
        }
    }
}

extension Metadata {
    /// The elastic field pool size recorded with the distortions (the default when absent).
    public var augmentationFieldPoolSize: Int {
        guard let v = int(AugmentationMetadataKey.fieldPoolSize), v >= 1, v <= Int64(Augmenter.maxFieldPoolSize) else {
            return Augmenter.defaultFieldPoolSize
        }
        return Int(v)
    }
}
