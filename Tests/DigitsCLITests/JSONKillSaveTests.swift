import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL `digits import-json` at random moments while it saves: the model on disk always loads
/// and is the old or the new one, and temporary files do not pile up. (The thorough version with
/// a big network and 1000+ kills is `tools/kill-save-test`.)
@Suite struct JSONKillSaveTests {
    static func randomJSON(sizes: [Int], seed: UInt64) throws -> [UInt8] {
        var state = seed
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
        }
        let w = (1..<sizes.count).map { i in (0..<(sizes[i] * sizes[i - 1])).map { _ in next() } }
        let b = (1..<sizes.count).map { i in (0..<sizes[i]).map { _ in next() } }
        return try NetworkJSON.encode(Model(network: try Network(sizes: sizes, weights: w, biases: b)))
    }

    @Test func killedSavesLeaveTheOldOrTheNewModel() throws {
        let dir = try TestSupport.makeTemporaryDirectory("digits-kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        let sizes = [196, 100, 10]
        var hashes: [String] = []
        for (name, seed) in [("a.json", UInt64(1)), ("b.json", 2)] {
            let json = try Self.randomJSON(sizes: sizes, seed: seed)
            try Data(json).write(to: URL(fileURLWithPath: dir + "/" + name))
            hashes.append(ModelFile.parameterSHA256(try NetworkJSON.decode(json).network))
        }
        #expect(try runDigits(["import-json", "a.json", "-o", "m.digits"], in: dir).status == 0)

        // Delays spread over one uninterrupted run's duration (a tuning figure, not an assertion).
        let start = Date()
        #expect(try runDigits(["import-json", "b.json", "-o", "m.digits"], in: dir).status == 0)
        let runMicroseconds = max(1000, Int(Date().timeIntervalSince(start) * 1_000_000))
        var current = hashes[1]
        var rng = SystemRandomNumberGenerator()
        for i in 0..<30 {
            let source = i % 2 == 0 ? "a.json" : "b.json"
            let new = hashes[i % 2]
            let process = Process()
            process.executableURL = digitsExecutable()
            process.arguments = ["import-json", source, "-o", "m.digits"]
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if i % 2 == 0 {
                usleep(UInt32.random(in: 0...UInt32(runMicroseconds * 11 / 10), using: &rng))
            } else {
                // Aim at the save: wait for the temporary file, then up to 1 ms more.
                while process.isRunning,
                      !(try fm.contentsOfDirectory(atPath: dir)).contains(where: { $0.hasPrefix(".m.digits.tmp-") }) {
                    usleep(100)
                }
                usleep(UInt32.random(in: 0...1000, using: &rng))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus == 0, "iteration \(i)")

            let names = try fm.contentsOfDirectory(atPath: dir)
            let temporaries = names.filter { $0.hasPrefix(".m.digits.tmp-") }
            #expect(temporaries.count <= 1, "iteration \(i): \(names)")
            #expect(Set(names).subtracting(temporaries) == ["a.json", "b.json", "m.digits"], "iteration \(i): \(names)")
            let hash = ModelFile.parameterSHA256(try ModelFile.read(dir + "/m.digits").network)
            if hash == new { current = new }
            #expect(hash == current, "iteration \(i): neither the old nor the new model")
        }
    }
}
