import DigitsTestSupport
import DigitsKit
import Testing

/// One test per malformed-input class, each asserting the specific error case, on raw and gzip input.
@Suite struct IDXTests {
    /// Both encodings of the same IDX bytes: the parser must treat them alike.
    static func encodings(_ bytes: [UInt8]) -> [[UInt8]] { [bytes, IDXFixtures.gzip(bytes)] }

    @Test(arguments: [false, true])
    func parsesImagesAndLabels(gzip: Bool) throws {
        let imageFile = IDXFixtures.images(count: 3, rows: 28, columns: 28)
        let labelFile = IDXFixtures.labels([7, 2, 1])
        let images = try IDXFile.parseImages(gzip ? IDXFixtures.gzip(imageFile) : imageFile)
        #expect(images.count == 3 && images.rows == 28 && images.columns == 28)
        #expect(images.pixels == IDXFixtures.pixels(count: 3))
        #expect(try IDXFile.parseLabels(gzip ? IDXFixtures.gzip(labelFile) : labelFile, classCount: 10) == [7, 2, 1])
    }

    @Test func nonSquareImagesKeepTheirShape() throws {
        let images = try IDXFile.parseImages(IDXFixtures.images(count: 2, rows: 3, columns: 5))
        #expect(images.rows == 3 && images.columns == 5 && images.pixels.count == 30)
    }

    @Test func emptyFile() {
        #expect(throws: IDXError.empty) { try IDXFile.parseImages([]) }
        #expect(throws: IDXError.empty) { try IDXFile.parseLabels([], classCount: 10) }
    }

    @Test func emptyGzipStream() {
        #expect(throws: IDXError.truncatedHeader(length: 0, needed: 4)) { try IDXFile.parseImages(IDXFixtures.gzip([])) }
    }

    @Test func neitherGzipNorIDX() {
        #expect(throws: IDXError.badMagic(0x3c68_746d)) { try IDXFile.parseImages(Array("<html><body>404</body></html>".utf8)) }
    }

    @Test(arguments: encodings(IDXFixtures.labels([1, 2]).enumerated().map { $0.offset == 1 ? 0x01 : $0.element }))
    func badMagic(bytes: [UInt8]) {
        #expect(throws: IDXError.badMagic(0x0001_0801)) { try IDXFile.parseLabels(bytes, classCount: 10) }
    }

    @Test(arguments: encodings(IDXFixtures.idx(type: 0x0D, dimensions: [2], data: [0, 0, 0, 0, 0, 0, 0, 0])))
    func wrongType(bytes: [UInt8]) {
        #expect(throws: IDXError.unsupportedType(0x0D)) { try IDXFile.parseLabels(bytes, classCount: 10) }
    }

