#!/usr/bin/env python3
"""Numpy reference for the digits benchmark: EXACTLY our algorithm, plainly vectorised.

Sigmoid network, quadratic cost, N(0,1) weights and biases, float32, row-major
batch×features, one matrix product per layer per mini-batch (forward Z = A·Wᵀ + b; backward
BP2 δ·W and BP4 δᵀ·A), mini-batch SGD with step η/batch, a fresh shuffle every epoch; the
first 50,000 training images train, as in Nielsen's book.

Prints one JSON object (medians over --reps repetitions):
  train:     seconds per epoch for [784,30,10] b10, [784,100,10] b10, [784,100,10] b100
  inference: seconds for the 10k test images through [784,100,10], all at once and one by one
  load:      seconds to read+gunzip+parse the 60k training images (and labels)
  matmul:    seconds and GFLOP/s of numpy's matmul for the kernel shapes (same as kernel_bench.c)
  peak:      GFLOP/s of a 2048³ float32 matmul (the machine's limit with this thread count)
  blas:      what threadpoolctl reports about the BLAS numpy uses (when it is installed)

Usage: reference.py [--mnist DIR] [--reps N] [--only train,inference,load,matmul,peak]
Run with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (tools/bench/run does) and
OPENBLAS_NUM_THREADS to choose the thread count.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np

# name, transA, transB, M, N, K: keep in sync with kernel_bench.c.
MATMUL_SHAPES = [
    ("fwd 784->30 b10 (A*Wt)", 0, 1, 10, 30, 784),
    ("fwd 784->100 b10 (A*Wt)", 0, 1, 10, 100, 784),
    ("fwd 784->100 b100 (A*Wt)", 0, 1, 100, 100, 784),
    ("bp2 100->... b10 (d*W)", 0, 0, 10, 100, 10),
    ("bp4 30x784 b10 (dT*A)", 1, 0, 30, 784, 10),
    ("bp4 100x784 b10 (dT*A)", 1, 0, 100, 784, 10),
    ("bp4 100x784 b100 (dT*A)", 1, 0, 100, 784, 100),
    ("infer 10000x100x784 (X*Wt)", 0, 1, 10000, 100, 784),
]

TRAIN_CASES = [([784, 30, 10], 10), ([784, 100, 10], 10), ([784, 100, 10], 100)]
ETA = 3.0


def read_idx(path, ndim):
    with open(path, "rb") as f:
        data = gzip.decompress(f.read())
    magic = struct.unpack(">I", data[:4])[0]
    assert magic == 0x800 + ndim, f"{path}: bad magic {magic:#x}"
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_set(mnist, prefix):
    images = read_idx(os.path.join(mnist, f"{prefix}-images-idx3-ubyte.gz"), 3)
    labels = read_idx(os.path.join(mnist, f"{prefix}-labels-idx1-ubyte.gz"), 1)
    x = images.reshape(images.shape[0], -1).astype(np.float32) / np.float32(255)
    return x, labels


def sigmoid(z):
    # exp(-z) overflowing to inf for very negative z gives the right limit 0: no warning.
    with np.errstate(over="ignore"):
        return np.float32(1) / (np.float32(1) + np.exp(-z))


def init(sizes, rng):
    ws = [rng.standard_normal((n_out, n_in), dtype=np.float32) for n_in, n_out in zip(sizes, sizes[1:])]
    bs = [rng.standard_normal(n_out, dtype=np.float32) for n_out in sizes[1:]]
    return ws, bs


def train_epoch(ws, bs, x, y, batch, rng):
    step = np.float32(ETA / batch)
    perm = rng.permutation(x.shape[0])
    for s in range(0, x.shape[0], batch):
        idx = perm[s:s + batch]
        acts = [x[idx]]
        for w, b in zip(ws, bs):
            acts.append(sigmoid(acts[-1] @ w.T + b))      # forward: Z = A·Wᵀ + b
        a = acts[-1]
        delta = (a - y[idx]) * a * (np.float32(1) - a)   # BP1, quadratic cost
        for l in range(len(ws) - 1, -1, -1):
            grad_w = delta.T @ acts[l]                    # BP4: δᵀ·A
            grad_b = delta.sum(axis=0)                    # BP3
            if l > 0:
                prev = acts[l]
                delta = (delta @ ws[l]) * prev * (np.float32(1) - prev)  # BP2
            ws[l] -= step * grad_w
            bs[l] -= step * grad_b


def forward(ws, bs, a):
    for w, b in zip(ws, bs):
        a = sigmoid(a @ w.T + b)
    return a


def median_time(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return [{k: v for k, v in d.items() if k in ("internal_api", "architecture", "num_threads", "version")}
            for d in threadpool_info()]


def matmul_bench(reps):
    rng = np.random.default_rng(1)
    out = []
    for name, ta, tb, m, n, k in MATMUL_SHAPES:
        a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
        opa = a.T if ta else a
        opb = b.T if tb else b
        c = np.empty((m, n), np.float32)
        flops = 2.0 * m * n * k
        calls = max(1, int(1e9 / flops))

        def run():
            for _ in range(calls):
                np.matmul(opa, opb, out=c)
        run()
        t = median_time(run, reps) / calls
        out.append({"name": name, "m": m, "n": n, "k": k, "seconds": t, "gflops": flops / t * 1e-9})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mnist", required=True, help="the MNIST directory (tools/bench/run passes tools/mnist-dir's)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", default="train,inference,load,matmul,peak")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    result = {"numpy": np.__version__, "blas": blas_info(),
              "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"), "reps": args.reps}

    if "load" in parts:
        result["load"] = {"seconds": median_time(lambda: load_set(args.mnist, "train"), args.reps), "images": 60000}
    if "train" in parts or "inference" in parts:
        x, labels = load_set(args.mnist, "train")
        x, labels = x[:50000], labels[:50000]
        y = np.zeros((x.shape[0], 10), np.float32)
        y[np.arange(x.shape[0]), labels] = 1
        tx, tlabels = load_set(args.mnist, "t10k")
    if "train" in parts:
        result["train"] = []
        for sizes, batch in TRAIN_CASES:
            rng = np.random.default_rng(42)
            ws, bs = init(sizes, rng)
            secs = median_time(lambda: train_epoch(ws, bs, x, y, batch, rng), args.reps)
            params = sum(w.size + b.size for w, b in zip(ws, bs))
            acc = float((forward(ws, bs, tx).argmax(axis=1) == tlabels).mean())
            result["train"].append({"sizes": sizes, "batch": batch, "seconds": secs, "images": int(x.shape[0]),
                                    "params": params, "gflops": 6.0 * params * x.shape[0] / secs * 1e-9,
                                    "test_accuracy_after": acc})
    if "inference" in parts:
        rng = np.random.default_rng(7)
        ws, bs = init([784, 100, 10], rng)
        params = sum(w.size + b.size for w, b in zip(ws, bs))
        whole = median_time(lambda: forward(ws, bs, tx), args.reps)

        def one_by_one():
            for i in range(tx.shape[0]):
                forward(ws, bs, tx[i:i + 1])
        single = median_time(one_by_one, args.reps)
        n = int(tx.shape[0])
        result["inference"] = [
            {"sizes": [784, 100, 10], "mode": "whole set", "images": n, "seconds": whole,
             "gflops": 2.0 * params * n / whole * 1e-9},
            {"sizes": [784, 100, 10], "mode": "one at a time", "images": n, "seconds": single,
             "gflops": 2.0 * params * n / single * 1e-9},
        ]
    if "matmul" in parts:
        result["matmul"] = matmul_bench(args.reps)
    if "peak" in parts:
        rng = np.random.default_rng(3)
        a = rng.standard_normal((2048, 2048), dtype=np.float32)
        b = rng.standard_normal((2048, 2048), dtype=np.float32)
        c = np.empty_like(a)
        np.matmul(a, b, out=c)
        t = median_time(lambda: np.matmul(a, b, out=c), args.reps)
        result["peak"] = {"n": 2048, "seconds": t, "gflops": 2.0 * 2048 ** 3 / t * 1e-9}
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
