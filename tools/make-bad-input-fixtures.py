#!/usr/bin/env python3
"""Writes the malformed-input fixtures under Tests/DigitsKitTests/Fixtures/BadInputs/.

One folder per reader: IDX/ (raw IDX), Gzip/ (gzip-wrapped IDX), ModelFile/ (mutations of the
golden model file, CRC fixed up where the point is to reach a later check) and JSON/
(network2.py JSON). Each file breaks its format in one way. IDX and gzip names start with
`images-` or `labels-`: the kind of dataset file they stand for. The error each must give is in
Tests/DigitsKitTests/BadInputFixtureTests.swift; Tests/DigitsCLITests/BadInputFixtureCLITests.swift
runs the command that reads each one. docs/bad-inputs.md describes the error classes.
Deterministic (no timestamps, fixed compression level). Run from anywhere:

    python3 tools/make-bad-input-fixtures.py
"""
import os
import struct
import zlib

from fixturegen import FIXTURES, write_fixtures

# ---------------------------------------------------------------------------------------------
# IDX


def idx(dims, data=b"", type_byte=0x08, ndims=None):
    """An IDX file: magic 00 00 type ndims, big-endian u32 dimensions, then `data`."""
    n = len(dims) if ndims is None else ndims
    return bytes([0, 0, type_byte, n]) + b"".join(struct.pack(">I", d) for d in dims) + data


# A valid tiny images file (2 images of 4×4) and labels file (2 labels).
IMAGES = idx([2, 4, 4], bytes(range(32)))
LABELS = idx([2], b"\x03\x07")

IDX = {
    "images-empty.idx": b"",
    "images-one-byte.idx": b"\x00",
    "images-text.idx": b"hello, this is not an IDX file\n",
    "images-png-signature.idx": b"\x89PNG\r\n\x1a\n" + bytes(24),
    "images-utf8-bom.idx": b"\xef\xbb\xbf" + IMAGES,
    "images-magic-first-byte-set.idx": b"\x01" + IMAGES[1:],
    "images-type-signed-byte.idx": idx([2, 4, 4], bytes(32), type_byte=0x09),
    "images-type-int32.idx": idx([2, 4, 4], bytes(128), type_byte=0x0C),
    "images-type-float64.idx": idx([2, 4, 4], bytes(256), type_byte=0x0E),
    "images-ndims-1.idx": LABELS,
    "images-ndims-2.idx": idx([2, 16], bytes(32)),
    "images-ndims-4.idx": idx([2, 4, 4, 1], bytes(32)),
    "images-ndims-255.idx": idx([], ndims=255),
    "labels-ndims-0.idx": idx([], ndims=0),
    "labels-ndims-3.idx": IMAGES,
    "images-short-header-magic.idx": b"\x00\x00\x08",
    "images-short-header-dims.idx": idx([2, 4, 4])[:10],
    "labels-short-header.idx": b"\x00\x00\x08\x01\x00\x00",
    "images-count-zero.idx": idx([0, 4, 4]),
    "images-rows-zero.idx": idx([2, 0, 4]),
    "images-columns-zero.idx": idx([2, 4, 0]),
    "labels-count-zero.idx": idx([0]),
    "images-count-huge.idx": idx([0xFFFFFFFF, 28, 28]),
    "images-rows-huge.idx": idx([1, 5000, 28]),
    "images-columns-max-u32.idx": idx([1, 28, 0xFFFFFFFF]),
    "labels-count-huge.idx": idx([10_000_001]),
    # 65536 × 256 × 256 = 2^32: wraps to 0 in u32 arithmetic; 4 GiB > the 1 GiB bound.
    "images-product-overflows-u32.idx": idx([65536, 256, 256]),
    # 16385 × 256 × 256 = 1 GiB + 64 KiB: every dimension within bounds, the product not.
    "images-product-just-over-1gib.idx": idx([16385, 256, 256]),
    "images-product-huge.idx": idx([10_000_000, 4096, 4096]),
    "images-header-only.idx": idx([2, 4, 4]),
    "images-short-payload.idx": IMAGES[:-1],
    "images-short-payload-big-claim.idx": idx([1000, 28, 28], bytes(10)),
    "labels-short-payload.idx": idx([3], b"\x01\x02"),
    "images-trailing-byte.idx": IMAGES + b"\x00",
    "images-two-files-concatenated.idx": IMAGES + IMAGES,
    "labels-trailing-bytes.idx": LABELS + b"\n\n",
    "labels-out-of-range-10.idx": idx([4], b"\x00\x09\x0a\x01"),
    "labels-out-of-range-255.idx": idx([2], b"\xff\x00"),
}

