#!/usr/bin/env python3
"""Prints the benchmark table from the JSON files tools/bench/run leaves in its output folder.

Usage: table.py DIR   (reads numpy-matmul-{1,2}.json, ours-kernels-{1,2}.json, and when present
numpy-train.json and ours-train.json)
"""
import json
import os
import sys


def load(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    with open(p) as f:
        return json.load(f)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else ".build/bench"
    for t in (1, 2):
        np_mm, ours = load(d, f"numpy-matmul-{t}.json"), load(d, f"ours-kernels-{t}.json")
        if not np_mm or not ours:
            continue
        peak = np_mm["peak"]["gflops"]
        blas = np_mm.get("blas") or []
        kern = ", ".join(f"{b.get('internal_api')} {b.get('architecture')}" for b in blas) or "unknown (no threadpoolctl)"
        print(f"\nsgemm, {t} thread(s): ours ({ours['isa']}) vs numpy matmul ({kern}); "
              f"limit = numpy 2048³ on {t} thread(s): {peak:.1f} GFLOP/s")
        print(f"{'shape':30} {'m×n×k':>16} {'numpy µs':>10} {'ours µs':>10} {'ours/numpy':>10} "
              f"{'numpy GF/s':>10} {'ours GF/s':>10} {'% limit':>8}")
        ref = {r["name"]: r for r in np_mm["matmul"]}
        for r in ours["results"]:
            n = ref.get(r["name"])
            if not n:
                continue
            shape = f"{r['m']}×{r['n']}×{r['k']}"
            print(f"{r['name']:30} {shape:>16} {n['seconds'] * 1e6:10.1f} {r['seconds'] * 1e6:10.1f} "
                  f"{r['seconds'] / n['seconds']:10.2f} {n['gflops']:10.1f} {r['gflops']:10.1f} "
                  f"{100 * r['gflops'] / peak:7.0f}%")

    np_tr, ours_tr = load(d, "numpy-train.json"), load(d, "ours-train.json")
    if np_tr:
        limit = (load(d, "numpy-matmul-2.json") or {}).get("peak", {}).get("gflops")
        print(f"\nTraining / inference (numpy uses all cores; limit = 2-thread 2048³: "
              f"{limit and f'{limit:.1f}'} GFLOP/s)")
        print(f"{'case':34} {'numpy s':>9} {'ours s':>9} {'ratio':>7} {'numpy GF/s':>10} {'ours GF/s':>10} {'% limit':>8}")

        def row(label, n, o, flops):
            os_ = o["seconds"] if o else None
            ours_gf = flops / os_ * 1e-9 if os_ else None
            print(f"{label:34} {n['seconds']:9.3f} {os_ if os_ is not None else float('nan'):9.3f} "
                  f"{(os_ / n['seconds']) if os_ else float('nan'):7.2f} {n['gflops']:10.2f} "
                  f"{ours_gf if ours_gf else float('nan'):10.2f} "
                  f"{(100 * ours_gf / limit) if (ours_gf and limit) else float('nan'):7.0f}%")
        ours_train = {(tuple(r["sizes"]), r["batch"]): r for r in (ours_tr or {}).get("train", [])}
        for n in np_tr.get("train", []):
            o = ours_train.get((tuple(n["sizes"]), n["batch"]))
            row(f"epoch {n['sizes']} b{n['batch']}", n, o, 6.0 * n["params"] * n["images"])
        ours_inf = {r["mode"]: r for r in (ours_tr or {}).get("inference", [])}
        for n in np_tr.get("inference", []):
            params = n["gflops"] * n["seconds"] / (2.0 * n["images"]) * 1e9
            row(f"inference {n['mode']}", n, ours_inf.get(n["mode"]), 2.0 * params * n["images"])
        if "load" in np_tr:
            o = (ours_tr or {}).get("load")
            os_ = o["seconds"] if o else float("nan")
            print(f"{'load+parse 60k train images':34} {np_tr['load']['seconds']:9.3f} {os_:9.3f}")
        if ours_tr and "classic" in ours_tr:
            c = ours_tr["classic"]
            runs = ", ".join(f"{x:.2f}" for x in c["runs"])
            print(f"classic recipe (digits train, defaults): {c['seconds']:.2f} s wall median ({runs}), "
                  f"peak RSS {c['peakMB']:.0f} MB")
        if not ours_tr:
            print("(ours: not measured yet; see DIGITS TRAIN HOOK in tools/bench/run)")
        for n in np_tr.get("train", []):
            print(f"numpy {n['sizes']} b{n['batch']}: test accuracy after the timed epochs {n['test_accuracy_after']:.4f}")


if __name__ == "__main__":
    main()
