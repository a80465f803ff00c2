// DistortCost: what distorting one epoch of training images costs on ONE thread, in-process
// (tools/bench-augment --distort-only builds and runs this; not a test, figures vary with the
// machine's load).
//
// Distorts the first 50,000 MNIST training images (the training split of a run) with
// Augmenter.distort(threads: 1) as affine, as elastic, and as elastic with a pool of one field
// (the warp alone: the pool's cost is the difference), in alternating rounds, one epoch per
// round. Prints, per kind, the fastest / median / slowest round in ns of CPU time (the process's,
// so that waiting for the shared cores is not counted) per output pixel and a checksum of every image made (FNV-1a over all rounds), so that two builds can be checked
// for the same bits as well as timed.
//
// Usage: DistortCost MNIST_DIR [ROUNDS] [IMAGES]   (defaults: 7 rounds, 50,000 images)
import DigitsKit
import Foundation

/// CPU time used by the process so far, in ns.
func cpuNanoseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
}

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write("usage: DistortCost MNIST_DIR [ROUNDS] [IMAGES]\n".data(using: .utf8)!)
    exit(2)
}
let rounds = max(1, arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7)
let idx = try IDXFile.readImages(path: arguments[1] + "/train-images-idx3-ubyte.gz")
let count = min(arguments.count > 3 ? Int(arguments[3]) ?? 50_000 : 50_000, idx.pixels.count / (idx.rows * idx.columns))
let n = idx.rows * idx.columns
let images = LabeledImages(rows: idx.rows, columns: idx.columns, pixels: Array(idx.pixels[0 ..< count * n]),
                           labels: [UInt8](repeating: 0, count: count))

/// FNV-1a over `bytes`, continuing from `hash`.
func fnv1a(_ bytes: [UInt8], _ hash: UInt64) -> UInt64 {
    var h = hash
    for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return h
}

let kinds: [(name: String, augmenter: Augmenter)] = [
    ("affine", Augmenter(options: AugmentationOptions(kind: .affine), seed: 1)),
    ("elastic", Augmenter(options: AugmentationOptions(kind: .elastic), seed: 1)),
    ("elastic, pool of 1", Augmenter(options: AugmentationOptions(kind: .elastic), seed: 1, fieldPoolSize: 1)),
]
var samples = [[Double]](repeating: [], count: kinds.count)
var checksums = [UInt64](repeating: 0xcbf2_9ce4_8422_2325, count: kinds.count)
for round in 0..<rounds {
    for (k, kind) in kinds.enumerated() {
        let start = cpuNanoseconds()
        let out = kind.augmenter.distort(images, epoch: round, threads: 1)
        samples[k].append((cpuNanoseconds() - start) / Double(count * n))
        checksums[k] = fnv1a(out.pixels, checksums[k])
    }
}
print("\(count) images of \(idx.columns)×\(idx.rows), \(rounds) rounds, one thread: CPU ns per output pixel (min / median / max), checksum")
for (k, kind) in kinds.enumerated() {
    let s = samples[k].sorted()
    print(kind.name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%6.2f / %6.2f / %6.2f   %016llx", s[0], s[s.count / 2], s[s.count - 1], checksums[k]))
}