# ---------------------------------------------------------------------------------------------
# gzip


def deflate_raw(data, level=9):
    """Raw deflate data (no zlib or gzip wrapper)."""
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
    return c.compress(data) + c.flush()


def gzip_member(data, flags=0, method=8, extra=b"", crc=None, isize=None, body=None):
    """One gzip member of `data` (MTIME 0, OS 255); overridable fields for breaking it."""
    header = bytes([0x1F, 0x8B, method, flags]) + b"\x00\x00\x00\x00" + b"\x00\xff" + extra
    body = deflate_raw(data) if body is None else body
    crc = zlib.crc32(data) if crc is None else crc
    isize = len(data) & 0xFFFFFFFF if isize is None else isize
    return header + body + struct.pack("<II", crc, isize)


class BitWriter:
    """Deflate's bit order: fields LSB first, Huffman codes MSB first."""

    def __init__(self):
        self.bits = []

    def field(self, value, count):
        self.bits += [(value >> i) & 1 for i in range(count)]

    def code(self, value, count):
        self.bits += [(value >> (count - 1 - i)) & 1 for i in range(count)]

    def bytes(self):
        bits = self.bits + [0] * (-len(self.bits) % 8)
        return bytes(sum(bits[i + j] << j for j in range(8)) for i in range(0, len(bits), 8))


def distance_too_far_back():
    """A fixed-Huffman block whose first symbol copies from before the start of the data."""
    w = BitWriter()
    w.field(1, 1)  # BFINAL
    w.field(1, 2)  # BTYPE 01: fixed Huffman codes
    w.code(0b0000001, 7)  # length symbol 257: length 3
    w.code(0, 5)  # distance symbol 0: distance 1
    w.code(0, 7)  # end of block (256)
    return w.bytes()


GZ_IMAGES = gzip_member(IMAGES)
ZEROS = bytes(4 << 20)


def with_flags(flags, after_header):
    return gzip_member(IMAGES, flags=flags, extra=after_header)


