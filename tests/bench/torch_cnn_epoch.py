#!/usr/bin/python3
"""PyTorch twin of the chapter 08 speed benchmark (tests/bench/ch08_bench.cpp).

The chapter's default CNN: conv 3x3 (1 -> 8, pad 1) -> ReLU -> max-pool 2 -> conv 3x3 (8 -> 16,
pad 1) -> ReLU -> max-pool 2 -> dense 784 -> 128 -> ReLU -> dense 128 -> 10, cross-entropy, batch
32, Adam (lr 0.003), on the Fashion-MNIST training images (standardised), in float64 or float32,
with --threads threads. After 100 warm-up batches, one timed epoch with the time of each phase
(forward, loss, backward, optimiser step). Last line: "torch_epoch_seconds <value>".

Usage: /usr/bin/python3 tests/bench/torch_cnn_epoch.py [--data DIR] [--train-size 60000]
       [--threads 2] [--dtype float32|float64]
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_mlp_epoch import find, load_idx  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("NN_DATA_DIR", "/usr/share/datasets/fashion-mnist"))
    ap.add_argument("--train-size", type=int, default=60000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float64")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.dtype == "float64" else torch.float32
    torch.set_default_dtype(dtype)
    torch.manual_seed(0)
    img, lab = find(a.data, "train-images-idx3-ubyte"), find(a.data, "train-labels-idx1-ubyte")
    if img and lab:
        X = load_idx(img).reshape(-1, 1, 28, 28)[:a.train_size].astype(np.float64) / 255.0
        y = torch.from_numpy(load_idx(lab)[:a.train_size].astype(np.int64))
    else:
        X = np.random.rand(a.train_size, 1, 28, 28)
        y = torch.randint(0, 10, (a.train_size,))
    X = torch.from_numpy((X - X.mean()) / X.std()).to(dtype)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=0.003)
    loss_fn = torch.nn.CrossEntropyLoss()
    n, bs = X.shape[0], 32
    t = {"forward": 0.0, "loss": 0.0, "backward": 0.0, "optimiser": 0.0, "batch copy": 0.0}

    def step(xb, yb, timed):
        c = time.perf_counter
        t0 = c()
        opt.zero_grad(set_to_none=True)
        out = model(xb)
        t1 = c()
        loss = loss_fn(out, yb)
        t2 = c()
        loss.backward()
        t3 = c()
        opt.step()
        t4 = c()
        if timed:
            t["forward"] += t1 - t0
            t["loss"] += t2 - t1
            t["backward"] += t3 - t2
            t["optimiser"] += t4 - t3
        return loss.item()

    perm = torch.randperm(n)
    for s in range(0, min(n, 100 * bs), bs):
        idx = perm[s:s + bs]
        step(X[idx], y[idx], False)
    perm = torch.randperm(n)
    total = 0.0
    t0 = time.perf_counter()
    for s in range(0, n, bs):
        c0 = time.perf_counter()
        idx = perm[s:s + bs]
        xb, yb = X[idx], y[idx]
        t["batch copy"] += time.perf_counter() - c0
        total += step(xb, yb, True) * len(idx)
    secs = time.perf_counter() - t0
    print("torch (%s, %d threads): epoch %.3f s, loss %.4f; phases (s): %s" % (
        a.dtype, a.threads, secs, total / n, ", ".join("%s %.3f" % kv for kv in t.items())))
    print("torch_epoch_seconds %.4f" % secs)


if __name__ == "__main__":
    main()
