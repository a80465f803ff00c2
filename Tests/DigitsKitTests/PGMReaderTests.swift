import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// Well-formed PGM input, including the corners of the netpbm specification.
@Suite struct PGMReaderTests {
    static func scaled(_ samples: [Int], by maxval: Int) -> [Float] {
        samples.map { Float($0) / Float(maxval) }
    }

    func decode(_ text: String, raster: [UInt8] = []) throws -> [GrayImage] {
        try PGMReader.decode(Array(text.utf8) + raster)
    }

    @Test func rawEightBitRoundTripsThroughTheWriter() throws {
        let image = GrayImage(width: 3, height: 2, bytes: [0, 64, 128, 192, 255, 7] as [UInt8])
        let images = try PGMReader.decode(PGMWriter.encode(image, inkIsDark: false))
        #expect(images == [image])
    }

    @Test func writerInkIsDarkInvertsSamples() throws {
        let image = GrayImage(width: 2, height: 1, bytes: [0, 255] as [UInt8])
        let read = try PGMReader.decode(PGMWriter.encode(image))
        #expect(read[0].pixels == [1, 0])
    }

    @Test func plainFeepExampleFromTheSpecification() throws {
        let feep = """
            P2
            # feep.pgm
            24 7
            15
            0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0
            0  3  3  3  3  0  0  7  7  7  7  0  0 11 11 11 11  0  0 15 15 15 15  0
            0  3  0  0  0  0  0  7  0  0  0  0  0 11  0  0  0  0  0 15  0  0 15  0
            0  3  3  3  0  0  0  7  7  7  0  0  0 11 11 11  0  0  0 15 15 15 15  0
            0  3  0  0  0  0  0  7  0  0  0  0  0 11  0  0  0  0  0 15  0  0  0  0
            0  3  0  0  0  0  0  7  7  7  7  0  0 11 11 11 11  0  0 15  0  0  0  0
            0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0

            """
        let images = try decode(feep)
        #expect(images.count == 1)
        let image = images[0]
        #expect(image.width == 24 && image.height == 7)
        #expect(image[1, 1] == Float(3) / 15)
        #expect(image[19, 1] == 1)
        #expect(image[0, 0] == 0)
    }

    @Test func sixteenBitSamplesAreMostSignificantByteFirst() throws {
        let images = try decode("P5 3 1 65535\n", raster: [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x01])
        #expect(images[0].pixels == Self.scaled([256, 65535, 1], by: 65535))
    }

    @Test func maxvalAbove255UsesTwoBytesEvenWhenSmall() throws {
        let images = try decode("P5 1 1 256\n", raster: [0x01, 0x00])
        #expect(images[0].pixels == [1])
    }

    @Test func maxvalOneIsAllowed() throws {
        let images = try decode("P5 2 1 1\n", raster: [1, 0])
        #expect(images[0].pixels == [1, 0])
    }

    @Test func commentsAnywhereInTheHeaderActAsSeparators() throws {
        let text = "P2#after magic\n# own line\n2#inside the width token's line\n# more\n1 # before maxval\n255\n0 # a comment in a plain raster\n255\n"
        let images = try decode(text)
        #expect(images[0].width == 2 && images[0].height == 1)
        #expect(images[0].pixels == [0, 1])
    }

    @Test func commentAfterMaxvalNeedsOneMoreWhitespace() throws {
        let images = try decode("P5 1 1 255# comment\n\n", raster: [0x80])
        #expect(images[0].pixels == Self.scaled([128], by: 255))
    }

    @Test func rasterBytesThatLookLikeWhitespaceAreSamples() throws {
        // After maxval exactly one whitespace character ends the header: the LF, space and
        // '#' that follow are pixel values.
        let images = try decode("P5 3 1 255\n", raster: [0x0A, 0x20, 0x23])
        #expect(images[0].pixels == Self.scaled([10, 32, 35], by: 255))
    }

    @Test func allSpecWhitespaceSeparatesHeaderFields() throws {
        let images = try decode("P5\t2\u{0B}1\u{0C}\r255 ", raster: [1, 2])
        #expect(images[0].width == 2 && images[0].pixels == Self.scaled([1, 2], by: 255))
    }