    @Test func wrongDimensionCount() {
        #expect(throws: IDXError.wrongDimensionCount(found: 1, expected: 3)) {
            try IDXFile.parseImages(IDXFixtures.labels([1, 2, 3]))
        }
        #expect(throws: IDXError.wrongDimensionCount(found: 3, expected: 1)) {
            try IDXFile.parseLabels(IDXFixtures.gzip(IDXFixtures.images(count: 1)), classCount: 10)
        }
    }

    @Test func truncatedHeader() {
        let bytes = IDXFixtures.images(count: 1)
        #expect(throws: IDXError.truncatedHeader(length: 3, needed: 4)) { try IDXFile.parseImages(Array(bytes[..<3])) }
        #expect(throws: IDXError.truncatedHeader(length: 10, needed: 16)) { try IDXFile.parseImages(Array(bytes[..<10])) }
    }

    @Test(arguments: [0, 1, 2])
    func zeroDimension(index: Int) {
        var dims: [UInt32] = [2, 28, 28]
        dims[index] = 0
        #expect(throws: IDXError.zeroDimension(index: index)) {
            try IDXFile.parseImages(IDXFixtures.idx(dimensions: dims, data: []))
        }
    }

    @Test func hugeDimensions() {
        #expect(throws: IDXError.dimensionTooLarge(index: 0, value: 0xffff_ffff, limit: IDXFile.maxCount)) {
            try IDXFile.parseImages(IDXFixtures.idx(dimensions: [0xffff_ffff, 28, 28], data: []))
        }
        #expect(throws: IDXError.dimensionTooLarge(index: 2, value: 5000, limit: IDXFile.maxSide)) {
            try IDXFile.parseImages(IDXFixtures.idx(dimensions: [1, 28, 5000], data: []))
        }
        // Each dimension within bounds, the product (10M × 28 × 28 ≈ 7.8 GB) not.
        #expect(throws: IDXError.payloadTooLarge(limit: IDXFile.maxPayloadBytes)) {
            try IDXFile.parseImages(IDXFixtures.idx(dimensions: [10_000_000, 28, 28], data: []))
        }
    }

    @Test func headerPromisingMoreThanTheFileCanHoldIsRejectedBeforeAllocating() {
        // 1M images (784 MB) claimed by a file of a few dozen bytes.
        #expect(throws: IDXError.shortPayload(expected: 784_000_000, actual: 4)) {
            try IDXFile.parseImages(IDXFixtures.idx(dimensions: [1_000_000, 28, 28], data: [1, 2, 3, 4]))
        }
        let gz = IDXFixtures.gzip(IDXFixtures.idx(dimensions: [1_000_000, 28, 28], data: [1, 2, 3]))
        #expect {
            try IDXFile.parseImages(gz)
        } throws: { error in
            if case IDXError.impliedSizeExceedsInput(784_000_000, _) = error { return true }
            return false
        }
    }

    @Test(arguments: encodings(IDXFixtures.idx(dimensions: [3, 28, 28], data: IDXFixtures.pixels(count: 2))))
    func shortPayload(bytes: [UInt8]) {
        #expect(throws: IDXError.shortPayload(expected: 3 * 784, actual: 2 * 784)) { try IDXFile.parseImages(bytes) }
    }

    @Test(arguments: encodings(IDXFixtures.labels([1, 2, 3]) + [4]))
    func trailingBytes(bytes: [UInt8]) {
        #expect(throws: IDXError.trailingBytes(expected: 3)) { try IDXFile.parseLabels(bytes, classCount: 10) }
    }

    @Test(arguments: encodings(IDXFixtures.labels([1, 2, 10, 3])))
    func labelOutOfRange(bytes: [UInt8]) throws {
        #expect(throws: IDXError.labelOutOfRange(index: 2, label: 10, classCount: 10)) {
            try IDXFile.parseLabels(bytes, classCount: 10)
        }
        #expect(try IDXFile.parseLabels(bytes, classCount: 11) == [1, 2, 10, 3])
    }

    @Test(arguments: [2, 8, 10, 20, 60, -20, -8, -3, -1])
    func truncatedGzip(cut: Int) {
        let gz = IDXFixtures.gzip(IDXFixtures.images(count: 2))
        let length = cut >= 0 ? cut : gz.count + cut
        #expect(throws: GzipError.truncated) { try IDXFile.parseImages(Array(gz[..<length])) }
    }

    @Test func badGzipCRCAndISIZE() {
        var gz = IDXFixtures.gzip(IDXFixtures.images(count: 2))
        gz[gz.count - 6] ^= 0x80
        #expect {
            try IDXFile.parseImages(gz)
        } throws: { error in
            if case GzipError.crcMismatch = error { return true }
            return false
        }
        gz = IDXFixtures.gzip(IDXFixtures.images(count: 2))
        gz[gz.count - 1] = 0x01
        let size = UInt32(16 + 2 * 784)
        #expect(throws: GzipError.sizeMismatch(expected: size | 0x0100_0000, actual: size)) { try IDXFile.parseImages(gz) }
    }

    @Test func trailingGarbageAfterGzip() {
        let gz = IDXFixtures.gzip(IDXFixtures.labels([1, 2, 3]))
        #expect(throws: GzipError.trailingGarbage(offset: gz.count, count: 4)) {
            try IDXFile.parseLabels(gz + Array("junk".utf8), classCount: 10)
        }
    }

    @Test func followingGzipMemberIsAContinuation() throws {
        let file = IDXFixtures.images(count: 2)
        let gz = IDXFixtures.gzip(Array(file[..<100])) + IDXFixtures.gzip(Array(file[100...]))
        #expect(try IDXFile.parseImages(gz).pixels == IDXFixtures.pixels(count: 2))
    }

    @Test func gzipBombIsRejectedAfterTheImpliedSize() {
        // A header for one 28×28 image, then 256 MiB of zeros (about 256 KiB compressed, as 256
        // members of 1 MiB): the parser must stop one byte after the 784 implied bytes.
        let member = IDXFixtures.gzipZeros(1 << 20)
        var bomb = IDXFixtures.gzip(IDXFixtures.idx(dimensions: [1, 28, 28], data: []))
        for _ in 0..<256 { bomb += member }
        #expect(bomb.count < 400_000)
        #expect(throws: IDXError.trailingBytes(expected: 784)) { try IDXFile.parseImages(bomb) }
    }

    @Test func fileErrorsNameThePath() throws {
        let dir = try TestSupport.makeTemporaryDirectory("idx")
        defer { TestSupport.removeDirectory(dir) }
        try IDXFixtures.write(Array("not idx".utf8), to: dir, "bad.idx")
        #expect {
            try IDXFile.readImages(path: dir + "/bad.idx")
        } throws: { error in
            let e = error as? FileError
            return e?.path == dir + "/bad.idx" && e?.underlying is IDXError && e?.kind == .badInput
                && e?.description.hasPrefix(dir + "/bad.idx: not an IDX file") == true
        }
        #expect {
            try IDXFile.readLabels(path: dir + "/absent", classCount: 10)
        } throws: { error in
            (error as? FileError)?.underlying as? FileReadError == .missing && (error as? DigitsError)?.kind == .badInput
        }
        #expect {
            try IDXFile.readLabels(path: dir, classCount: 10)
        } throws: { error in
            (error as? FileError)?.underlying as? FileReadError == .notRegularFile
        }
    }
}

/// Damaged inputs never crash the parser: each one parses or throws a typed error.
@Suite struct IDXMutationTests {
    @Test(arguments: [false, true])
    func randomByteDamageIsAlwaysHandled(gzip: Bool) throws {
        let original = IDXFixtures.images(count: 3, rows: 4, columns: 5)
        let file = gzip ? IDXFixtures.gzip(original) : original
        var rng = DamageRandom(seed: gzip ? 1 : 2)
        for _ in 0..<400 {
            var bytes = file
            switch rng.next() % 3 {
            case 0:  // flip a byte
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            case 1:  // cut
                bytes.removeLast(Int(rng.next() % UInt64(bytes.count)) + 1)
            default:  // append
                bytes += (0..<Int(rng.next() % 8 + 1)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            do {
                let images = try IDXFile.parseImages(bytes)
                #expect(images.pixels.count == images.count * images.rows * images.columns)
            } catch {
                #expect(error is IDXError || error is GzipError, "unexpected \(error)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) for reproducible damage.
private struct DamageRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
