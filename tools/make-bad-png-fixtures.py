#!/usr/bin/env python3
"""Writes the malformed PNG fixtures under Tests/DigitsKitTests/Fixtures/PNG/bad/.

Each file is small and breaks the PNG specification (or a limit of our reader) in one way:
signature, chunk structure and CRCs, IHDR fields, palette and transparency, the zlib stream and
filters, and decompression bombs. Tests/DigitsKitTests/PNGMalformedTests.swift lists the exact
error each must give; Tests/DigitsCLITests/ClassifyPNGTests.swift runs `digits classify` on them
all (one line each, exit 2). The PNG section of docs/bad-inputs.md describes the classes.
Deterministic (fixed compression level). Run from anywhere:

    python3 tools/make-bad-png-fixtures.py
"""
import struct
import zlib

from fixturegen import write_fixtures

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind, data, crc=None):
    body = kind + data
    crc = zlib.crc32(body) if crc is None else crc
    return struct.pack(">I", len(data)) + body + struct.pack(">I", crc)


def ihdr(width=4, height=4, depth=8, colour=0, compression=0, filter_method=0, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, compression, filter_method, interlace))


def raw_rows(width=4, height=4, bytes_per_pixel=1, filter_byte=0, fill=0x80):
    return b"".join(bytes([filter_byte]) + bytes([fill]) * (width * bytes_per_pixel) for _ in range(height))


def idat(raw, level=9):
    return chunk(b"IDAT", zlib.compress(raw, level))


IEND = chunk(b"IEND", b"")
GOOD_IHDR = ihdr()
GOOD_IDAT = idat(raw_rows())
GOOD = SIGNATURE + GOOD_IHDR + GOOD_IDAT + IEND


def with_bad_crc(c):
    return c[:-4] + bytes([c[-4] ^ 0xFF]) + c[-3:]


def distance_too_far_back():
    # A fixed-Huffman block whose first symbol copies from before the start of the data.
    bits = [1] + [1, 0]  # BFINAL, BTYPE 01
    bits += [0, 0, 0, 0, 0, 0, 1]  # length symbol 257 (length 3), 7-bit code, MSB first
    bits += [0, 0, 0, 0, 0]  # distance symbol 0 (distance 1)
    bits += [0] * 7  # end of block
    bits += [0] * (-len(bits) % 8)
    data = bytes(sum(bits[i + j] << j for j in range(8)) for i in range(0, len(bits), 8))
    return b"\x78\x9c" + data  # zlib header; no checksum: the stream breaks first


PALETTE = chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff")  # two colours

# A bomb: a 28×28 image whose zlib stream goes on for 4 MiB of zeros after the 812 bytes the
# image needs; libpng must stop at the image's end, not inflate (or keep) the rest.
BOMB_EXTRA = idat(raw_rows(28, 28) + bytes(4 << 20))
# A bomb: IHDR promises 8192×8192 grey (64 MiB once inflated, within the limits), the data is
# 4 KiB that inflates to 4 MiB: the image must be refused having used memory for what is there.
BOMB_SHORT = idat(bytes(4 << 20))