GZIP = {
    "images-magic-only.gz": b"\x1f\x8b",
    "images-header-cut-at-5.gz": GZ_IMAGES[:5],
    "images-header-only.gz": GZ_IMAGES[:10],
    "images-cut-in-deflate-data.gz": GZ_IMAGES[:20],
    "images-cut-before-trailer.gz": GZ_IMAGES[:-8],
    "images-cut-in-trailer.gz": GZ_IMAGES[:-4],
    "images-cut-one-byte-short.gz": GZ_IMAGES[:-1],
    "images-bad-crc.gz": gzip_member(IMAGES, crc=zlib.crc32(IMAGES) ^ 1),
    "images-bad-isize.gz": gzip_member(IMAGES, isize=len(IMAGES) + 1),
    "images-trailing-garbage.gz": GZ_IMAGES + b"garbage",
    "images-trailing-zero-padding.gz": GZ_IMAGES + bytes(16),
    "images-trailing-single-1f.gz": GZ_IMAGES + b"\x1f",
    # Two members (concatenated, as gzip -d does: the IDX file is split between them), then garbage.
    "images-two-members-then-garbage.gz": gzip_member(IMAGES[:20]) + gzip_member(IMAGES[20:]) + b"\x00junk",
    "images-second-member-cut.gz": gzip_member(IMAGES[:20]) + gzip_member(IMAGES[20:])[:12],
    "images-second-member-bad-method.gz": gzip_member(IMAGES[:20]) + gzip_member(IMAGES[20:], method=7),
    "images-method-stored-0.gz": gzip_member(IMAGES, method=0),
    "images-method-7.gz": gzip_member(IMAGES, method=7),
    "images-reserved-flag-0x20.gz": gzip_member(IMAGES, flags=0x20),
    "images-reserved-flags-0xe0.gz": gzip_member(IMAGES, flags=0xE0),
    "images-bad-header-crc.gz": with_flags(0x02, b"\x00\x00"),
    "images-header-crc-cut.gz": with_flags(0x02, b"")[:11],
    "images-fextra-past-end.gz": (bytes([0x1F, 0x8B, 8, 0x04]) + bytes(4) + b"\x00\xff" + b"\x64\x00abc"),
    "images-fname-unterminated.gz": (bytes([0x1F, 0x8B, 8, 0x08]) + bytes(4) + b"\x00\xff" + b"train-images"),
    "images-fcomment-unterminated.gz": (bytes([0x1F, 0x8B, 8, 0x10]) + bytes(4) + b"\x00\xff" + b"a comment"),
    "images-invalid-block-type.gz": gzip_member(IMAGES, body=b"\x07" + bytes(8)),
    "images-stored-block-bad-length.gz": gzip_member(IMAGES, body=b"\x01\x20\x00\x00\x00" + IMAGES),
    "images-distance-too-far-back.gz": gzip_member(IMAGES, body=distance_too_far_back()),
    "images-empty-member.gz": gzip_member(b""),
    "images-gzip-of-text.gz": gzip_member(b"hello, this is not an IDX file\n"),
    "images-gzip-in-gzip.gz": gzip_member(GZ_IMAGES),
    "images-gzip-short-payload.gz": gzip_member(IMAGES[:-1]),
    "images-gzip-trailing-data.gz": gzip_member(IMAGES + b"\x00"),
    "labels-gzip-out-of-range.gz": gzip_member(idx([3], b"\x01\x0b\x02")),
    "labels-gzip-ndims-3.gz": gzip_member(IMAGES),
    # Bombs: 4 KiB that inflate to 4 MiB, far beyond what the IDX header implies (32 bytes of
    # images, 2 labels); the reader must stop at the implied size.
    "images-bomb.gz": gzip_member(idx([2, 4, 4]) + ZEROS),
    "labels-bomb.gz": gzip_member(idx([2]) + ZEROS),
    # A header promising the largest allowed data (1 GiB) in a few bytes: rejected before
    # allocating, since deflate cannot expand more than ~1032:1.
    "images-claims-1gib.gz": gzip_member(idx([16384, 256, 256]) + bytes(64)),
}

# ---------------------------------------------------------------------------------------------
# Model files (mutations of the golden file; layout in Sources/DigitsKit/ModelFile/FORMAT.md)

with open(os.path.join(FIXTURES, "ModelFile", "golden-v1.0.digits"), "rb") as f:
    GOLDEN = f.read()
assert len(GOLDEN) == 550

METADATA = 0x22  # first metadata entry (created-at)
PARAMS = 0x1BA  # w^1[0]; then b^1 at +48, w^2 at +64, b^2 at +96


def fix_crc(data):
    """`data` with its last four bytes replaced by the CRC-32 of the rest."""
    return data[:-4] + struct.pack("<I", zlib.crc32(data[:-4]))


def patch(offset, new, crc=True, base=GOLDEN):
    """The golden file with `new` written at `offset` (CRC recomputed unless `crc` is False)."""
    data = base[:offset] + new + base[offset + len(new):]
    assert len(data) == len(base)
    return fix_crc(data) if crc else data


def entry_offset(key):
    """The offset of the metadata entry whose key is `key`."""
    i = GOLDEN.index(key.encode()) - 6
    assert GOLDEN[i + 5] == len(key)
    return i


def header(layers, sizes=None, metadata_size=0, element_type=1, cost=2):
    """A model header with the given layer count and sizes (no metadata, no parameters)."""
    sizes = sizes if sizes is not None else [1] * layers
    return (GOLDEN[:8] + struct.pack("<HHBBHI", 1, 0, element_type, cost, layers, metadata_size)
            + b"".join(struct.pack("<I", s) for s in sizes) + b"\x01" * (len(sizes) - 1))


