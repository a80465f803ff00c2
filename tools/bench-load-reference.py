"""Reference for tools/bench-load: median time of gzip.open().read() + numpy.frombuffer.

    python3 tools/bench-load-reference.py FILE RUNS    -> prints the median in seconds
"""
import gzip
import statistics
import sys
import time

import numpy as np


def load(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    images = np.frombuffer(data, dtype=np.uint8, offset=16)
    return images.reshape(-1, 28, 28)


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        images = load(path)
        times.append(time.perf_counter() - start)
    assert images.shape[0] == 60000, images.shape
    print(statistics.median(times))


if __name__ == "__main__":
    main()
