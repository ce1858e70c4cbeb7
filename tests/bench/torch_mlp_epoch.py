#!/usr/bin/python3
"""PyTorch reference for the chapter 04 speed benchmark.

One epoch of the 784-256-128-10 ReLU MLP with softmax cross-entropy on the 60,000
Fashion-MNIST training images, batch 64, SGD with momentum 0.9, 2 threads, in float64
(--dtype float64: the precision of the C++ model) or float32 (PyTorch's default). Prints the median seconds per epoch of `--repeats` epochs after
one warm-up epoch, as the last line: "torch_epoch_seconds <value>".

Usage: /usr/bin/python3 tests/bench/torch_mlp_epoch.py [--data DIR] [--repeats 3] [--threads 2]
       [--dtype float32|float64]
If the IDX files are not in DIR, random data of the same shape is used (said so).
"""
import argparse
import gzip
import os
import statistics
import sys
import time

import numpy as np
import torch


def load_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def find(dirname, stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(dirname, name)
        if os.path.exists(p):
            return p
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("NN_DATA_DIR", "/usr/share/datasets/fashion-mnist"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                    help="float64 is the precision of the C++ model; float32 is PyTorch's default")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    torch.set_default_dtype(dtype)
    torch.manual_seed(0)
    img = find(args.data, "train-images-idx3-ubyte")
    lab = find(args.data, "train-labels-idx1-ubyte")
    if img and lab:
        X = torch.from_numpy(load_idx(img).reshape(-1, 784).astype(np.float64) / 255.0).to(dtype)
        y = torch.from_numpy(load_idx(lab).astype(np.int64))
        print(f"torch: Fashion-MNIST from {args.data}: {X.shape[0]} images", file=sys.stderr)
    else:
        X = torch.rand(60000, 784)
        y = torch.randint(0, 10, (60000,))
        print(f"torch: no IDX files in {args.data}; random data of the same shape", file=sys.stderr)

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    n, bs = X.shape[0], args.batch_size

    def epoch():
        perm = torch.randperm(n)
        total = 0.0
        t0 = time.perf_counter()
        for s in range(0, n, bs):
            idx = perm[s:s + bs]
            xb, yb = X[idx], y[idx]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        return time.perf_counter() - t0, total / n

    secs, loss = epoch()
    print(f"torch: warm-up epoch {secs:.3f} s, loss {loss:.4f}", file=sys.stderr)
    times = []
    for r in range(args.repeats):
        secs, loss = epoch()
        times.append(secs)
        print(f"torch: epoch {r + 1}: {secs:.3f} s, loss {loss:.4f}", file=sys.stderr)
    print(f"torch_epoch_seconds {statistics.median(times):.4f}")


if __name__ == "__main__":
    main()
