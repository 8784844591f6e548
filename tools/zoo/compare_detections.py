#!/usr/bin/python3
"""Compares a detection model's outputs (boxes [K, 4], scores [K], labels [K]) with PyTorch's as detections.

Detections whose scores are within float32 noise of each other may come out in either order, and one at the cut-off
(the best N kept) in or out: an element-by-element comparison calls that a difference. This matches the two lists as
sets of (label, box rounded to 1e-2) and compares the scores sorted, and says how far the order agrees.

Usage: /usr/bin/python3 tools/zoo/compare_detections.py ZOO MODEL OUT_DIR
(OUT_DIR: what `mil4j run ... --out OUT_DIR` wrote; on both sides the outputs are told apart as boxes, scores and
labels by shape and dtype)
"""
import glob
import os
import sys

import numpy as np


def detections(arrays):
    """(boxes, scores, labels) among a model's outputs, told apart by shape and dtype, in whatever order."""
    boxes = next(a for a in arrays if a.ndim == 2 and a.shape[-1] == 4)
    scores = next(a for a in arrays if a.ndim == 1 and a.dtype.kind == "f")
    labels = next(a for a in arrays if a.ndim == 1 and a.dtype.kind in "iu")
    return boxes, scores, labels


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    zoo, name, out = sys.argv[1:]
    ref = [np.load(f) for f in sorted(glob.glob(os.path.join(zoo, f"{name}.output*.npy")))]
    got = [np.load(f) for f in sorted(glob.glob(os.path.join(out, "*.npy")))]
    boxes, scores, labels = detections(got)
    rb, rs, rl = detections(ref)
    print(f"{name}: {len(rs)} detections from PyTorch, {len(scores)} from mil4j")
    n = min(len(labels), len(rl))
    same = labels[:n] == rl[:n]
    agree = int(np.argmin(same)) if not same.all() else n
    print(f"  labels equal in order up to {agree}, equal at {int(same.sum())} of {n} positions")
    if agree > 0:
        print(f"  boxes of the first {agree}: max |difference| {np.abs(boxes[:agree] - rb[:agree]).max():.1e}")
    key = lambda bb, ll: {(int(l), tuple(np.round(b, 2))) for l, b in zip(ll, bb)}
    a, b = key(boxes, labels), key(rb, rl)
    print(f"  as sets: {len(a & b)} common, {len(a - b)} only mil4j, {len(b - a)} only PyTorch")
    if len(scores) == len(rs):
        d = np.abs(np.sort(scores) - np.sort(rs)).max()
        print(f"  scores sorted: max |difference| {d:.1e}")


if __name__ == "__main__":
    main()