def as_float64(values):
    """The golden file converted to element type 2 with the given f32 parameters as f64."""
    body = GOLDEN[:12] + b"\x02" + GOLDEN[13:PARAMS] + b"".join(struct.pack("<d", v) for v in values)
    return fix_crc(body + b"\x00\x00\x00\x00")


GOLDEN_PARAMS = list(struct.unpack("<26f", GOLDEN[PARAMS:PARAMS + 104]))


def v11(minor=1, cost=3, activations=b"\x01\x02"):
    """The golden file with the version 1.`minor`, cost code `cost` and the two activation codes
    given (format 1.1 added cost 3 = log-likelihood and activation 2 = softmax), CRC fixed."""
    data = GOLDEN[:10] + struct.pack("<H", minor) + GOLDEN[12:13] + bytes([cost]) + GOLDEN[14:32] + activations + GOLDEN[34:]
    assert len(data) == len(GOLDEN)
    return fix_crc(data)

MODEL = {
    "empty.digits": b"",
    "bad-magic.digits": b"\x88" + GOLDEN[1:],
    "network2-json.digits": b'{"sizes": [2, 1], "weights": [[[0, 0]]], "biases": [[[0]]], "cost": "QuadraticCost"}',
    "png-signature.digits": b"\x89PNG\r\n\x1a\n" + bytes(32),
    "magic-cut-at-4.digits": GOLDEN[:4],
    "magic-only.digits": GOLDEN[:8],
    "future-major-2.digits": patch(8, b"\x02\x00"),
    "major-0.digits": patch(8, b"\x00\x00"),
    # A new major version may change everything after it: reported before anything else.
    "future-major-then-garbage.digits": GOLDEN[:8] + b"\x07\x00\x03\x00" + b"\xff" * 7,
    "cut-in-fixed-header.digits": GOLDEN[:16],
    "cut-in-layer-sizes.digits": GOLDEN[:26],
    "cut-in-metadata.digits": GOLDEN[:100],
    "cut-in-parameters.digits": GOLDEN[:500],
    "cut-in-crc.digits": GOLDEN[:548],
    "trailing-byte.digits": GOLDEN + b"\x00",
    "two-copies.digits": GOLDEN + GOLDEN,
    "crc-mismatch-flipped-weight.digits": patch(PARAMS + 1, bytes([GOLDEN[PARAMS + 1] ^ 0x01]), crc=False),
    "crc-zeroed.digits": GOLDEN[:-4] + bytes(4),
    "element-type-0.digits": patch(12, b"\x00"),
    "element-type-3.digits": patch(12, b"\x03"),
    # Element type 2 (f64) with the f32 body: the header implies 104 more parameter bytes.
    "element-type-2-f32-body.digits": patch(12, b"\x02"),
    "layer-count-0.digits": patch(14, b"\x00\x00"),
    "layer-count-1.digits": patch(14, b"\x01\x00"),
    "layer-count-65.digits": patch(14, b"\x41\x00"),
    "layer-count-65535.digits": patch(14, b"\xff\xff"),
    "metadata-too-large.digits": patch(16, struct.pack("<I", 16 * 1024 * 1024 + 1)),
    "metadata-size-max-u32.digits": patch(16, b"\xff\xff\xff\xff"),
    "layer-size-zero.digits": patch(24, struct.pack("<I", 0)),
    "layer-size-too-large.digits": patch(24, struct.pack("<I", (1 << 20) + 1)),
    # 1048576 × 1048576 weights: each size allowed, the parameter count (2^40) not.
    "absurd-parameter-count.digits": header(3, [1 << 20, 1 << 20, 1]) + bytes(8),
    # Products of u32 sizes overflow 64-bit arithmetic.
    "size-overflow.digits": header(3, [0xFFFFFFFF] * 3) + bytes(8),
    "unknown-cost-9.digits": patch(13, b"\x09"),
    "unknown-cost-0.digits": patch(13, b"\x00"),
    "unknown-activation.digits": patch(33, b"\x00"),
    # Format 1.1's softmax output and log-likelihood cost, wrongly placed or paired.
    "softmax-hidden-layer.digits": v11(activations=b"\x02\x02"),
    "log-likelihood-sigmoid-output.digits": v11(activations=b"\x01\x01"),
    "softmax-output-cross-entropy.digits": v11(cost=2),
    # 1.1's codes in a file that says it is 1.0.
    "log-likelihood-in-v1.0.digits": v11(minor=0),
    "softmax-in-v1.0.digits": v11(minor=0, cost=2),
    "nan-weight.digits": patch(PARAMS + 4 * 3, struct.pack("<f", float("nan"))),
    "inf-bias.digits": patch(PARAMS + 4 * 25, struct.pack("<f", float("inf"))),
    "negative-inf-weight-layer-2.digits": patch(PARAMS + 4 * 17, struct.pack("<f", float("-inf"))),
    "float64-beyond-float32.digits": as_float64(GOLDEN_PARAMS[:5] + [1e39] + GOLDEN_PARAMS[6:]),
    "metadata-entry-past-end.digits": patch(METADATA, struct.pack("<I", 0x1000)),
    "metadata-entry-length-max-u32.digits": patch(entry_offset("history"), b"\xff\xff\xff\xff"),
    "metadata-entry-shorter-than-key.digits": patch(METADATA, struct.pack("<I", 5)),
    "metadata-key-invalid-utf8.digits": patch(METADATA + 6, b"\xff"),
    "metadata-key-overlong-utf8.digits": patch(METADATA + 6, b"\xc1\xa3"),
    "metadata-key-surrogate.digits": patch(METADATA + 6, b"\xed\xa0\x80"),
    "metadata-empty-key.digits": patch(METADATA + 5, b"\x00"),
    # dataset-name renamed to tool-version (same length): the key appears twice.
    "metadata-duplicate-key.digits": patch(entry_offset("dataset-name") + 6, b"tool-version"),
    # Type 9 in a 1.0 file: this build knows every 1.0 type, so it is an error, not skipped.
    "metadata-unknown-type.digits": patch(entry_offset("seed") + 4, b"\x09"),
    "metadata-int64-7-bytes.digits": patch(entry_offset("seed"), struct.pack("<I", 13)),
    "metadata-string-invalid-utf8.digits": patch(GOLDEN.index(b"mnist"), b"mn\xffst"),
    "metadata-float64-array-ragged.digits": patch(entry_offset("history"), struct.pack("<I", 0x68)),
}

