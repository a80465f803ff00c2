import DigitsTestSupport
import Foundation
import Testing
@testable import DigitsKit

/// One test per class of malformed file, each asserting the specific error case.
@Suite struct ModelFileMalformedTests {
    typealias S = ModelFileTestSupport
    /// Byte offsets in the golden file ([3,4,2]: header 20 + 3·4 + 2 = 34 bytes).
    static let metadataStart = 34
    static let activationStart = 32

    /// Decoding `bytes` throws exactly `expected`.
    func expectError(_ bytes: [UInt8], _ expected: ModelFileError, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ModelFile.decode(bytes)
            Issue.record("decoded without error; expected \(expected)", sourceLocation: sourceLocation)
        } catch let error as ModelFileError {
            #expect(error == expected, sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A metadata entry with the given parts; `length` overrides the entry length field.
    static func entry(type: UInt8, key: [UInt8], value: [UInt8], length: UInt32? = nil) -> [UInt8] {
        var w = LittleEndianWriter()
        w.u32(length ?? UInt32(2 + key.count + value.count))
        w.u8(type)
        w.u8(UInt8(key.count))
        w.append(key)
        w.append(value)
        return w.bytes
    }

    /// The golden network with `metadata` as its raw metadata section, format minor `minor`,
    /// and a correct CRC.
    static func file(metadata: [UInt8], minor: UInt16 = 0) throws -> [UInt8] {
        var model = try S.goldenModel()
        model.metadata = Metadata()
        var bytes = try ModelFile.encode(model)
        bytes.insert(contentsOf: metadata, at: metadataStart)
        S.putU32(UInt32(metadata.count), at: 16, in: &bytes)
        S.putU16(minor, at: 10, in: &bytes)
        S.fixCRC(&bytes)
        return bytes
    }

    @Test func empty() {
        expectError([], .empty)
    }

    @Test func badMagic() throws {
        var bytes = try S.goldenBytes()
        bytes[1] = UInt8(ascii: "X")
        expectError(bytes, .badMagic(Array(bytes.prefix(8))))
        expectError(Array("{\"sizes\": [1,2]}".utf8), .badMagic(Array("{\"sizes\"".utf8)))
    }

    @Test func futureMajorVersionSaysWhichAndWhatToDo() throws {
        var bytes = try S.goldenBytes()
        S.putU16(2, at: 8, in: &bytes)
        S.putU16(3, at: 10, in: &bytes)
        expectError(bytes, .unsupportedMajorVersion(major: 2, minor: 3, supported: 1))
        let message = ModelFileError.unsupportedMajorVersion(major: 2, minor: 3, supported: 1).description
        #expect(message.contains("2.3") && message.contains("1.x") && message.contains("upgrade digits"))
        // Even a future file whose layout this build cannot follow reports its version.
        expectError(Array(bytes.prefix(12)), .unsupportedMajorVersion(major: 2, minor: 3, supported: 1))
    }

    @Test func newerMinorVersionSkipsUnknownMetadataTypes() throws {
        let meta = Self.entry(type: 1, key: Array("created-at".utf8), value: Array("x".utf8))
            + Self.entry(type: 99, key: Array("future-thing".utf8), value: [1, 2, 3, 4, 5])
            + Self.entry(type: 2, key: Array("seed".utf8), value: [7, 0, 0, 0, 0, 0, 0, 0])
        // 1.2: newer than the 1.1 this build knows.
        let info = try ModelFile.inspect(try Self.file(metadata: meta, minor: 2))
        #expect(info.minor == 2)
        #expect(info.ignoredMetadataEntries == 1)
        #expect(info.model.metadata.entries.map(\.key) == ["created-at", "seed"])
        #expect(info.model.metadata.int("seed") == 7)
    }

    @Test func unknownMetadataTypeInCurrentMinorIsRejected() throws {
        let meta = Self.entry(type: 99, key: Array("future-thing".utf8), value: [1])
        expectError(try Self.file(metadata: meta, minor: 0), .unknownMetadataType(key: "future-thing", code: 99))
        expectError(try Self.file(metadata: meta, minor: 1), .unknownMetadataType(key: "future-thing", code: 99))
    }

    @Test func truncatedAtEveryOffset() throws {
        let bytes = try S.goldenBytes()
        for n in 1..<bytes.count {
            do {
                _ = try ModelFile.decode(Array(bytes.prefix(n)))
                Issue.record("prefix of \(n) bytes decoded")
            } catch let error as ModelFileError {
                guard case .truncated(let size, let needed) = error else {
                    Issue.record("prefix of \(n) bytes: \(error)"); continue
                }
                #expect(size == n && needed > n, "prefix of \(n) bytes")
            }
        }
        expectError(Array(bytes.prefix(bytes.count - 1)), .truncated(size: bytes.count - 1, needed: bytes.count))
    }

    @Test func trailingBytes() throws {
        let bytes = try S.goldenBytes()
        expectError(bytes + [0], .trailingBytes(size: bytes.count + 1, expected: bytes.count))
    }

    @Test func checksumMismatch() throws {
        var bytes = try S.goldenBytes()
        let stored = S.u32(bytes, at: bytes.count - 4)
        bytes[bytes.count - 10] ^= 0x01
        let computed = crc32(bytes, 0..<(bytes.count - 4))
        expectError(bytes, .checksumMismatch(stored: stored, computed: computed))
    }

    @Test func unknownElementType() throws {
        var bytes = try S.goldenBytes()
        bytes[12] = 3
        expectError(bytes, .unknownElementType(3))
    }

    @Test func absurdLayerCount() throws {
        for count: UInt16 in [0, 1, 65, 0xFFFF] {
            var bytes = try S.goldenBytes()
            S.putU16(count, at: 14, in: &bytes)
            expectError(bytes, .badLayerCount(Int(count)))
        }
    }

    @Test func absurdLayerSizes() throws {
        for size: UInt32 in [0, UInt32(Network.maxLayerSize) + 1] {
            var bytes = try S.goldenBytes()
            S.putU32(size, at: 24, in: &bytes)
            do {
                _ = try ModelFile.decode(bytes)
                Issue.record("size \(size) accepted")
            } catch let error as ModelFileError {
                guard case .badLayerSizes = error else { Issue.record("size \(size): \(error)"); continue }
            }
        }
        // Each layer within bounds, but too many parameters together.
        var bytes = try S.goldenBytes()
        for i in 0..<3 { S.putU32(1 << 20, at: 20 + 4 * i, in: &bytes) }
        #expect(throws: ModelFileError.self) { try ModelFile.decode(bytes) }
    }

    @Test func sizeOverflow() {
        // 64 layers of 2^32 − 1 neurons: the implied size does not fit in 64 bits.
        var w = LittleEndianWriter()
        w.append(ModelFileFormat.magic)
        w.u16(1); w.u16(0); w.u8(1); w.u8(1); w.u16(64); w.u32(0)
        for _ in 0..<64 { w.u32(.max) }
        for _ in 0..<63 { w.u8(1) }
        w.u32(0)
        expectError(w.bytes, .sizeOverflow)
    }

    @Test func nanWeight() throws {
        var bytes = try S.goldenBytes()
        let firstWeight = Self.metadataStart + Int(S.u32(bytes, at: 16))
        S.putU32(Float.nan.bitPattern, at: firstWeight + 4 * 5, in: &bytes)
        S.fixCRC(&bytes)
        expectError(bytes, .nonFiniteParameter(layer: 1, isBias: false, index: 5))
    }

    @Test func infBias() throws {
        var bytes = try S.goldenBytes()
        // The last parameter is b^2[1], just before the CRC.
        S.putU32(Float.infinity.bitPattern, at: bytes.count - 8, in: &bytes)
        S.fixCRC(&bytes)
        expectError(bytes, .nonFiniteParameter(layer: 2, isBias: true, index: 1))
        S.putU32((-Float.infinity).bitPattern, at: bytes.count - 12, in: &bytes)
        S.fixCRC(&bytes)
        expectError(bytes, .nonFiniteParameter(layer: 2, isBias: true, index: 0))
    }

    @Test func float64ParameterBeyondFloat32() throws {
        var bytes = try ModelFile.encode(try S.goldenModel(), elementType: .float64)
        let v = (1e39 as Double).bitPattern
        for k in 0..<8 { bytes[bytes.count - 12 + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
        S.fixCRC(&bytes)
        expectError(bytes, .nonFiniteParameter(layer: 2, isBias: true, index: 1))
    }

    @Test func metadataLengthPastEnd() throws {
        var bytes = try S.goldenBytes()
        S.putU32(0x7FFF_FFFF, at: Self.metadataStart, in: &bytes)
        S.fixCRC(&bytes)
        expectError(bytes, .metadataEntryPastEnd(offset: Self.metadataStart))
        // A section that ends in the middle of an entry's fixed prefix.
        expectError(try Self.file(metadata: [3, 0, 0]), .metadataEntryPastEnd(offset: Self.metadataStart))
    }

    @Test func metadataSectionTooLarge() throws {
        var bytes = try S.goldenBytes()
        S.putU32(UInt32(ModelFileFormat.maxMetadataSize + 1), at: 16, in: &bytes)
        expectError(bytes, .metadataTooLarge(ModelFileFormat.maxMetadataSize + 1))
    }

    @Test func unknownActivation() throws {
        var bytes = try S.goldenBytes()
        bytes[Self.activationStart + 1] = 7
        S.fixCRC(&bytes)
        expectError(bytes, .unknownActivation(layer: 2, code: 7))
    }

    @Test func unknownCost() throws {
        var bytes = try S.goldenBytes()
        bytes[13] = 9
        S.fixCRC(&bytes)
        expectError(bytes, .unknownCost(9))
    }

    @Test func badUTF8Key() throws {
        let meta = Self.entry(type: 1, key: [0x61, 0xC3, 0x28], value: [])
        expectError(try Self.file(metadata: meta), .invalidKeyUTF8(offset: Self.metadataStart))
    }

    @Test func badUTF8StringValue() throws {
        let meta = Self.entry(type: 1, key: Array("k".utf8), value: [0xED, 0xA0, 0x80])  // a surrogate
        expectError(try Self.file(metadata: meta), .badMetadataValue(key: "k", reason: "string is not valid UTF-8"))
    }

    @Test func duplicateKey() throws {
        let meta = Self.entry(type: 2, key: Array("seed".utf8), value: [1, 0, 0, 0, 0, 0, 0, 0])
            + Self.entry(type: 1, key: Array("seed".utf8), value: Array("two".utf8))
        expectError(try Self.file(metadata: meta), .duplicateKey("seed"))
    }

    @Test func emptyKeyAndShortEntry() throws {
        expectError(try Self.file(metadata: Self.entry(type: 1, key: [], value: [])),
                    .badMetadataEntry(offset: Self.metadataStart, reason: "empty key"))
        let short = Self.entry(type: 1, key: Array("abc".utf8), value: [], length: 3)
        expectError(try Self.file(metadata: short + [0, 0]),
                    .badMetadataEntry(offset: Self.metadataStart, reason: "entry length 3 is shorter than its key (3 bytes)"))
    }

    @Test func wrongValueLengths() throws {
        expectError(try Self.file(metadata: Self.entry(type: 2, key: Array("i".utf8), value: [1, 2, 3])),
                    .badMetadataValue(key: "i", reason: "int64 value has 3 bytes, expected 8"))
        expectError(try Self.file(metadata: Self.entry(type: 5, key: Array("d".utf8), value: [0, 0, 0, 0, 0, 0, 0, 0, 1])),
                    .badMetadataValue(key: "d", reason: "float64 array of 9 bytes is not a multiple of 8"))
    }

    @Test func headerAloneDecidesTheFileSize() throws {
        // The reader checks a file's size from its first bytes before reading the rest.
        let golden = try S.goldenBytes()
        let prefix = Array(golden.prefix(ModelFile.maxHeaderSize))
        #expect(try ModelFile.parseHeader(prefix, fileSize: golden.count).sizes == [3, 4, 2])
        #expect(throws: ModelFileError.trailingBytes(size: 1 << 40, expected: golden.count)) {
            try ModelFile.parseHeader(prefix, fileSize: 1 << 40)
        }
        let dir = try TestSupport.makeTemporaryDirectory("modelfile-header")
        defer { TestSupport.removeDirectory(dir) }
        let path = dir + "/m.digits"
        try Data(golden + [0, 0]).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ModelFile.read(path)
            Issue.record("read a file with trailing bytes")
        } catch let error as FileError {
            #expect(error.path == path)
            #expect(error.underlying as? ModelFileError == .trailingBytes(size: golden.count + 2, expected: golden.count))
            #expect(error.description.hasPrefix(path + ": model file has 2 unexpected trailing bytes"))
        }
    }

    @Test func randomCorruptionNeverCrashes() throws {
        let golden = try S.goldenBytes()
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            var bytes = golden
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) { S.fixCRC(&bytes) }
            _ = try? ModelFile.decode(bytes)
        }
    }

    @Test func writerRefusesWhatReadersReject() throws {
        var model = try S.goldenModel()
        model.metadata[String(repeating: "k", count: 256)] = .int(1)
        #expect(throws: ModelFileError.self) { try ModelFile.encode(model) }
        model = try S.goldenModel()
        model.network.weights[0][2] = .nan
        #expect(throws: ModelFileError.nonFiniteParameter(layer: 1, isBias: false, index: 2)) { try ModelFile.encode(model) }
    }
}
