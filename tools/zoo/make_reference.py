#!/usr/bin/python3
"""Writes NAME.reference<j>.npy (float64) beside each model of a zoo folder: the TorchScript model run in float64.

PyTorch's own float32 output (NAME.output<j>.npy) differs from the exact result by accumulated rounding; for deep
models with large activations (inception_v3, fcn_resnet50) by more than 1e-4 relative. tools/zoo/run then judges
mil4j's fp32 numbers against both: within 1e-4 of PyTorch, or at least as close to the float64 result as PyTorch
itself is. Usage: /usr/bin/python3 tools/zoo/make_reference.py ZOO_DIR [--only A,B]
"""
import argparse
import csv
import os

import numpy as np
import torch


def first_output(y):
    # the zoo keeps one output per model: the first element of a tuple, `out` of a segmentation dict
    while isinstance(y, (tuple, list)):
        y = y[0]
    if isinstance(y, dict):
        y = y["out"]
    return y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zoo")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    torch.set_grad_enabled(False)
    with open(os.path.join(args.zoo, "MANIFEST.tsv")) as f:
        names = [row["name"] for row in csv.DictReader(f, delimiter="\t")]
    for name in names:
        if only and name not in only:
            continue
        pt = os.path.join(args.zoo, name + ".pt")
        inputs = []
        while os.path.exists(os.path.join(args.zoo, f"{name}.input{len(inputs)}.npy")):
            a = torch.from_numpy(np.load(os.path.join(args.zoo, f"{name}.input{len(inputs)}.npy")))
            inputs.append(a.double() if a.is_floating_point() else a)
        try:
            m = torch.jit.load(pt).eval().double()
            y = first_output(m(*inputs)).numpy().astype(np.float64)
        except Exception as e:  # a model that cannot run in float64 keeps only its float32 reference
            print(f"{name}: no float64 reference ({type(e).__name__}: {str(e).splitlines()[0]})")
            continue
        expected = np.load(os.path.join(args.zoo, f"{name}.output0.npy"))
        np.save(os.path.join(args.zoo, f"{name}.reference0.npy"), y)
        worst = float(np.max(np.abs(expected - y) / (1 + np.abs(y))))
        print(f"{name}: PyTorch float32 vs float64 worst {worst:.1e}")


if __name__ == "__main__":
    main()