# ---------------------------------------------------------------------------------------------
# network2.py JSON

W0 = "[[0.5, -0.25], [1, 0], [-1.5, 2e-3]]"
W1 = "[[0.125, 0.25, -0.375]]"
B0 = "[[0.1], [-0.2], [0.3]]"
B1 = "[[0.5]]"


def net(sizes="[2, 3, 1]", weights=f"[{W0}, {W1}]", biases=f"[{B0}, {B1}]", cost='"CrossEntropyCost"'):
    """network2.py JSON with any field replaced by raw JSON text (None leaves the field out)."""
    fields = [("sizes", sizes), ("weights", weights), ("biases", biases), ("cost", cost)]
    return ("{" + ", ".join(f'"{k}": {v}' for k, v in fields if v is not None) + "}").encode()


GOOD = net()


def weight(text):
    """The good network with weights[0][0][0] replaced by the literal `text`."""
    return net(weights=f"[[[{text}, -0.25], [1, 0], [-1.5, 2e-3]], {W1}]")


JSON = {
    "empty.json": b"",
    "whitespace-only.json": b" \n\t ",
    "plain-text.json": b"hello\n",
    "model-file.json": GOLDEN[:64],
    "truncated.json": GOOD[:40],
    "truncated-in-string.json": GOOD[:GOOD.index(b"CrossEntropy") + 5],
    "utf8-bom.json": b"\xef\xbb\xbf" + GOOD,
    "trailing-garbage.json": GOOD + b" x",
    "two-documents.json": GOOD + b"\n" + GOOD,
    "single-quotes.json": GOOD.replace(b'"', b"'"),
    "trailing-comma.json": net(sizes="[2, 3, 1,]"),
    "comment.json": b"// network2.py\n" + GOOD,
    "python-repr.json": b"{'sizes': [2, 1], 'weights': None, 'biases': True}",
    "leading-zero.json": net(sizes="[02, 3, 1]"),
    "control-character-in-string.json": net(cost='"Cross\tEntropyCost"'),
    "invalid-utf8-in-string.json": GOOD.replace(b"CrossEntropyCost", b"Cross\xffEntropyCost"),
    "unpaired-high-surrogate.json": net(cost='"\\ud800Cost"'),
    "lone-low-surrogate.json": net(cost='"\\udc00Cost"'),
    # 10,000 nested arrays: rejected at depth 64, without recursing 10,000 deep.
    "deeply-nested.json": b'{"sizes": ' + b"[" * 10000 + b"]" * 10000 + b"}",
    "top-level-array.json": b"[[2, 3, 1]]",
    "top-level-null.json": b"null",
    "top-level-string.json": b'"sizes"',
    "duplicate-key.json": GOOD[:-1] + b', "sizes": [2, 3, 1]}',
    "missing-sizes.json": net(sizes=None),
    "missing-weights.json": net(weights=None),
    "missing-biases.json": net(biases=None),
    "missing-cost.json": net(cost=None),
    "sizes-not-array.json": net(sizes='"2,3,1"'),
    "sizes-empty.json": net(sizes="[]"),
    "sizes-one-layer.json": net(sizes="[2]"),
    "sizes-65-layers.json": net(sizes="[" + ", ".join(["1"] * 65) + "]"),
    "sizes-zero.json": net(sizes="[2, 0, 1]"),
    "sizes-negative.json": net(sizes="[2, -3, 1]"),
    "sizes-fraction.json": net(sizes="[2, 3.5, 1]"),
    "sizes-exponent.json": net(sizes="[2, 3e0, 1]"),
    "sizes-string.json": net(sizes='["2", 3, 1]'),
    "sizes-beyond-int64.json": net(sizes="[2, 99999999999999999999, 1]"),
    "sizes-layer-too-large.json": net(sizes="[2, 2000000, 1]"),
    # Each layer allowed, 2^40 weights not: rejected before looking at the (empty) weights.
    "sizes-absurd-parameter-count.json": net(sizes="[1048576, 1048576, 1]", weights="[[], []]"),
    # Plausible sizes with hardly any weights: no allocation for 1048576 × 2000 before the check.
    "sizes-lie-about-weights.json": net(sizes="[1048576, 2000, 1]", weights="[[[]], [[]]]"),
    "weights-not-array.json": net(weights='{"0": []}'),
    "weights-one-matrix.json": net(weights=f"[{W0}]"),
    "biases-three-vectors.json": net(biases=f"[{B0}, {B1}, {B1}]"),
    "weights-row-count.json": net(weights=f"[[[0.5, -0.25], [1, 0]], {W1}]"),
    "weights-row-length.json": net(weights=f"[[[0.5, -0.25], [1, 0, 7], [-1.5, 2e-3]], {W1}]"),
    "weights-row-not-array.json": net(weights=f"[[[0.5, -0.25], 1, [-1.5, 2e-3]], {W1}]"),
    "biases-flat.json": net(biases=f"[[0.1, -0.2, 0.3], {B1}]"),
    "biases-two-element-rows.json": net(biases=f"[[[0.1, 0], [-0.2, 0], [0.3, 0]], {B1}]"),
    "nan.json": weight("NaN"),
    "infinity.json": weight("Infinity"),
    "negative-infinity.json": weight("-Infinity"),
    "beyond-float32.json": weight("1e39"),
    "negative-beyond-float32.json": weight("-3.5e38"),
    "huge-exponent.json": weight("1e999999999999999999999"),
    "string-as-number.json": weight('"0.5"'),
    "null-as-number.json": weight("null"),
    "bool-as-number.json": weight("true"),
    "unknown-cost.json": net(cost='"L2Cost"'),
    "cost-not-string.json": net(cost="1"),
}


if __name__ == "__main__":
    for folder, table in [("IDX", IDX), ("Gzip", GZIP), ("ModelFile", MODEL), ("JSON", JSON)]:
        write_fixtures(os.path.join("BadInputs", folder), table)
