#!/usr/bin/env python3
"""Writes the small valid seed files of FuzzTesting/Corpus/<target>/ (run from anywhere).

Every seed is a valid input its parser accepts, so the fuzzers start from the deep paths; the
fuzzers' own finds are merged in separately (tools/fuzz merge). Deterministic output.
"""
import gzip, io, json, os, shutil, struct, zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(ROOT, "Corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gz(data, level=9, name=None, extra=None, hcrc=False, comment=None):
    """A gzip member with chosen optional header fields (mtime 0: deterministic)."""
    flags = (0x02 if hcrc else 0) | (0x04 if extra is not None else 0) | (0x08 if name else 0) | (0x10 if comment else 0)
    header = bytes([0x1F, 0x8B, 8, flags, 0, 0, 0, 0, 0, 3])
    if extra is not None:
        header += struct.pack("<H", len(extra)) + extra
    if name:
        header += name + b"\0"
    if comment:
        header += comment + b"\0"
    if hcrc:
        header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = c.compress(data) + c.flush()
    return header + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def idx_images(count, rows, cols):
    pixels = bytes((i * 37 + 11) % 256 for i in range(count * rows * cols))
    return struct.pack(">IIII", 0x803, count, rows, cols) + pixels


def idx_labels(count):
    return struct.pack(">II", 0x801, count) + bytes(i % 10 for i in range(count))


# IDX: raw and gzip, images and labels, the gzip header variants the loader must skip.
images, labels = idx_images(3, 4, 5), idx_labels(7)
write("FuzzIDX", "images-raw.idx", images)
write("FuzzIDX", "labels-raw.idx", labels)
write("FuzzIDX", "images.idx.gz", gz(images))
write("FuzzIDX", "labels.idx.gz", gz(labels))
write("FuzzIDX", "images-stored.idx.gz", gz(images, level=0))
write("FuzzIDX", "labels-two-members.idx.gz", gz(labels[:5]) + gz(labels[5:]))
write("FuzzIDX", "images-header-fields.idx.gz", gz(images, name=b"t10k-images-idx3-ubyte", extra=b"ab\2\0xy", hcrc=True, comment=b"c"))
write("FuzzIDX", "images-1x1x1.idx", idx_images(1, 1, 1))

# gzip: a few payloads and every optional header field.
text = b"The quick brown fox jumps over the lazy dog. " * 20
write("FuzzGzip", "text.gz", gz(text))
write("FuzzGzip", "empty.gz", gz(b""))
write("FuzzGzip", "stored.gz", gz(text[:100], level=0))
write("FuzzGzip", "fast.gz", gz(bytes(range(256)) * 4, level=1))
write("FuzzGzip", "two-members.gz", gz(b"hello ") + gz(b"world"))
write("FuzzGzip", "all-header-fields.gz", gz(b"x" * 300, name=b"name.txt", extra=b"XY\4\0abcd", hcrc=True, comment=b"comment"))
write("FuzzGzip", "labels.idx.gz", gz(labels))

# PGM: P5 8-bit and 16-bit, P2 with comments, several images in one file.
def p5(w, h, maxval=255):
    if maxval < 256:
        raster = bytes((i * 29) % (maxval + 1) for i in range(w * h))
    else:
        raster = b"".join(struct.pack(">H", (i * 4099) % (maxval + 1)) for i in range(w * h))
    return b"P5\n%d %d\n%d\n" % (w, h, maxval) + raster

def p2(w, h, maxval=15):
    rows = [" ".join(str((y * w + x) % (maxval + 1)) for x in range(w)) for y in range(h)]
    return b"P2\n# a comment\n%d %d\n%d\n" % (w, h, maxval) + "\n".join(rows).encode() + b"\n"

write("FuzzPGM", "p5-8bit.pgm", p5(6, 4))
write("FuzzPGM", "p5-16bit.pgm", p5(3, 3, 65535))
write("FuzzPGM", "p5-maxval-1.pgm", p5(4, 2, 1))
write("FuzzPGM", "p2-comments.pgm", p2(5, 3))
write("FuzzPGM", "p2-16bit.pgm", p2(2, 2, 1000))
write("FuzzPGM", "multi-image.pgm", p5(2, 2) + b"\n" + p2(2, 1) + p5(1, 1, 300))
write("FuzzPGM", "p5-comment-after-maxval.pgm", b"P5 2 1 255#c\n\n\xff\x00")

# Model files: the golden file, and f32/f64 files with every metadata type (FORMAT.md).
def model_file(sizes, element=1, cost=2, minor=0, metadata=b""):
    L = len(sizes)
    out = b"\x89DGT\r\n\x1a\n" + struct.pack("<HHBBHI", 1, minor, element, cost, L, len(metadata))
    out += b"".join(struct.pack("<I", n) for n in sizes) + bytes([1] * (L - 1)) + metadata
    fmt = "<f" if element == 1 else "<d"
    k = 0
    for l in range(1, L):
        for _ in range(sizes[l] * sizes[l - 1] + sizes[l]):
            out += struct.pack(fmt, ((k * 7) % 11 - 5) / 8.0)
            k += 1
    return out + struct.pack("<I", zlib.crc32(out))

def entry(kind, key, value):
    return struct.pack("<IBB", 2 + len(key) + len(value), kind, len(key)) + key + value

meta = (entry(1, b"tool-version", b"digits 0.1") + entry(2, b"epochs", struct.pack("<q", 3))
        + entry(3, b"learning-rate", struct.pack("<d", 0.5)) + entry(4, b"blob", b"\0\1\2")
        + entry(5, b"history", struct.pack("<6d", 1, 0.25, 0.9, 0.91, 0.5, float("nan"))))
golden = os.path.join(ROOT, "..", "Tests", "DigitsKitTests", "Fixtures", "ModelFile", "golden-v1.0.digits")
if os.path.exists(golden):
    write("FuzzModelFile", "golden-v1.0.digits", open(golden, "rb").read())
write("FuzzModelFile", "f32-metadata.digits", model_file([3, 2, 2], metadata=meta))
write("FuzzModelFile", "f64-quadratic.digits", model_file([2, 1], element=2, cost=1))
write("FuzzModelFile", "f32-deep.digits", model_file([1, 2, 1, 2]))
# A minor version newer than this build's (1.1): its unknown metadata types are skipped.
write("FuzzModelFile", "minor2-unknown-type.digits", model_file([2, 1], minor=2, metadata=entry(99, b"future", b"xyz") + entry(1, b"k", b"v")))
# Format 1.1: a softmax output layer with the log-likelihood cost.
golden11 = os.path.join(ROOT, "..", "Tests", "DigitsKitTests", "Fixtures", "ModelFile", "golden-v1.1.digits")
if os.path.exists(golden11):
    write("FuzzModelFile", "golden-v1.1.digits", open(golden11, "rb").read())

# network2.py JSON.
def network_json(sizes, cost="CrossEntropyCost", indent=None):
    k = [0]
    def v():
        k[0] += 1
        return ((k[0] * 7) % 11 - 5) / 3.0
    w = [[[v() for _ in range(sizes[l - 1])] for _ in range(sizes[l])] for l in range(1, len(sizes))]
    b = [[[v()] for _ in range(sizes[l])] for l in range(1, len(sizes))]
    return json.dumps({"sizes": sizes, "weights": w, "biases": b, "cost": cost}, indent=indent).encode()

write("FuzzJSON", "network-3-2-1.json", network_json([3, 2, 1]))
write("FuzzJSON", "network-quadratic-indented.json", network_json([2, 2], "QuadraticCost", indent=1))
write("FuzzJSON", "numbers.json", b'{"cost": "QuadraticCost", "sizes": [1, 1], "weights": [[[-1.5e-3]]], "biases": [[[2E+2]]], "x": {"s": "a\\u00e9\\"\\n", "t": [true, false, null]}}')
write("FuzzJSON", "network-4-3-2-1.json", network_json([4, 3, 2, 1]))
write("FuzzJSON", "network-log-likelihood.json", network_json([3, 3], "LogLikelihoodCost"))

# Metadata sections (FuzzMetadata puts each into a valid [4, 3, 2] model): a resumable
# checkpoint with every train.* key, recorded distortions, a bare history, nothing at all.
def i64(key, v): return entry(2, key, struct.pack("<q", v))
def f64(key, v): return entry(3, key, struct.pack("<d", v))
def text(key, v): return entry(1, key, v)
def history(*records): return entry(5, b"history", b"".join(struct.pack("<6d", *r) for r in records))
nan = float("nan")
parameters = 4 * (4 * 3 + 3 + 3 * 2 + 2)
checkpoint = (i64(b"seed", 7) + i64(b"epochs", 2) + i64(b"mini-batch-size", 2) + f64(b"learning-rate", 0.5)
              + f64(b"lambda", 0.1) + f64(b"momentum", 0.5) + text(b"cost", b"cross-entropy")
              + text(b"initialization", b"scaled") + i64(b"threads", 1) + i64(b"validation-size", 2)
              + i64(b"training-size", 2) + f64(b"validation-accuracy", 0.5)
              + i64(b"train.epochs-planned", 5) + text(b"train.eta-schedule", b"halve-on-plateau:2")
              + i64(b"train.early-stop", 3) + i64(b"train.monitor-test", 1) + f64(b"train.eta", 0.25)
              + i64(b"train.plateau-count", 1) + i64(b"train.epochs-since-best", 0)
              + f64(b"train.best-validation-accuracy", 0.5) + i64(b"train.best-epoch", 2)
              + entry(4, b"train.velocities", bytes(parameters)) + entry(4, b"train.best-parameters", bytes(parameters))
              + history((1, 0.5, 0.5, 0.5, 0.5, 0.01), (2, 0.25, 0.5, 1.0, 0.5, 0.02)))
write("FuzzMetadata", "checkpoint.meta", checkpoint)
augment = (i64(b"seed", 1) + i64(b"mini-batch-size", 1) + f64(b"learning-rate", 3) + i64(b"train.epochs-planned", 1)
           + text(b"train.eta-schedule", b"step:2:0.5") + text(b"train.augment", b"elastic")
           + f64(b"train.augment.shift", 2) + f64(b"train.augment.rotation", 10) + f64(b"train.augment.scale", 0.1)
           + f64(b"train.augment.shear", 0.15) + f64(b"train.augment.elastic-alpha", 34)
           + f64(b"train.augment.elastic-sigma", 4) + i64(b"train.augment.field-pool", 8) + text(b"train.recipe", b"elastic"))
write("FuzzMetadata", "augment.meta", augment)
write("FuzzMetadata", "history.meta", history((1, 0.5, nan, nan, 3, 1), (2, 0.25, 0.9, nan, 1.5, 2), (10, 0.125, 1, 0, 0.75, 0)))
write("FuzzMetadata", "empty.meta", b"")

# PNG: every colour type and depth, palette with tRNS, Adam7, an ancillary chunk (tiny images).
def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, depth, colour, interlace=0, plte=b"", trns=None, extra=b""):
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row_bytes = (width * channels * depth + 7) // 8
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in (passes if interlace else [(0, 0, 1, 1)]):
        cols = len(range(x0, width, dx))
        if cols == 0:
            continue
        n = (cols * channels * depth + 7) // 8
        for y in range(y0, height, dy):
            raw += bytes([y % 5]) + bytes((y * 31 + i * 17) % 256 for i in range(n))
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace))
    out += extra
    if plte:
        out += png_chunk(b"PLTE", plte)
    if trns is not None:
        out += png_chunk(b"tRNS", trns)
    return out + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")


