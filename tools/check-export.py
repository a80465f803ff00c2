#!/usr/bin/env python3
"""Checks `digits export` against the ecosystem's own readers (run by .ci/run after swift test).

    python3 tools/check-export.py [--digits BIN] [--mnist DIR]

For four small networks (one, two and three hidden layers; the last with the log-likelihood cost,
so a softmax output layer), trained here for one epoch on 10,000 MNIST images:

1. ONNX: `onnx.checker.check_model(full_check=True)` passes; opset 13, input `pixels`
   float32 [N, 784], output `scores` [N, 10], producer `digits` at `digits --version`;
   onnxruntime's scores on the 10,000 test images equal digits' own (`digits evaluate
   --scores`) within 1e-5, and every argmax agrees; a batch of 7 runs too (N is free).
2. safetensors: the file loads with the `safetensors` package; its header is laid out per the
   format (u64 length, 8-byte-aligned data start, contiguous offsets); a numpy forward pass
   over its tensors gives digits' scores within 1e-5 with every argmax agreeing.
3. Metadata: the same pairs in both files, with the parameter hash `digits inspect` reports and
   the dataset checksum and test accuracy training recorded.

Then the committed golden files (Tests/DigitsInteropTests/Fixtures/tiny.*) pass the same
checker and agree with each other on random inputs.

Needs: onnx onnxruntime safetensors numpy (`.ci/run` installs them when missing), the MNIST
files (--mnist or DIGITS_MNIST_DIR), and the digits binary (--digits or DIGITS; default: `swift
build` and the debug binary). Prints one line per check and a summary; exits 1 on any mismatch.
"""
import argparse
import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

TOLERANCE = 1e-5
ARCHITECTURES = [  # (layers, cost, seed)
    ("784,16,10", "quadratic", 1),
    ("784,24,16,10", "cross-entropy", 2),
    ("784,20,16,12,10", "cross-entropy", 3),
    ("784,20,10", "log-likelihood", 4),
]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

try:
    import numpy as np
    import onnx
    import onnxruntime as ort
    from safetensors import safe_open
    from safetensors.numpy import load_file
except ImportError as error:
    sys.exit(f"check-export: {error}: pip install onnx onnxruntime safetensors numpy")

failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)
    return ok


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"check-export: {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def forward(tensors, x, softmax_output=False):
    """The network in numpy, float64: a = sigmoid(a W^T + b) per layer (the last layer's
    softmax instead when `softmax_output`)."""
    a = x.astype(np.float64)
    layers = len(tensors) // 2
    for l in range(layers):
        w, b = tensors[f"layers.{l}.weight"], tensors[f"layers.{l}.bias"]
        z = a @ w.astype(np.float64).T + b.astype(np.float64)
        if softmax_output and l == layers - 1:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
        else:
            a = 1 / (1 + np.exp(-z))
    return a


