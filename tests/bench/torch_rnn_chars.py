#!/usr/bin/python3
"""PyTorch twin of the chapter 10 speed benchmark (tests/bench/ch10_bench.cpp).

The chapter's default character RNN: one-hot input (V = 27: a-z and the end-of-word marker),
tanh recurrence with H = 96 (torch.nn.RNN), a dense output layer, cross-entropy averaged over
steps and streams, 32 streams, truncated BPTT every 32 steps (the state carried, detached),
the global gradient norm clipped at 1, Adam lr 0.005; float64 or float32, --threads threads.
After 20 warm-up chunks, --chars training characters are timed with each phase (one-hot
inputs, forward, loss, backward, clipping, optimiser step). Last line:
"torch_chars_per_second <value>".

Usage: /usr/bin/python3 tests/bench/torch_rnn_chars.py [--words PATH] [--chars 400000]
       [--threads 2] [--dtype float32|float64]
"""
import argparse
import random
import re
import time

import torch


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--chars", type=int, default=400000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float64")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.dtype == "float64" else torch.float32
    torch.set_default_dtype(dtype)
    torch.manual_seed(0)
    V, H, B, T = 27, 96, 32, 32
    with open(a.words, encoding="utf-8", errors="replace") as f:
        words = [w for w in (l.strip() for l in f) if re.fullmatch(r"[a-z]+", w)]
    random.Random(1).shuffle(words)
    text = [0]
    for w in words:
        text += [ord(ch) - ord("a") + 1 for ch in w] + [0]
    S = min(len(text) // B - 1, ((a.chars // B + T - 1) // T) * T)
    streams = torch.tensor(text[:B * (len(text) // B)]).view(B, -1)[:, :S + 1]

    rnn = torch.nn.RNN(V, H, nonlinearity="tanh")
    out = torch.nn.Linear(H, V)
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=0.005)
    loss_fn = torch.nn.CrossEntropyLoss()
    eye = torch.eye(V)
    t = {"one-hot inputs": 0.0, "forward": 0.0, "loss": 0.0, "backward": 0.0, "clipping": 0.0, "optimiser": 0.0}

    def run(last, timed):
        h = torch.zeros(1, B, H)
        for start in range(0, last, T):
            steps = min(T, last - start)
            c = [time.perf_counter()]
            x = eye[streams[:, start:start + steps].t()]          # steps x B x V
            y = streams[:, start + 1:start + 1 + steps].t().reshape(-1)
            c.append(time.perf_counter())
            opt.zero_grad(set_to_none=True)
            hs, hT = rnn(x, h)
            logits = out(hs).reshape(-1, V)
            c.append(time.perf_counter())
            loss = loss_fn(logits, y)
            c.append(time.perf_counter())
            loss.backward()
            c.append(time.perf_counter())
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            c.append(time.perf_counter())
            opt.step()
            c.append(time.perf_counter())
            h = hT.detach()
            if timed:
                for k, key in enumerate(t):
                    t[key] += c[k + 1] - c[k]

    run(min(S, 20 * T), False)
    t0 = time.perf_counter()
    run(S, True)
    secs = time.perf_counter() - t0
    n = S * B
    print("torch (%s, %d threads): %d characters in %.3f s = %.0f characters/s; phases (s): %s" % (
        a.dtype, a.threads, n, secs, n / secs, ", ".join("%s %.3f" % kv for kv in t.items())))
    print("torch_chars_per_second %.1f" % (n / secs))


if __name__ == "__main__":
    main()
