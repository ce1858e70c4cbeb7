#!/usr/bin/python3
"""PyTorch reference for the chapter 07 speed benchmark (tests/bench/ch07_bench.cpp).

Forward + backward (input gradient, weight and bias gradients) of one conv2d layer on a
random batch, torch.nn.functional.conv2d in float64 with 2 threads, the loss sum(Y * R).
Prints the median seconds of `--repeats` runs after a warm-up as the last line:
"torch_conv_seconds <value>".

Usage: /usr/bin/python3 tests/bench/torch_conv.py --batch 64 --cin 1 --size 28 --cout 16
       --kernel 5 --stride 1 --padding 2 [--repeats 11] [--threads 2]
"""
import argparse
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--cin", type=int, default=1)
    ap.add_argument("--size", type=int, default=28)
    ap.add_argument("--cout", type=int, default=16)
    ap.add_argument("--kernel", type=int, default=5)
    ap.add_argument("--stride", type=int, default=1)
    ap.add_argument("--padding", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=11)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dt = torch.float64
    X = torch.randn(a.batch, a.cin, a.size, a.size, dtype=dt, requires_grad=True)
    W = torch.randn(a.cout, a.cin, a.kernel, a.kernel, dtype=dt, requires_grad=True)
    b = torch.randn(a.cout, dtype=dt, requires_grad=True)
    Y = torch.nn.functional.conv2d(X, W, b, stride=a.stride, padding=a.padding)
    R = torch.randn_like(Y)

    def step():
        for t in (X, W, b):
            t.grad = None
        Y = torch.nn.functional.conv2d(X, W, b, stride=a.stride, padding=a.padding)
        Y.backward(R)

    step()  # warm-up
    times = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    print("torch_conv_seconds %.6g" % statistics.median(times))


if __name__ == "__main__":
    main()
