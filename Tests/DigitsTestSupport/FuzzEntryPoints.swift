import DigitsKit

// The byte-level entry points the fuzz targets drive, with the invariants they check.
//
// It lives in the test-support target, which both the libFuzzer build (FuzzTesting/Sources/
// FuzzSupport/) and the unit tests depend on, so `FuzzReplayTests` replays the corpora through
// exactly the code the fuzzers ran.

/// One fuzz target: which parser it drives and what its corpus directory is called.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `IDXFile.parseImages` and `IDXFile.parseLabels` (raw or gzip, detected by content).
    case idx = "FuzzIDX"
    /// `Gzip.decompress(_:limit:)`.
    case gzip = "FuzzGzip"
    /// `PGMReader.decode`.
    case pgm = "FuzzPGM"
    /// `ImageReader.decode` on PNG input, as is and with every chunk CRC fixed.
    case png = "FuzzPNG"
    /// `ModelFile.decode`, then encode and decode again.
    case modelFile = "FuzzModelFile"
    /// `NetworkJSON.decode`, then encode and decode again.
    case json = "FuzzJSON"
    /// A metadata section in a valid model: `ModelFile.decode`, the history, its plot, and
    /// resuming training from it (FuzzEntryPoints+Metadata.swift).
    case metadata = "FuzzMetadata"

    /// Runs `bytes` through this target's parser(s) and checks the invariants.
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        switch self {
        case .idx: FuzzEntryPoints.idx(bytes, &outcome)
        case .gzip: FuzzEntryPoints.gzip(bytes, &outcome)
        case .pgm: FuzzEntryPoints.pgm(bytes, &outcome)
        case .png: FuzzEntryPoints.png(bytes, &outcome)
        case .modelFile: FuzzEntryPoints.modelFile(bytes, &outcome)
        case .json: FuzzEntryPoints.json(bytes, &outcome)
        case .metadata: FuzzEntryPoints.metadata(bytes, &outcome)
        }
        return outcome
    }
}

/// What one input did: the calls that accepted it, the typed errors that rejected it, and any
/// broken invariant (a bug even when nothing crashed).
public struct FuzzOutcome {
    /// Names of the entry points that accepted the input.
    public var accepted: [String] = []
    /// The errors the entry points threw (all `DigitsError`s of kind `.badInput` unless a
    /// violation says otherwise).
    public var errors: [any Error] = []
    /// Broken invariants; the fuzz targets trap when this is not empty.
    public var violations: [String] = []

    public init() {}

    /// Runs `body` as entry point `name`: records acceptance, or checks the error it throws is a
    /// one-line `.badInput` ``DigitsError``.
    mutating func attempt<T>(_ name: String, _ body: () throws -> T) -> T? {
        do {
            let value = try body()
            accepted.append(name)
            return value
        } catch {
            errors.append(error)
            guard let typed = error as? any DigitsError else {
                violations.append("\(name): untyped error \(error)")
                return nil
            }
            if typed.kind != .badInput { violations.append("\(name): kind \(typed.kind), not badInput: \(typed)") }
            let text = typed.description
            if text.isEmpty || text.unicodeScalars.contains(where: Self.breaksTheLine) {
                violations.append("\(name): error description is not one clean line: \(text.debugDescription)")
            }
            return nil
        }
    }

    /// Control characters (newlines, escape sequences) and line/paragraph separators: none may
    /// reach a one-line error message.
    static func breaksTheLine(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    mutating func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { violations.append(message()) }
    }
}

/// The entry points, one per target.
public enum FuzzEntryPoints {
    /// The class count labels are checked against (MNIST's).
    public static let labelClassCount = 10
    /// The output limit the gzip target decompresses with.
    public static let gzipLimit = 1 << 24

    /// IDX images and labels through the loader's byte-level entry; for gzip input, also
    /// checks the streaming parse agrees with parsing the whole decompressed data.
    static func idx(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        let images = outcome.attempt("IDXFile.parseImages") { try IDXFile.parseImages(bytes) }
        if let images {
            outcome.check(images.count >= 1 && images.count <= IDXFile.maxCount
                && (1...IDXFile.maxSide).contains(images.rows) && (1...IDXFile.maxSide).contains(images.columns),
                "images: dimensions out of bounds \(images.count)×\(images.rows)×\(images.columns)")
            outcome.check(images.pixels.count == images.count * images.rows * images.columns,
                          "images: \(images.pixels.count) pixels for \(images.count)×\(images.rows)×\(images.columns)")
        }
        let labels = outcome.attempt("IDXFile.parseLabels") {
            try IDXFile.parseLabels(bytes, classCount: labelClassCount)
        }
        if let labels {
            outcome.check(!labels.isEmpty && labels.allSatisfy { Int($0) < labelClassCount }, "labels: empty or out of range")
        }
        // Differential check: streaming gzip parse == parse of the fully decompressed bytes.
        guard Gzip.isGzip(bytes),
              let plain = try? Gzip.decompress(bytes, limit: bytes.count * 1040 + 4096),
              !Gzip.isGzip(plain) else { return }
        let plainImages = try? IDXFile.parseImages(plain)
        let plainLabels = try? IDXFile.parseLabels(plain, classCount: labelClassCount)
        outcome.check(plainImages == images, "images: gzip streaming parse disagrees with parsing the decompressed data")
        outcome.check(plainLabels == labels, "labels: gzip streaming parse disagrees with parsing the decompressed data")
    }