PALETTE = bytes(range(0, 256, 1))[:48]  # 16 colours
write("FuzzPNG", "grey-1.png", png(9, 3, 1, 0))
write("FuzzPNG", "grey-2.png", png(5, 2, 2, 0))
write("FuzzPNG", "grey-4.png", png(3, 3, 4, 0))
write("FuzzPNG", "grey-8-gamma.png", png(4, 4, 8, 0, extra=png_chunk(b"gAMA", struct.pack(">I", 45455))))
write("FuzzPNG", "grey-16-trns.png", png(3, 2, 16, 0, trns=b"\x00\x07"))
write("FuzzPNG", "rgb-8.png", png(3, 3, 8, 2))
write("FuzzPNG", "rgb-16.png", png(2, 2, 16, 2))
write("FuzzPNG", "palette-4-trns.png", png(5, 3, 4, 3, plte=PALETTE, trns=b"\x00\x80"))
write("FuzzPNG", "palette-8.png", png(3, 3, 8, 3, plte=PALETTE + bytes(720)))
write("FuzzPNG", "grey-alpha-8.png", png(3, 2, 8, 4))
write("FuzzPNG", "rgba-16.png", png(2, 2, 16, 6))
write("FuzzPNG", "rgba-8-adam7.png", png(9, 9, 8, 6, interlace=1))
write("FuzzPNG", "grey-1-adam7.png", png(10, 3, 1, 0, interlace=1))

