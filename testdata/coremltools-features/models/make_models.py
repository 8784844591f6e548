#!/usr/bin/python3
"""Regenerates the TorchScript inputs of the coremltools feature cases (testdata/coremltools-features/models).

Run with Debian's PyTorch 1.13 (apt-get install python3-torch), into a new folder:

    /usr/bin/python3 testdata/coremltools-features/models/make_models.py OUT_DIR

For each model, in the order below and in one process: torch.manual_seed(0), build the module (PyTorch's default
initialisation), eval mode; torch.manual_seed(1), the input drawn with torch.rand; torch.jit.trace on it; saved as
NAME.pt without the *.debug_pkl members (they record the path of the traced Python source), then loaded back with
torch.jit.load, and PyTorch's output for the input computed by the loaded module. Writes NAME.pt, NAME.input.npy and
NAME.output.npy. The module source is the one CASES.md records; shared_relu and shared_sigmoid share one Linear.
It refuses to write into a folder that holds files, so the committed models are never overwritten by accident.
"""
import io
import math
import os
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Cnn(nn.Module):
    """2 convs on 1 x C x H x W -> global average pool -> linear to 5 classes (softmax optional)."""

    def __init__(self, in_ch=3, softmax=False):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = nn.Linear(16, 5)
        self.softmax = softmax

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        x = self.fc(x)
        return F.softmax(x, dim=1) if self.softmax else x


class ImageOut(nn.Module):
    """1x3x32x32 -> 1x3x32x32 in [0, 255] (a model whose output can be an image)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)

    def forward(self, x):
        return torch.sigmoid(self.conv(x)) * 255.0


class Mlp256(nn.Module):
    """1x16 -> 256 -> 256 -> 10 with relu."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(16, 256)
        self.l2 = nn.Linear(256, 256)
        self.l3 = nn.Linear(256, 10)

    def forward(self, x):
        return self.l3(F.relu(self.l2(F.relu(self.l1(x)))))


class Accumulator(nn.Module):
    """Stateful: a registered buffer updated in place."""

    def __init__(self):
        super().__init__()
        self.register_buffer("acc", torch.zeros(1, 4))

    def forward(self, x):
        self.acc.add_(x)
        return self.acc * 2


class SharedHead(nn.Module):
    """Linear(64, 64) then an activation; two instances share one Linear (multifunction weight sharing)."""

    def __init__(self, linear, act):
        super().__init__()
        self.linear = linear
        self.act = act

    def forward(self, x):
        return torch.relu(self.linear(x)) if self.act == "relu" else torch.sigmoid(self.linear(x))


class ManualAttention(nn.Module):
    """softmax(Q K^T / sqrt(d)) V written out by hand (torch 1.13 has no F.scaled_dot_product_attention)."""

    def __init__(self, d=32):
        super().__init__()
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.d = d

    def forward(self, x):
        q, k, v = self.q(x), self.k(x), self.v(x)
        s = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.d)
        return torch.matmul(torch.softmax(s, dim=-1), v)


def shared_heads():
    linear = nn.Linear(64, 64)
    return SharedHead(linear, "relu"), SharedHead(linear, "sigmoid")


def models():
    """(name, builder, input shape) in the order they are made; the builder runs right after manual_seed(0)."""
    heads = {}

    def head(act):
        if not heads:
            heads["relu"], heads["sigmoid"] = shared_heads()
        return heads[act]

    return [
        ("cnn", lambda: Cnn(), (1, 3, 32, 32)),
        ("cnn_softmax", lambda: Cnn(softmax=True), (1, 3, 32, 32)),
        ("cnn_gray", lambda: Cnn(in_ch=1), (1, 1, 32, 32)),
        ("image_out", ImageOut, (1, 3, 32, 32)),
        ("mlp256", Mlp256, (1, 16)),
        ("accumulator", Accumulator, (1, 4)),
        ("shared_relu", lambda: head("relu"), (1, 64)),
        ("shared_sigmoid", lambda: head("sigmoid"), (1, 64)),
        ("attention", ManualAttention, (1, 8, 32)),
    ]


def save_without_debug_info(module, path):
    """torch.jit.save, then the archive rewritten without its *.debug_pkl members."""
    torch.jit.save(module, path)  # the archive's folder is named after the file
    with open(path, "rb") as f:
        archive = io.BytesIO(f.read())
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if not info.filename.endswith(".debug_pkl"):
                kind = zipfile.ZIP_DEFLATED if info.filename.endswith(".py") else zipfile.ZIP_STORED
                dst.writestr(info, src.read(info), compress_type=kind)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if os.listdir(out):
        sys.exit(f"{out} is not empty: write into a new folder and compare it with the committed files")
    for name, build, shape in models():
        torch.manual_seed(0)
        model = build().eval()
        torch.manual_seed(1)
        x = torch.rand(*shape)
        initial = {k: v.clone() for k, v in model.named_buffers()}
        # a stateful model cannot pass the trace check (its second run sees the updated state)
        traced = torch.jit.trace(model, x, check_trace=not initial)
        # tracing ran forward, which updates state in place: save the initial state
        for k, v in traced.named_buffers():
            v.copy_(initial[k])
        path = os.path.join(out, name + ".pt")
        save_without_debug_info(traced, path)
        loaded = torch.jit.load(path)
        with torch.no_grad():
            y = loaded(x.clone())
        np.save(os.path.join(out, name + ".input.npy"), x.numpy())
        np.save(os.path.join(out, name + ".output.npy"), y.numpy())


if __name__ == "__main__":
    main()
