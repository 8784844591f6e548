#!/usr/bin/python3
"""Makes the small scripted models of testdata/torch-scripted (see README.md).

Run with Debian's PyTorch 1.13:  /usr/bin/python3 testdata/torch-scripted/make_scripted.py
Each model NAME gets NAME.pt (torch.jit.script, eval mode), NAME.input<i>.npy (forward's tensor arguments, seeded)
and NAME.output<j>.npy (what the scripted module returned, tuples, lists and dict values flattened in order, None left
out: PyTorch's numbers, the reference). Random weights after torch.manual_seed(0); no downloads.
"""
import os
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class OptionalArgs(nn.Module):
    """nn.LSTM called with the input only, so its hx takes its default (None); an Optional[Tensor] argument given a
    tensor and an int argument left at its default."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(4, 6, batch_first=True)

    def forward(self, x, scale: Optional[torch.Tensor] = None, power: int = 2):
        y, (h, c) = self.rnn(x)
        if scale is not None:
            y = y * scale
        return y ** power, h + c


class GruState(nn.Module):
    """nn.GRU with a given state: its check_hidden_size compares size lists (folded) inside guards."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(5, 6, num_layers=2)

    def forward(self, x, h0):
        return self.rnn(x, h0)


class NestedReturn(nn.Module):
    """A returned tuple holding a list and a dict (flattened in order), a list built with append and insert."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 6)

    def forward(self, x, y) -> Tuple[torch.Tensor, List[torch.Tensor], Dict[str, torch.Tensor]]:
        parts = torch.jit.annotate(List[torch.Tensor], [])
        parts.append(self.proj(x))
        parts.append(y)
        parts.insert(0, x * y)
        d: Dict[str, torch.Tensor] = {"sum": parts[0] + parts[-1]}
        d["cat"] = torch.cat(parts, dim=1)
        return d["sum"] * 2.0, parts[1:], d


class CountingLoop(nn.Module):
    """A while loop on a tensor value carrying a tensor and an int counter, then torch.full of the counter."""

    def forward(self, x):
        i = 0
        while bool(x.abs().max() > 1.0):
            x = x * 0.5
            i += 1
        return x, torch.full([2], i)


class Checks(nn.Module):
    """torch._assert on sizes (folded), an assert on a value (isfinite, all: a guard left out), a raise under a
    shape condition."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(10, 3)

    def forward(self, x):
        torch._assert(x.size(1) == 10, "expected 10 features")
        y = self.lin(x)
        assert bool(torch.isfinite(y).all()), "non-finite output"
        if y.shape[0] != x.shape[0]:
            raise RuntimeError("batch changed")
        return torch.softmax(y, dim=-1), torch.isnan(y).any(dim=1).float()


class CellLoop(nn.Module):
    """LSTMCell and GRUCell stepped over x.unbind(1) (a list of known length), the state an Optional tuple."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTMCell(4, 5)
        self.gru = nn.GRUCell(5, 3)

    def forward(self, x):
        state: Optional[Tuple[torch.Tensor, torch.Tensor]] = None
        h = torch.zeros(x.size(0), 3)
        outs: List[torch.Tensor] = []
        for step in x.unbind(1):
            if state is None:
                state = self.lstm(step)
            else:
                state = self.lstm(step, state)
            h = self.gru(state[0], h)
            outs.append(h)
        return torch.stack(outs, dim=1)


def small_transformer():
    """nn.Transformer, sequence first: multi_head_attention_forward's slow path (chunk kept whole, dtype and
    identity checks of query/key/value decided while converting, cross-attention)."""
    return nn.Transformer(16, 2, 1, 1, 24, dropout=0.1)


def small_encoder():
    """nn.TransformerEncoder, batch first, two layers: the fast path is chosen by the code's checks."""
    layer = nn.TransformerEncoderLayer(16, 2, 24, dropout=0.1, batch_first=True)
    return nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)


def small_swin(v2):
    """torchvision's Swin Transformer (v1 or v2), two small stages: shifted-window attention reads the sizes of
    values it computed (B, H, W, C = x.shape; pads; a shift set to 0 when the window covers the map; sum(shift_size);
    the relative position bias gathered by index), all decided while converting from the input's shape."""
    from torchvision.models import swin_transformer as swin
    block = swin.SwinTransformerBlockV2 if v2 else swin.SwinTransformerBlock
    merge = swin.PatchMergingV2 if v2 else swin.PatchMerging
    return swin.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 2], window_size=[4, 4],
                                num_classes=10, block=block, downsample_layer=merge)


def small_vit():
    """torchvision's VisionTransformer, two layers: torch._assert on the image size, the class token, and
    nn.MultiheadAttention's fast path (_native_multi_head_attention) chosen by its checks in both layers (the
    second checks the dtype and rank of the first one's output)."""
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32,
                             num_classes=10)


MODELS = [
    # name, constructor, inputs (shapes of float32 normal inputs)
    ("optional_args", OptionalArgs, [(2, 3, 4), (6,)]),
    ("gru_state", GruState, [(3, 2, 5), (2, 2, 6)]),
    ("nested_return", NestedReturn, [(2, 6), (2, 6)]),
    ("counting_loop", CountingLoop, [(3, 4)]),
    ("checks", Checks, [(4, 10)]),
    ("cell_loop", CellLoop, [(2, 3, 4)]),
    ("transformer_seq_first", small_transformer, [(5, 2, 16), (4, 2, 16)]),
    ("encoder_fast_path", small_encoder, [(2, 5, 16)]),
    ("swin_small", lambda: small_swin(False), [(1, 3, 32, 32)]),
    ("swin_v2_small", lambda: small_swin(True), [(1, 3, 32, 32)]),
    ("vit_small", small_vit, [(1, 3, 32, 32)]),
]


def flatten(y, out):
    if y is None:
        return out
    if isinstance(y, (tuple, list)):
        for item in y:
            flatten(item, out)
    elif isinstance(y, dict):
        for item in y.values():
            flatten(item, out)
    else:
        out.append(y)
    return out


def main():
    for name, make, shapes in MODELS:
        torch.manual_seed(0)
        model = make().eval()
        inputs = [torch.randn(*s) * (4.0 if name == "counting_loop" else 1.0) for s in shapes]
        scripted = torch.jit.script(model)
        path = os.path.join(HERE, name + ".pt")
        scripted.save(path)
        with torch.no_grad():
            outputs = flatten(torch.jit.load(path)(*inputs), [])
        for i, x in enumerate(inputs):
            np.save(os.path.join(HERE, "%s.input%d.npy" % (name, i)), x.numpy())
        for j, y in enumerate(outputs):
            np.save(os.path.join(HERE, "%s.output%d.npy" % (name, j)), y.numpy())
        print(name, [tuple(o.shape) for o in outputs], os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
