"""Makes the small real architectures of testdata/torch-models (see README.md).

Run with Debian's PyTorch 1.13 and torchvision 0.14:  /usr/bin/python3 testdata/torch-models/make_models.py
Each model NAME gets NAME.pt (TorchScript: traced or scripted, as its name says), NAME.input0.npy (seeded) and
NAME.output0.npy (PyTorch's own output, the numeric reference). Random weights, no downloads.
"""
import os
from typing import Dict

import numpy as np
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))


def reestimate_batch_norm(model, shape):
    """BatchNorm statistics from random data, so the outputs are well scaled (random init leaves them at 0/1)."""
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(*shape))
    model.eval()


class Containers(torch.nn.Module):
    """A ModuleList, a ModuleDict, a dict result and an assert: the containers scripted code prints."""

    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(8, 8) for _ in range(3)])
        self.heads = torch.nn.ModuleDict({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh()})

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x) + i
        out: Dict[str, torch.Tensor] = {}
        for k, h in self.heads.items():
            out[k] = h(x)
        assert x.dim() == 2, "rank " + str(x.dim())
        return out


def transformer():
    layer = torch.nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.1,
                                             batch_first=True)
    return torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)


MODELS = [
    # name, constructor, input shape, how the TorchScript is made
    ("mobilenet_v2_025_traced", lambda: torchvision.models.mobilenet_v2(width_mult=0.25, num_classes=10),
     (1, 3, 64, 64), "trace"),
    ("mobilenet_v2_025_scripted", lambda: torchvision.models.mobilenet_v2(width_mult=0.25, num_classes=10),
     (1, 3, 64, 64), "script"),
    ("shufflenet_v2_x0_5_scripted", lambda: torchvision.models.shufflenet_v2_x0_5(num_classes=10),
     (1, 3, 64, 64), "script"),
    ("containers_scripted", Containers, (2, 8), "script"),
    # traced with autograd on, as torch.jit.trace runs by default: the slow path of nn.MultiheadAttention (the
    # eval fast path, aten::_transformer_encoder_layer_fwd, is taken only under no_grad)
    ("transformer_encoder_traced", transformer, (1, 6, 32), "trace-grad"),
]


def main():
    for name, make, shape, how in MODELS:
        torch.manual_seed(0)
        model = make()
        reestimate_batch_norm(model, shape)
        x = torch.randn(*shape)
        if how == "trace-grad":
            # check_trace compares two traces, whose class names differ by mangling for this module
            ts = torch.jit.trace(model, x, check_trace=False)
            y = model(x).detach()
        else:
            with torch.no_grad():
                ts = torch.jit.trace(model, x) if how == "trace" else torch.jit.script(model)
                y = model(x)
        ts.save(os.path.join(HERE, name + ".pt"))
        np.save(os.path.join(HERE, name + ".input0.npy"), x.numpy())
        outputs = list(y.values()) if isinstance(y, dict) else [y]
        for j, out in enumerate(outputs):
            np.save(os.path.join(HERE, name + ".output%d.npy" % j), out.numpy())
        print(name, [tuple(o.shape) for o in outputs], os.path.getsize(os.path.join(HERE, name + ".pt")), "bytes")


if __name__ == "__main__":
    main()
