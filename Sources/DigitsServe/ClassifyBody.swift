import DigitsKit
import Foundation

/// What `POST /api/classify` was sent, told apart by its first bytes (not by Content-Type).
enum ClassifyBody {
    /// The JSON form: `{"pixels": [784 numbers in 0…1]}`, row-major 28×28, 0 black, 1 white.
    struct PixelsJSON: Decodable {
        var pixels: [Double]
    }

    /// The picture in `bytes`: a PNG or netpbm image (decoded by ``ImageReader``) or the JSON
    /// pixels form.
    ///
    /// - Throws: ``HTTPFailure`` 400 for an empty body, an unreadable image, bad JSON or a file
    ///   of several images; 415 when the bytes are none of the three.
    static func picture(from bytes: [UInt8]) throws -> GrayImage {
        guard let first = bytes.firstIndex(where: { !isJSONWhitespace($0) }) else {
            throw HTTPFailure(400, "the body is empty; send a PNG, PGM or PPM image or JSON {\"pixels\": [784 numbers]}")
        }
        if isImage(bytes) {
            let images: [GrayImage]
            do {
                images = try ImageReader.decode(bytes)
            } catch {
                throw HTTPFailure(400, "unreadable image: \(oneLine(error))")
            }
            guard images.count == 1 else {
                throw HTTPFailure(400, "the image file holds \(images.count) images; send one")
            }
            return images[0]
        }
        if bytes[first] == UInt8(ascii: "{") { return try pixels(fromJSON: bytes) }
        let head = bytes.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
        throw HTTPFailure(415, "the body is not a PNG, PGM or PPM image nor JSON {\"pixels\": …} (it starts with \(head))")
    }

    /// PNG's signature, or netpbm's `P1`…`P7`.
    static func isImage(_ bytes: [UInt8]) -> Bool {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.starts(with: png) { return true }
        return bytes.count >= 2 && bytes[0] == UInt8(ascii: "P") && (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(bytes[1])
    }

    static func pixels(fromJSON bytes: [UInt8]) throws -> GrayImage {
        let side = DigitPreprocessor.side
        let body: PixelsJSON
        do {
            body = try JSONDecoder().decode(PixelsJSON.self, from: Data(bytes))
        } catch {
            throw HTTPFailure(400, "the JSON body is not {\"pixels\": [\(side * side) numbers in 0…1]}: \(jsonProblem(error))")
        }
        guard body.pixels.count == side * side else {
            throw HTTPFailure(400, "\"pixels\" has \(body.pixels.count) numbers; it must have \(side * side) (28×28, row by row)")
        }
        if let bad = body.pixels.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw HTTPFailure(400, "\"pixels\"[\(bad)] is \(body.pixels[bad]); every number must be in 0…1")
        }
        return GrayImage(width: side, height: side, pixels: body.pixels.map { Float($0) })
    }

    private static func isJSONWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// A decoding error in a few words (Foundation's own text spans several sentences).
    private static func jsonProblem(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no \"\(key.stringValue)\" key"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "wrong type" : "wrong type at \(path)"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return oneLine(error)
        }
    }
}