    /// Whole-stream gzip decompression; an accepted stream must also decompress with a limit of
    /// exactly its size and be refused with `.exceedsLimit` one byte below.
    static func gzip(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        guard let output = outcome.attempt("Gzip.decompress", { try Gzip.decompress(bytes, limit: gzipLimit) }) else {
            return
        }
        outcome.check(Gzip.isGzip(bytes), "gzip: accepted input without the gzip magic")
        let exact = try? Gzip.decompress(bytes, limit: output.count)
        outcome.check(exact == output, "gzip: limit == output size gives a different result")
        if !output.isEmpty {
            do {
                _ = try Gzip.decompress(bytes, limit: output.count - 1)
                outcome.check(false, "gzip: limit one below the output size accepted")
            } catch let error as GzipError {
                outcome.check(error == .exceedsLimit(output.count - 1), "gzip: limit one below the size: \(error)")
            } catch {
                outcome.check(false, "gzip: limit one below the size: untyped \(error)")
            }
        }
    }

    /// PGM decoding (P2/P5, 8/16-bit, several images per file).
    static func pgm(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        guard let images = outcome.attempt("PGMReader.decode", { try PGMReader.decode(bytes) }) else { return }
        outcome.check(!images.isEmpty && images.count <= PGMReader.maxImagesPerFile, "pgm: \(images.count) images")
        for (i, image) in images.enumerated() {
            outcome.check((1...PGMReader.maxDimension).contains(image.width)
                && (1...PGMReader.maxDimension).contains(image.height)
                && image.pixels.count == image.width * image.height,
                "pgm: image \(i) is \(image.width)×\(image.height) with \(image.pixels.count) pixels")
            outcome.check(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 }, "pgm: image \(i) has a sample outside [0, 1]")
        }
    }

    /// Image decoding (PNG through libpng, and netpbm: ImageReader tells them apart). The input
    /// is decoded as it is, then once more with every chunk's CRC recomputed, so that mutations
    /// get past the checksums to IHDR, the palette, zlib and the filters. An accepted image is
    /// one image within the bounds, samples in [0, 1].
    static func png(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        let fixed = pngWithCRCsFixed(bytes)
        for (name, input) in [("ImageReader.decode", bytes), ("ImageReader.decode (CRCs fixed)", fixed)] {
            guard let images = outcome.attempt(name, { try ImageReader.decode(input) }) else { continue }
            outcome.check(!images.isEmpty && (input.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? images.count == 1 : true),
                          "png: \(images.count) images")
            for image in images {
                outcome.check((1...PGMReader.maxDimension).contains(image.width)
                    && (1...PGMReader.maxDimension).contains(image.height)
                    && image.pixels.count == image.width * image.height,
                    "png: image is \(image.width)×\(image.height) with \(image.pixels.count) pixels")
                outcome.check(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 }, "png: a sample outside [0, 1]")
            }
            if input == fixed { break }
        }
    }

    /// `bytes` with the CRC of every whole chunk after the 8-byte signature recomputed.
    static func pngWithCRCsFixed(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var at = 8
        while at + 12 <= out.count {
            let length = out[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= out.count - at - 12 else { break }
            let crc = crc32(out[(at + 4)..<(at + 8 + length)])
            for i in 0..<4 { out[at + 8 + length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(i))) }
            at += 12 + length
        }
        return out
    }

    /// Model-file decoding; an accepted file must re-encode and decode to the same model.
    ///
    /// The input is decoded as it is, then once more with its last 4 bytes replaced by the
    /// CRC-32 of the rest, so that mutations get past the checksum to the rules checked after it.
    static func modelFile(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        if let model = outcome.attempt("ModelFile.decode", { try ModelFile.decode(bytes) }) {
            roundTrip(model, "model file", &outcome, encode: ModelFile.encode, decode: ModelFile.decode)
        }
        guard bytes.count >= 4 else { return }
        var fixed = bytes
        let crc = crc32(bytes[..<(bytes.count - 4)])
        for i in 0..<4 { fixed[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        if let model = outcome.attempt("ModelFile.decode (CRC fixed)", { try ModelFile.decode(fixed) }) {
            roundTrip(model, "model file", &outcome, encode: ModelFile.encode, decode: ModelFile.decode)
        }
    }

    /// CRC-32 (ISO-HDLC, as zlib), bit by bit: independent of the code under test.
    public static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// network2.py JSON import; an accepted file must re-encode and decode to the same model.
    static func json(_ bytes: [UInt8], _ outcome: inout FuzzOutcome) {
        guard let model = outcome.attempt("NetworkJSON.decode", { try NetworkJSON.decode(bytes) }) else { return }
        roundTrip(model, "JSON", &outcome, encode: NetworkJSON.encode, decode: NetworkJSON.decode)
    }

    private static func roundTrip(_ model: Model, _ format: String, _ outcome: inout FuzzOutcome,
                                  encode: (Model) throws -> [UInt8], decode: ([UInt8]) throws -> Model) {
        let sizes = model.network.sizes
        outcome.check(model.network.weights.indices.allSatisfy { model.network.weights[$0].count == sizes[$0 + 1] * sizes[$0] }
            && model.network.biases.indices.allSatisfy { model.network.biases[$0].count == sizes[$0 + 1] },
            "\(format): accepted a model whose parameters do not match sizes \(sizes)")
        do {
            let again = try decode(try encode(model))
            outcome.check(again == model, "\(format): decode(encode(model)) differs from model")
        } catch {
            outcome.check(false, "\(format): accepted model does not round-trip: \(error)")
        }
    }
}
