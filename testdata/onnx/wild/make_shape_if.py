#!/usr/bin/python3
"""Writes testdata/onnx/wild/shape_if.onnx: what torch.onnx exports for a scripted module whose `if`s test shapes
(nested, with a symbolic batch dim) and one that tests data, and whose input and output names (`x.1`, `out.0`) are
not Core ML identifiers.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx 1.12):
    /usr/bin/python3 testdata/onnx/wild/make_shape_if.py
The output is committed; tests never run Python.
"""
import os

import torch

OUT = os.path.dirname(os.path.abspath(__file__))


class ShapeChecks(torch.nn.Module):
    def forward(self, x):
        if x.size(1) != 4:  # shape only: folded
            x = x * 2.0
        if x.dim() == 3:  # shape only, with a nested shape check: folded
            if x.size(2) > 5:
                x = x + 1.0
            else:
                x = x - 1.0
        else:
            x = x.sum(-1)
        if x.sum() > 0:  # data: stays a cond
            x = torch.relu(x)
        else:
            x = x * 0.5
        return x


def main():
    torch.onnx.export(torch.jit.script(ShapeChecks()), (torch.randn(2, 4, 6),), os.path.join(OUT, "shape_if.onnx"),
                      opset_version=13, input_names=["x.1"], output_names=["out.0"],
                      dynamic_axes={"x.1": {0: "batch"}})


if __name__ == "__main__":
    main()