def safetensors_layout(path):
    """Checks the raw header layout; returns the parsed JSON header."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    spans = sorted(tuple(v["data_offsets"]) for k, v in header.items() if k != "__metadata__")
    contiguous = spans[0][0] == 0 and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    check((8 + n) % 8 == 0 and contiguous and 8 + n + spans[-1][1] == len(raw),
          f"safetensors layout: header {n} bytes, data at {8 + n} (8-aligned), {len(spans)} contiguous tensors")
    return header


def compare(name, scores, reference, against="digits"):
    delta = float(np.max(np.abs(scores.astype(np.float64) - reference.astype(np.float64))))
    agree = int(np.sum(np.argmax(scores, axis=1) == np.argmax(reference, axis=1)))
    check(delta <= TOLERANCE and agree == len(reference),
          f"{name}: max |score - {against}| = {delta:.2e} (limit {TOLERANCE:g}), argmax agrees on {agree}/{len(reference)}")
    return delta, agree


def check_model(digits, work, mnist, version, images, layers, cost, seed):
    name = "m-" + layers.replace(",", "-")
    model = os.path.join(work, name + ".digits")
    run(digits, "train", "--data", mnist, "--layers", layers, "--cost", cost, "--eta", "0.5" if cost != "quadratic" else "3",
        "--epochs", "1", "--seed", str(seed), "--validation", "50000", "--quiet", "--out", model)
    onnx_path, st_path, scores_path = (os.path.join(work, name + ext) for ext in (".onnx", ".safetensors", ".scores"))
    run(digits, "export", model, "--format", "onnx", "-o", onnx_path)
    run(digits, "export", model, "--format", "safetensors", "-o", st_path)
    run(digits, "evaluate", model, "--data", mnist, "--scores", scores_path)
    info = json.loads(run(digits, "inspect", model, "--json"))
    sizes = [int(s) for s in layers.split(",")]
    softmax_output = cost == "log-likelihood"
    output_op = "Softmax" if softmax_output else "Sigmoid"
    print(f"{layers} ({cost}, {info['parameterCount']} parameters)")
    check(info["activations"] == ["sigmoid"] * (len(sizes) - 2) + ["softmax" if softmax_output else "sigmoid"],
          f"digits inspect: activations {','.join(info['activations'])}")
    reference = np.fromfile(scores_path, dtype="<f4").reshape(-1, sizes[-1])
    check(reference.shape == (len(images), sizes[-1]), f"digits scores: {reference.shape[0]} x {reference.shape[1]}")

    proto = onnx.load(onnx_path)
    try:
        onnx.checker.check_model(proto, full_check=True)
        check(True, "onnx.checker.check_model(full_check=True)")
    except Exception as error:  # the checker's own exception types vary between versions
        check(False, f"onnx.checker: {error}")
    graph = proto.graph
    dims = [(d.dim_param or d.dim_value) for d in graph.input[0].type.tensor_type.shape.dim]
    check([o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")] == [13]
          and graph.input[0].name == "pixels" and dims == ["N", 784] and graph.output[0].name == "scores"
          and [n.op_type for n in graph.node] == ["Gemm", "Sigmoid"] * (len(sizes) - 2) + ["Gemm", output_op]
          and proto.producer_name == "digits" and proto.producer_version == version,
          f"onnx graph: opset 13, pixels {dims} -> scores, {len(graph.node)} nodes, producer digits {proto.producer_version}")
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    scores = session.run(["scores"], {"pixels": images})[0]
    ort_delta, ort_agree = compare("onnxruntime", scores, reference)
    small = session.run(["scores"], {"pixels": images[:7]})[0]
    check(small.shape == (7, sizes[-1]) and np.max(np.abs(small - scores[:7])) <= TOLERANCE, "onnxruntime: a batch of 7 gives the same scores")

    header = safetensors_layout(st_path)
    tensors = load_file(st_path)
    expected = {f"layers.{l}.{kind}": shape for l in range(len(sizes) - 1)
                for kind, shape in (("weight", (sizes[l + 1], sizes[l])), ("bias", (sizes[l + 1],)))}
    check({k: v.shape for k, v in tensors.items()} == expected and all(v.dtype == np.float32 for v in tensors.values()),
          f"safetensors tensors: {', '.join(sorted(expected))} (F32)")
    np_delta, np_agree = compare("numpy over safetensors", forward(tensors, images, softmax_output), reference)

    with safe_open(st_path, framework="numpy") as f:
        st_meta = f.metadata()
    onnx_meta = {p.key: p.value for p in proto.metadata_props}
    check(st_meta == onnx_meta == header["__metadata__"], f"metadata: the same {len(onnx_meta)} pairs in both files")
    check(onnx_meta.get("activations") == ",".join(info["activations"]), f"metadata: activations {onnx_meta.get('activations')}")
    check(onnx_meta.get("parameter-sha256") == info["parameterSHA256"] and onnx_meta.get("architecture") == layers.replace(",", "-")
          and onnx_meta.get("cost") == cost and "dataset-sha256" in onnx_meta and "test-accuracy" in onnx_meta
          and onnx_meta.get("seed") == str(seed) and onnx_meta.get("epochs") == "1",
          "metadata: architecture, cost, seed, epochs, dataset-sha256, test-accuracy, parameter-sha256 (= digits inspect)")
    accuracy = float(np.mean(np.argmax(reference, axis=1) == labels_of(mnist)))
    return (layers, ort_delta, ort_agree, np_delta, np_agree, accuracy)


def labels_of(mnist, cache={}):
    if "labels" not in cache:
        cache["labels"] = idx(os.path.join(mnist, "t10k-labels-idx1-ubyte.gz"))
    return cache["labels"]


def check_golden():
    print("golden files (Tests/DigitsInteropTests/Fixtures/tiny.*)")
    fixtures = os.path.join(ROOT, "Tests", "DigitsInteropTests", "Fixtures")
    onnx_path, st_path = os.path.join(fixtures, "tiny.onnx"), os.path.join(fixtures, "tiny.safetensors")
    try:
        onnx.checker.check_model(onnx.load(onnx_path), full_check=True)
        check(True, "tiny.onnx: onnx.checker.check_model(full_check=True)")
    except Exception as error:
        check(False, f"tiny.onnx: onnx.checker: {error}")
    safetensors_layout(st_path)
    tensors = load_file(st_path)
    x = np.random.default_rng(0).random((64, tensors["layers.0.weight"].shape[1]), dtype=np.float32)
    scores = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"]).run(["scores"], {"pixels": x})[0]
    compare("tiny.onnx in onnxruntime, 64 random inputs", scores, forward(tensors, x), against="numpy over tiny.safetensors")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--digits", default=os.environ.get("DIGITS"))
    parser.add_argument("--mnist", default=os.environ.get("DIGITS_MNIST_DIR"))
    args = parser.parse_args()
    if not args.mnist:
        sys.exit("check-export: give --mnist DIR or set DIGITS_MNIST_DIR")
    digits = args.digits
    if not digits:
        run("swift", "build", "--package-path", ROOT, "--product", "digits")
        digits = os.path.join(run("swift", "build", "--package-path", ROOT, "--show-bin-path").strip(), "digits")
    start = time.time()
    version = run(digits, "--version").strip()
    images = (idx(os.path.join(args.mnist, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32)
              * np.float32(1 / 255))
    print(f"check-export: digits {version}, onnx {onnx.__version__}, onnxruntime {ort.__version__}, numpy {np.__version__}, "
          f"{len(images)} test images")
    rows = []
    with tempfile.TemporaryDirectory(prefix="digits-check-export-") as work:
        for layers, cost, seed in ARCHITECTURES:
            rows.append(check_model(digits, work, args.mnist, version, images, layers, cost, seed))
    check_golden()

    print("\nsummary (scores on the 10,000 MNIST test images, against digits evaluate --scores)")
    print(f"  {'layers':<18}{'onnxruntime max|d|':>20}{'argmax':>8}{'numpy max|d|':>15}{'argmax':>8}{'accuracy':>10}")
    for layers, od, oa, nd, na, acc in rows:
        print(f"  {layers:<18}{od:>20.2e}{oa == len(images)!s:>8}{nd:>15.2e}{na == len(images)!s:>8}{acc:>10.2%}")
    if failures:
        print(f"check-export: FAILED: {len(failures)} check(s) ({time.time() - start:.0f}s)")
        for f in failures:
            print(f"  {f}")
        sys.exit(1)
    print(f"check-export: all checks passed ({time.time() - start:.0f}s)")


if __name__ == "__main__":
    main()
