"""Benchmark: the vectorised reference CNN layers against naive CS231n-style loops.

    python tests/benchmarks/conv_speed.py [--rounds 5] [--repeats 1] [--cpu 0]

Times the reference ``conv_forward``, ``conv_backward``, ``max_pool_forward`` and
``max_pool_backward`` of ``solutions/08_cnn/cnn.py`` (sliding_window_view + tensordot, no
Python loop over pixels) and naive versions defined here (nested loops over examples,
filters and output pixels, as in CS231n's ``conv_forward_naive``), on a CIFAR-sized batch:
x (8, 3, 32, 32), 16 filters of 3 x 3, pad 1, stride 1; max pooling 2 x 2, stride 2.
The outputs of both versions are compared first. The versions then take turns in several
interleaved rounds (so a slow moment of the machine does not fall on one of them) and the
table prints the median time of each and the speed-up ratio, all from this one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

REFERENCE = Path(__file__).resolve().parents[2] / "solutions" / "08_cnn" / "cnn.py"


def load_reference():
    spec = importlib.util.spec_from_file_location("cnn_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- naive loop versions (CS231n's *_naive layers) ----------------------------------------


def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out, W_out = (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = xpad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, _, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, F, H_out, W_out = dout.shape
    _, _, HH, WW = w.shape
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxpad, dw = np.zeros_like(xpad), np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dw[f] += dout[n, f, i, j] * xpad[n, :, rows, cols]
                    dxpad[n, :, rows, cols] += dout[n, f, i, j] * w[f]
    H, W = x.shape[2:]
    return dxpad[:, :, pad:pad + H, pad:pad + W], dw, db


def max_pool_forward_naive(x, pool_param):
    PH, PW, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    H_out, W_out = (H - PH) // stride + 1, (W - PW) // stride + 1
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, c, i, j] = np.max(x[n, c, i * stride:i * stride + PH,
                                               j * stride:j * stride + PW])
    return out, (x, pool_param)


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    PH, PW, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * stride:i * stride + PH, j * stride:j * stride + PW]
                    a, e = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * stride + a, j * stride + e] += dout[n, c, i, j]
    return dx


# --- measurement --------------------------------------------------------------------------


def timed(fn, args, repeats: int) -> list[float]:
    """Seconds taken by each of ``repeats`` calls of ``fn(*args)``."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        samples.append(time.perf_counter() - start)
    return samples


def outputs(result) -> tuple:
    """The arrays a layer returns: ``(out, cache)`` -> (out,), a gradient tuple as is."""
    if isinstance(result, np.ndarray):
        return (result,)
    return result[:1] if len(result) == 2 and not isinstance(result[1], np.ndarray) else result


def agree(name: str, fast: tuple, slow: tuple) -> None:
    """Raise SystemExit unless the two versions' outputs are equal up to round-off."""
    if len(fast) != len(slow):
        raise SystemExit(f"{name}: the reference and the naive loop return different counts")
    for index, (a, b) in enumerate(zip(fast, slow)):
        if a.shape != b.shape or not np.allclose(a, b, rtol=1e-10, atol=1e-10):
            raise SystemExit(f"{name}: output {index} of the reference and the naive loop "
                             f"differ; not timing wrong code")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5,
                        help="the two versions take turns this many times, so that a slow "
                             "moment of the machine does not fall on one of them")
    parser.add_argument("--repeats", type=int, default=1,
                        help="calls of each version per round")
    parser.add_argument("--batch", type=int, default=8, help="N, images per batch")
    parser.add_argument("--cpu", type=int, default=None,
                        help="pin this process to this CPU (steadier figures)")
    args = parser.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    cnn = load_reference()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch, 3, 32, 32))
    w, b = rng.standard_normal((16, 3, 3, 3)), rng.standard_normal(16)
    conv_param = {"stride": 1, "pad": 1}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    conv_out, conv_cache = cnn.conv_forward(x, w, b, conv_param)
    dconv = rng.standard_normal(conv_out.shape)
    pool_in = rng.standard_normal((args.batch, 16, 32, 32))  # no ties: a unique arg-max
    pool_out, pool_cache = cnn.max_pool_forward(pool_in, pool_param)
    dpool = rng.standard_normal(pool_out.shape)

    layers = {  # name: (reference, naive, arguments)
        "conv_forward": (cnn.conv_forward, conv_forward_naive, (x, w, b, conv_param)),
        "conv_backward": (cnn.conv_backward, conv_backward_naive, (dconv, conv_cache)),
        "max_pool_forward": (cnn.max_pool_forward, max_pool_forward_naive,
                             (pool_in, pool_param)),
        "max_pool_backward": (cnn.max_pool_backward, max_pool_backward_naive,
                              (dpool, pool_cache)),
    }
    for name, (fast, slow, arguments) in layers.items():
        agree(name, outputs(fast(*arguments)), outputs(slow(*arguments)))

    samples = {name: ([], []) for name in layers}
    for _ in range(args.rounds):
        for name, (fast, slow, arguments) in layers.items():
            samples[name][0].extend(timed(fast, arguments, args.repeats))
            samples[name][1].extend(timed(slow, arguments, args.repeats))

    calls = args.rounds * args.repeats
    table = Table(title=f"08_cnn reference vs naive loops (medians of {calls} calls each, in "
                        f"{args.rounds} interleaved rounds; outputs checked equal first)")
    for column in ("layer", "shape", "reference ms", "naive ms", "speed-up"):
        table.add_column(column, justify="left" if column in ("layer", "shape") else "right")
    shapes = {
        "conv_forward": f"x {x.shape}, w {w.shape}, pad 1, stride 1",
        "conv_backward": f"dout {conv_out.shape}",
        "max_pool_forward": f"x {pool_in.shape}, 2 x 2, stride 2",
        "max_pool_backward": f"dout {pool_out.shape}",
    }
    for name in layers:
        fast_ms, slow_ms = (statistics.median(s) * 1e3 for s in samples[name])
        table.add_row(name, shapes[name], f"{fast_ms:.2f}", f"{slow_ms:.1f}",
                      f"{slow_ms / fast_ms:.0f}x")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
