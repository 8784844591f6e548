"""Writes the whole-process benchmark's large models: resnet18 and mobilenet_v2 (torchvision, random weights, the
ImageNet shapes) as ONNX exports, opset 13, input 1x3x224x224. They are what issue 21's figures were taken on.

Run with Debian's PyTorch 1.13 and torchvision 0.14 (no download: the weights are random, seeded):
    /usr/bin/python3 benchmarks/whole-process/make_models.py OUT_DIR
The files (45 MB and 14 MB) go to OUT_DIR, outside the repository.
"""
import os
import sys

import torch
import torchvision

MODELS = {
    "resnet18": torchvision.models.resnet18,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_models.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        path = os.path.join(out, name + ".onnx")
        if os.path.exists(path):
            continue
        torch.manual_seed(0)
        model = make(num_classes=1000).eval()
        torch.onnx.export(model, torch.randn(1, 3, 224, 224), path, opset_version=13,
                          input_names=["input"], output_names=["output"])
        print(path, os.path.getsize(path))


if __name__ == "__main__":
    main()
