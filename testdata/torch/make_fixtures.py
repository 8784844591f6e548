#!/usr/bin/python3
"""Regenerates the five TorchScript test models of testdata/torch and their ONNX exports (testdata/onnx).

Run with Debian's PyTorch 1.13 (apt-get install python3-torch python3-onnx), from anywhere:

    /usr/bin/python3 testdata/torch/make_fixtures.py OUT_DIR

It writes OUT_DIR/torch/ (NAME.pt, NAME.input<i>.npy, NAME.output<j>.npy, MANIFEST.tsv) and OUT_DIR/onnx/ (NAME.onnx,
MANIFEST.tsv). It refuses to write into a folder that already holds files, so the committed fixtures are never
overwritten by accident: compare a fresh run with them, then copy what must change and say so in the commit.

For each model: torch.manual_seed(0), build the module (weights from PyTorch's default initialisation), eval mode,
inputs drawn with torch.randn right after it, torch.jit.trace on those inputs, save; the outputs recorded are what
the traced module computes for the inputs; then torch.onnx.export of the eager module at opset 13, inputs named
input0.., outputs output0... The models are made in this order in one process, as the originals were (the
TorchScript class names such as ___torch_mangle_N depend on it).
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class TopKHead(nn.Module):
    """The custom-operator workflow: linear -> relu -> top 5 along the last axis, sorted."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 32)

    def forward(self, x):
        y = torch.relu(self.lin(x))
        return torch.topk(y, k=5, dim=-1, largest=True, sorted=True)


class SmallCnn(nn.Module):
    """conv (with and without bias), batch norm, relu, max pool, relu6, adaptive average pool, flatten, softmax."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(16)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu6(self.bn2(self.conv2(x)))
        x = F.adaptive_avg_pool2d(x, 4)
        x = torch.flatten(x, 1)
        return F.softmax(self.fc(x), dim=1)


class Mlp(nn.Module):
    """linear, tanh, a sigmoid gate (mul), log_softmax."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(20, 64)
        self.l2 = nn.Linear(64, 64)
        self.l3 = nn.Linear(64, 5)

    def forward(self, x):
        h = torch.tanh(self.l1(x))
        h = torch.sigmoid(self.l2(h)) * h
        return F.log_softmax(self.l3(h), dim=-1)


class Attention(nn.Module):
    """A pre-norm transformer block, 4 heads: the head size is computed from the traced shape (size, NumToTensor,
    floor_divide, Int), so the graph carries symbolic shape arithmetic."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q = q.reshape(b, t, self.heads, d // self.heads).permute(0, 2, 1, 3)
        k = k.reshape(b, t, self.heads, d // self.heads).permute(0, 2, 3, 1)
        v = v.reshape(b, t, self.heads, d // self.heads).permute(0, 2, 1, 3)
        att = torch.softmax(q @ k / (d // self.heads) ** 0.5, dim=-1)
        y = (att @ v).permute(0, 2, 1, 3).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ElementwiseZoo(nn.Module):
    """Elementwise arithmetic and math, clamp, pow, cat, maximum, permute, slicing, mean (keepdim) and sum."""

    def forward(self, a, b):
        x = (a + b) * 0.5 - a / (b.abs() + 1.0)
        x = x.clamp(-2.0, 2.0) ** 2
        y = torch.sqrt(x + 1e-3) + torch.exp(-x) + torch.log(x + 1.0)
        z = torch.cat([y, torch.maximum(a, b)], dim=1)
        z = z.permute(0, 2, 1)[:, 1:5, :]
        return z.mean(dim=1, keepdim=True), z.sum(dim=-1)


# name, module class, input shapes (in forward order)
MODELS = [
    ("topk_head", TopKHead, [(2, 16)]),
    ("small_cnn", SmallCnn, [(1, 3, 16, 16)]),
    ("mlp", Mlp, [(4, 20)]),
    ("attention_block", Attention, [(2, 6, 32)]),
    ("elementwise_zoo", ElementwiseZoo, [(2, 3, 8), (2, 3, 8)]),
]


def dims(shape):
    return "x".join(str(d) for d in shape)


def fresh_folder(path):
    os.makedirs(path, exist_ok=True)
    if os.listdir(path):
        sys.exit(f"{path} is not empty: write into a new folder and compare it with the committed files")
    return path


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    torch_dir = fresh_folder(os.path.join(out, "torch"))
    onnx_dir = fresh_folder(os.path.join(out, "onnx"))
    rows = []
    for name, cls, shapes in MODELS:
        torch.manual_seed(0)
        model = cls().eval()
        inputs = tuple(torch.randn(*s) for s in shapes)
        traced = torch.jit.trace(model, inputs)
        traced.save(os.path.join(torch_dir, name + ".pt"))
        with torch.no_grad():
            outputs = traced(*inputs)
        if isinstance(outputs, torch.Tensor):
            outputs = (outputs,)
        for i, t in enumerate(inputs):
            np.save(os.path.join(torch_dir, f"{name}.input{i}.npy"), t.numpy())
        for j, t in enumerate(outputs):
            np.save(os.path.join(torch_dir, f"{name}.output{j}.npy"), t.detach().numpy())
        torch.onnx.export(model, inputs, os.path.join(onnx_dir, name + ".onnx"), opset_version=13,
                          input_names=[f"input{i}" for i in range(len(inputs))],
                          output_names=[f"output{j}" for j in range(len(outputs))])
        rows.append("\t".join([name, ";".join(dims(s) for s in shapes),
                               ";".join(f"{dims(t.shape)}:{str(t.dtype).replace('torch.', '')}" for t in outputs),
                               "yes"]))
    manifest = "name\tinput_shapes\toutput_shapes_dtypes\tonnx\n" + "\n".join(rows) + "\n"
    for d in (torch_dir, onnx_dir):
        with open(os.path.join(d, "MANIFEST.tsv"), "w") as f:
            f.write(manifest)


if __name__ == "__main__":
    main()
