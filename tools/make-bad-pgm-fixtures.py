#!/usr/bin/env python3
"""Writes the malformed PGM fixtures under Tests/DigitsKitTests/Fixtures/PGM/bad/.

Each file is a few bytes and breaks the netpbm PGM specification (or a limit of our reader) in
exactly one way; Tests/DigitsKitTests/PGMMalformedTests.swift lists the error each must give and
The PGM section of docs/bad-inputs.md describes the classes. Run from the repository root:

    python3 tools/make-bad-pgm-fixtures.py
"""
from fixturegen import write_fixtures

FIXTURES = {
    "empty.pgm": b"",
    "bad-magic.pgm": b"GIF89a\x01\x00\x01\x00",
    "magic-lowercase.pgm": b"p5\n1 1\n255\n\x00",
    "utf8-bom.pgm": b"\xef\xbb\xbfP5\n1 1\n255\n\x00",
    "magic-p1.pgm": b"P1\n1 1\n0\n",
    "magic-p3.pgm": b"P3\n1 1\n255\n0 0 0\n",
    "magic-p4.pgm": b"P4\n8 1\n\x00",
    "magic-p6.pgm": b"P6\n1 1\n255\n\x00\x00\x00",
    "magic-p7.pgm": b"P7\nWIDTH 1\nHEIGHT 1\n",
    "only-magic.pgm": b"P5",
    "only-magic-newline.pgm": b"P5\n",
    "missing-whitespace-after-magic.pgm": b"P51 1\n255\n\x00",
    "ends-before-height.pgm": b"P5 1",
    "ends-before-maxval.pgm": b"P5\n1 1\n",
    "ends-after-maxval.pgm": b"P5 1 1 255",
    "maxval-zero.pgm": b"P5\n1 1\n0\n\x00",
    "maxval-70000.pgm": b"P5\n1 1\n70000\n\x00\x00",
    "maxval-plus-sign.pgm": b"P5\n1 1\n+255\n\x00",
    "width-zero.pgm": b"P5\n0 1\n255\n",
    "height-zero.pgm": b"P5\n1 0\n255\n",
    "huge-dimensions.pgm": b"P5\n100000 100000\n255\n\x00",
    "overflowing-dimensions.pgm": b"P5\n4294967296 4294967296\n255\n\x00",
    "number-too-long.pgm": b"P5\n99999999999999999999 1\n255\n\x00",
    "negative-width.pgm": b"P5\n-28 28\n255\n",
    "width-with-suffix.pgm": b"P5\n28x 28\n255\n",
    "garbage-in-header.pgm": b"P5\n28 abc\n255\n",
    "comment-at-end-of-file.pgm": b"P5\n# a comment with no end",
    "comment-at-end-after-maxval.pgm": b"P5 1 1 255# no end",
    "missing-whitespace-after-maxval.pgm": b"P5\n1 1\n255\x00",
    # A comment right after maxval includes its newline; one more whitespace must follow.
    "comment-eats-raster-delimiter.pgm": b"P5\n1 1\n255# c\n\x07",
    "truncated-raster.pgm": b"P5\n4 4\n255\n" + bytes(10),
    "truncated-raster-16bit.pgm": b"P5\n2 2\n65535\n" + bytes(7),
    "sample-above-maxval-8bit.pgm": b"P5\n2 1\n15\n\x05\x10",
    "sample-above-maxval-16bit.pgm": b"P5\n2 1\n1000\n\x00\x01\x03\xe9",
    "sample-above-maxval-plain.pgm": b"P2\n2 2\n15\n0 1\n2 16\n",
    "plain-too-few-samples.pgm": b"P2\n3 2\n255\n1 2 3\n4 5\n",
    "plain-too-many-samples.pgm": b"P2\n2 1\n255\n1 2 3\n",
    "plain-non-digit-sample.pgm": b"P2\n2 1\n255\n1 x\n",
    "plain-decimal-point.pgm": b"P2\n2 1\n255\n1 2.5\n",
    "plain-negative-sample.pgm": b"P2\n2 1\n255\n1 -1\n",
    "trailing-garbage.pgm": b"P5\n1 1\n255\n\x00garbage",
    "second-image-bad.pgm": b"P5\n1 1\n255\n\x00P5\n1 1\n0\n\x00",
}

if __name__ == "__main__":
    write_fixtures("PGM/bad", FIXTURES)
