import Foundation

/// A PGM file that does not follow the netpbm specification, or that this reader will not load.
///
/// One case per distinct problem; every case is bad input (exit 2). `field` names the header
/// field being read: "magic", "width", "height", "maxval" or "sample".
public indirect enum PGMError: DigitsError, Equatable {
    /// The file holds no bytes at all.
    case empty
    /// The file does not start with a netpbm magic number ("P" and a digit).
    case badMagic(String)
    /// A netpbm magic number of another format (P1, P3, P4, P6, P7 …).
    case notGrayscale(String)
    /// The header ends (end of file) while `field` was expected.
    case truncatedHeader(expecting: String)
    /// A comment runs to the end of the file inside the header.
    case unterminatedComment
    /// `field` is not a decimal number: the token found instead (e.g. "-5", "2x").
    case notANumber(field: String, token: String)
    /// `field` has more digits than any allowed value could need.
    case numberTooLong(field: String)
    /// `field` ("magic", "width", "height") is followed directly by something that is not whitespace.
    case missingWhitespace(after: String)
    /// After maxval the single whitespace character that ends the header is missing.
    case missingRasterDelimiter(found: UInt8)
    /// Width or height is zero.
    case zeroSize(width: Int, height: Int)
    /// Width or height is above ``PGMReader/maxDimension``.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// Maxval is 0 or above 65535.
    case badMaxval(Int)
    /// A raw (P5) raster ends early.
    case truncatedRaster(expectedBytes: Int, availableBytes: Int)
    /// A sample is larger than maxval (x, y from the top left).
    case sampleAboveMaxval(value: Int, maxval: Int, x: Int, y: Int)
    /// A plain (P2) raster has fewer samples than width × height.
    case tooFewSamples(expected: Int, found: Int)
    /// A plain (P2) raster has more than width × height samples.
    case tooManySamples(expected: Int)
    /// A plain (P2) raster token is not a decimal number.
    case badSample(token: String, x: Int, y: Int)
    /// After an image come bytes that are neither whitespace nor another image.
    case trailingData(offset: Int)
    /// The file holds more images than ``PGMReader/maxImagesPerFile``.
    case tooManyImages(limit: Int)
    /// A problem in the `index`-th image (1-based) of a file that holds several.
    case inImage(index: Int, PGMError)
    /// A netpbm magic number no reader here handles (P7 PAM, P0, P8, P9), when every netpbm
    /// format is read (``ImageReader``).
    case unsupportedNetpbm(String)
    /// A problem in a PBM or PPM image (read by ``ImageReader``): its message names that format.
    case named(format: String, PGMError)

    public var kind: FailureKind { .badInput }

    public var description: String {
        switch self {
        case .empty: return "empty file, not a PGM image"
        case .badMagic(let m): return "not a PGM file (starts with \(m), expected P5 or P2)"
        case .notGrayscale(let m):
            return "netpbm \(m) (\(PGMError.formatName(m))) is not a greyscale PGM image; convert it to P5 or P2"
        case .truncatedHeader(let field): return "PGM header ends before the \(field)"
        case .unterminatedComment: return "PGM header ends inside a comment"
        case let .notANumber(field, token): return "PGM \(field) is not a decimal number: \(token)"
        case .numberTooLong(let field): return "PGM \(field) has too many digits"
        case .missingWhitespace(let field): return "no whitespace after the PGM \(field)"
        case .missingRasterDelimiter(let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "expected one whitespace character after maxval, found byte 0x\(byte < 16 ? "0" : "")\(hex)"
        case let .zeroSize(w, h): return "PGM image is \(w)×\(h): width and height must be at least 1"
        case let .tooLarge(w, h, limit): return "PGM image is \(w)×\(h), larger than the \(limit)×\(limit) this tool reads"
        case .badMaxval(let m): return "PGM maxval \(m) is outside 1…65535"
        case let .truncatedRaster(expected, available):
            return "PGM raster is truncated: \(expected) bytes expected, \(available) present"
        case let .sampleAboveMaxval(value, maxval, x, y): return "PGM sample \(value) at (\(x), \(y)) is above maxval \(maxval)"
        case let .tooFewSamples(expected, found): return "plain PGM raster has \(found) samples, expected \(expected)"
        case .tooManySamples(let expected): return "plain PGM raster has more than the \(expected) samples its size calls for"
        case .tooManyImages(let limit): return "file holds more than \(limit) PGM images"
        case let .badSample(token, x, y): return "plain PGM sample at (\(x), \(y)) is not a decimal number: \(token)"
        case .trailingData(let offset): return "unexpected data after the image at byte \(offset)"
        case let .inImage(index, error): return "image \(index): \(error.description)"
        case .unsupportedNetpbm(let m):
            return "netpbm \(m) (\(PGMError.formatName(m))) is not read by this tool; convert it to PNG or PGM"
        case let .named(format, error):
            // Every mention of the format in these messages is the word "PGM".
            return error.description.replacingOccurrences(of: "PGM", with: format)
        }
    }

    private static func formatName(_ magic: String) -> String {
        switch magic {
        case "P1": return "plain PBM"
        case "P3": return "plain PPM"
        case "P4": return "raw PBM"
        case "P6": return "raw PPM"
        case "P7": return "PAM"
        default: return "unknown"
        }
    }
}