FIXTURES = {
    # Signature
    "signature-text-mode.png": b"\x89PNG\n\x1a\n" + GOOD[8:],
    "signature-truncated.png": SIGNATURE[:6],
    "signature-only.png": SIGNATURE,
    # Chunk structure
    "first-chunk-not-ihdr.png": SIGNATURE + GOOD_IDAT + GOOD_IHDR + IEND,
    "ihdr-wrong-length.png": SIGNATURE + chunk(b"IHDR", GOOD_IHDR[8:-4] + b"\x00\x00\x00") + GOOD_IDAT + IEND,
    "ihdr-bad-crc.png": SIGNATURE + with_bad_crc(GOOD_IHDR) + GOOD_IDAT + IEND,
    "idat-bad-crc.png": SIGNATURE + GOOD_IHDR + with_bad_crc(GOOD_IDAT) + IEND,
    "ancillary-chunk-bad-crc.png": SIGNATURE + GOOD_IHDR + with_bad_crc(chunk(b"tEXt", b"Title\x00seven")) + GOOD_IDAT + IEND,
    "chunk-length-huge.png": SIGNATURE + GOOD_IHDR + struct.pack(">I", 0x7FFFFFF0) + b"tEXt" + b"x" * 16,
    "unknown-critical-chunk.png": SIGNATURE + GOOD_IHDR + chunk(b"XYZW", b"123") + GOOD_IDAT + IEND,
    "truncated-in-idat.png": GOOD[: len(SIGNATURE + GOOD_IHDR) + 20],
    "missing-iend.png": SIGNATURE + GOOD_IHDR + GOOD_IDAT,
    "no-idat.png": SIGNATURE + GOOD_IHDR + IEND,
    # IHDR fields
    "zero-width.png": SIGNATURE + ihdr(width=0) + GOOD_IDAT + IEND,
    "zero-height.png": SIGNATURE + ihdr(height=0) + GOOD_IDAT + IEND,
    "huge-dimensions.png": SIGNATURE + ihdr(100_000, 100_000) + GOOD_IDAT + IEND,
    "width-above-2-to-the-31.png": SIGNATURE + ihdr(width=0x80000000) + GOOD_IDAT + IEND,
    "inflates-beyond-limit.png": SIGNATURE + ihdr(8192, 8192, depth=16, colour=6) + GOOD_IDAT + IEND,
    "bit-depth-colour-type-mismatch.png": SIGNATURE + ihdr(depth=4, colour=2) + GOOD_IDAT + IEND,
    "bit-depth-3.png": SIGNATURE + ihdr(depth=3) + GOOD_IDAT + IEND,
    "colour-type-5.png": SIGNATURE + ihdr(colour=5) + GOOD_IDAT + IEND,
    "compression-method-1.png": SIGNATURE + ihdr(compression=1) + GOOD_IDAT + IEND,
    "filter-method-1.png": SIGNATURE + ihdr(filter_method=1) + GOOD_IDAT + IEND,
    "interlace-method-2.png": SIGNATURE + ihdr(interlace=2) + GOOD_IDAT + IEND,
    # Palette and transparency
    "palette-missing.png": SIGNATURE + ihdr(colour=3) + GOOD_IDAT + IEND,
    "palette-index-out-of-range.png": SIGNATURE + ihdr(colour=3) + PALETTE + idat(raw_rows(fill=200)) + IEND,
    "palette-index-out-of-range-4-bit.png": SIGNATURE + ihdr(depth=4, colour=3) + PALETTE
        + idat(raw_rows(width=1, fill=0x19)) + IEND,
    "palette-empty.png": SIGNATURE + ihdr(colour=3) + chunk(b"PLTE", b"") + idat(raw_rows(fill=0)) + IEND,
    "palette-length-not-multiple-of-3.png": SIGNATURE + ihdr(colour=3) + chunk(b"PLTE", bytes(7))
        + idat(raw_rows(fill=0)) + IEND,
    "transparency-longer-than-palette.png": SIGNATURE + ihdr(colour=3) + PALETTE + chunk(b"tRNS", b"\x00\x80\xff")
        + idat(raw_rows(fill=1)) + IEND,
    # Image data
    "idat-not-zlib.png": SIGNATURE + GOOD_IHDR + chunk(b"IDAT", b"this is not zlib data") + IEND,
    "idat-distance-too-far-back.png": SIGNATURE + GOOD_IHDR + chunk(b"IDAT", distance_too_far_back()) + IEND,
    "idat-too-short.png": SIGNATURE + GOOD_IHDR + idat(raw_rows(height=2)) + IEND,
    "bad-filter-byte.png": SIGNATURE + GOOD_IHDR + idat(raw_rows(filter_byte=5)) + IEND,
    "zlib-bomb-after-image.png": SIGNATURE + ihdr(28, 28) + BOMB_EXTRA + IEND,
    "zlib-bomb-huge-image.png": SIGNATURE + ihdr(8192, 8192) + BOMB_SHORT + IEND,
}

if __name__ == "__main__":
    write_fixtures("PNG/bad", FIXTURES)