    @Test func concatenatedImagesAreAllRead() throws {
        let a = GrayImage(width: 2, height: 2, bytes: [1, 2, 3, 4] as [UInt8])
        let b = GrayImage(width: 1, height: 3, bytes: [9, 8, 7] as [UInt8])
        var bytes = PGMWriter.encode(a, inkIsDark: false) + PGMWriter.encode(b, inkIsDark: false)
        bytes += PGMWriter.encode(b, inkIsDark: false, plain: true) + Array("\n\n".utf8)
        let images = try PGMReader.decode(bytes)
        #expect(images == [a, b, b])
    }

    @Test func writerPlainAndSixteenBitRoundTrip() throws {
        let pixels = (0..<300).map { Float($0 % 17) / 16 }
        let image = GrayImage(width: 20, height: 15, pixels: pixels)
        for (maxval, plain) in [(65535, false), (65535, true), (16, true), (1000, false)] {
            let bytes = PGMWriter.encode(image, inkIsDark: false, maxval: maxval, plain: plain, comment: "made\nby a test")
            let read = try PGMReader.decode(bytes)[0]
            let worst = zip(read.pixels, image.pixels).map { abs($0 - $1) }.max() ?? 1
            #expect(worst <= 0.5 / Float(maxval) + 1e-6, "maxval \(maxval) plain \(plain)")
            if plain {
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                #expect(lines.allSatisfy { $0.count <= 70 })
            }
        }
    }

    @Test func largestAllowedWidthIsRead() throws {
        let w = PGMReader.maxDimension
        let images = try decode("P5 \(w) 1 255\n", raster: [UInt8](repeating: 255, count: w))
        #expect(images[0].width == w)
    }

    @Test func fileVariantNamesAMissingFile() throws {
        let path = "/nonexistent-\(UUID().uuidString).pgm"
        #expect {
            try PGMReader.read(path)
        } throws: { error in
            guard let error = error as? FileError else { return false }
            return error.path == path && error.underlying as? FileReadError == .missing
                && error.description == "\(path): no such file"
        }
    }

    @Test func readingADirectoryIsRefused() throws {
        let dir = try TestSupport.makeTemporaryDirectory("pgm-dir")
        defer { TestSupport.removeDirectory(dir) }
        #expect {
            try PGMReader.read(dir)
        } throws: { error in
            (error as? FileError)?.underlying as? FileReadError == .notRegularFile
        }
    }

    /// Random byte mutations of valid files (deterministic seed): the reader must return
    /// images or throw a one-line PGMError, never crash or hang.
    @Test func mutatedFilesNeverCrash() throws {
        let image = GrayImage(width: 5, height: 4, pixels: (0..<20).map { Float($0) / 19 })
        let seeds: [[UInt8]] = [
            PGMWriter.encode(image), PGMWriter.encode(image, maxval: 65535),
            PGMWriter.encode(image, plain: true, comment: "c"),
            PGMWriter.encode(image) + PGMWriter.encode(image, plain: true),
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let interesting: [UInt8] = Array("P25# \n\t0123456789-+".utf8) + [0, 0xFF]
        var decoded = 0, rejected = 0
        for round in 0..<3000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...next(3) {
                switch next(4) {
                case 0: bytes[next(bytes.count)] = UInt8(next(256))
                case 1: bytes[next(bytes.count)] = interesting[next(interesting.count)]
                case 2: bytes.removeSubrange(next(bytes.count)...)
                default: bytes.insert(interesting[next(interesting.count)], at: next(bytes.count + 1))
                }
                if bytes.isEmpty { break }
            }
            do {
                let images = try PGMReader.decode(bytes)
                #expect(!images.isEmpty && images.allSatisfy { $0.pixels.allSatisfy { (0...1).contains($0) } })
                decoded += 1
            } catch let error as PGMError {
                #expect(!error.description.contains("\n"))
                rejected += 1
            }
        }
        #expect(decoded > 100 && rejected > 100, "decoded \(decoded), rejected \(rejected)")
    }
}
