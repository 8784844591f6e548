"""Small TorchScript models, one or a few torch ops each, with their inputs and PyTorch's outputs.

Run with Debian's PyTorch 1.13: /usr/bin/python3 testdata/torch-ops/make_ops.py [OUT_DIR]
(OUT_DIR defaults to this script's folder). Seeded, so a rerun writes the same numbers. For each model NAME:
NAME.pt (torch.jit.trace, in eval mode), NAME.input<i>.npy (forward's arguments, in order) and NAME.output<j>.npy
(the returned tensors, tuples and lists flattened), listed in MANIFEST.tsv.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.ops


class Lstm(nn.Module):
    """2 layers, bidirectional, batch_first; returns the sequence and both final states."""
    def __init__(self):
        super().__init__()
        self.m = nn.LSTM(8, 6, num_layers=2, bidirectional=True, batch_first=True)

    def forward(self, x):
        y, (h, c) = self.m(x)
        return y, h, c


class LstmState(nn.Module):
    """1 layer, sequence first, with given initial states."""
    def __init__(self):
        super().__init__()
        self.m = nn.LSTM(8, 6)

    def forward(self, x, h0, c0):
        y, (h, c) = self.m(x, (h0, c0))
        return y, h, c


class Gru(nn.Module):
    """2 layers, bidirectional, sequence first."""
    def __init__(self):
        super().__init__()
        self.m = nn.GRU(8, 6, num_layers=2, bidirectional=True)

    def forward(self, x):
        return self.m(x)


class Rnn(nn.Module):
    """rnn_tanh and rnn_relu, batch_first, without biases on the second."""
    def __init__(self):
        super().__init__()
        self.a = nn.RNN(8, 6, num_layers=2, batch_first=True)
        self.b = nn.RNN(6, 5, nonlinearity="relu", bias=False, batch_first=True)

    def forward(self, x):
        y, h = self.a(x)
        z, g = self.b(y)
        return z, h, g


class Encoder(nn.Module):
    """Two nn.TransformerEncoderLayers (as attributes, not an nn.ModuleList): traced under no_grad in eval mode each
    is one aten::_transformer_encoder_layer_fwd (the fast path), traced with gradients the ordinary ops."""
    def __init__(self, norm_first, activation):
        super().__init__()
        self.a = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.1, activation=activation, batch_first=True,
                                            norm_first=norm_first)
        self.b = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.1, activation=activation, batch_first=True,
                                            norm_first=norm_first)

    def forward(self, x):
        return self.b(self.a(x))


class Mha(nn.Module):
    """Self-attention: the fast path (_native_multi_head_attention) when traced under no_grad."""
    def __init__(self):
        super().__init__()
        self.m = nn.MultiheadAttention(16, 4, batch_first=True)

    def forward(self, x):
        return self.m(x, x, x, need_weights=False)[0]


class Upsample(nn.Module):
    def forward(self, x):
        return (F.interpolate(x, scale_factor=2, mode="nearest"),
                F.interpolate(x, size=(7, 9), mode="nearest"),
                F.interpolate(x, size=(8, 12), mode="bilinear", align_corners=False),
                F.interpolate(x, size=(7, 9), mode="bilinear", align_corners=False),
                F.interpolate(x, size=(7, 9), mode="bilinear", align_corners=True),
                F.interpolate(x, scale_factor=1.5, mode="bilinear", align_corners=False),
                F.interpolate(x, size=(8, 12), mode="bicubic", align_corners=False),
                F.interpolate(x, size=(7, 9), mode="bicubic", align_corners=True))


class Shuffle(nn.Module):
    def __init__(self):
        super().__init__()
        self.cs = nn.ChannelShuffle(2)

    def forward(self, x):
        return F.pixel_shuffle(x, 2), F.pixel_unshuffle(x, 2), self.cs(x)


class Pools(nn.Module):
    """Adaptive pools whose output sizes do not divide the input's, 3-d ones after a 3-d convolution."""
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(2, 3, 3, padding=1, stride=(1, 2, 1))

    def forward(self, x, v):
        y = self.conv(v)
        return (F.adaptive_avg_pool2d(x, (3, 5)), F.adaptive_max_pool2d(x, (4, 3), return_indices=True),
                F.adaptive_avg_pool3d(y, (2, 1, 3)), F.adaptive_avg_pool3d(y, 1), F.adaptive_max_pool3d(y, (1, 2, 2)))


class Embedding(nn.Module):
    def __init__(self):
        super().__init__()
        self.e = nn.Embedding(20, 8)
        self.g = nn.GroupNorm(4, 8)

    def forward(self, tokens):
        y = self.e(tokens).transpose(1, 2)
        return self.g(y)


class Misc(nn.Module):
    """Tensor ops the zoo's transformers and swin_t use."""
    def forward(self, x, m):
        l = x.shape[-1]
        causal = torch.triu(torch.ones(l, l), diagonal=1).bool()
        a = x.masked_fill(causal, -1e4)
        b = torch.tril(x, -1) + torch.roll(x, shifts=(1, -2), dims=(1, 2)) + torch.roll(x, 3)
        s, i = torch.sort(x, dim=-1, descending=True)
        c = torch.cumsum(x, dim=1)
        e = torch.einsum("bij,bjk->bik", x, m)
        f = torch.einsum("bij->bi", x) * torch.arange(l) + torch.full_like(x[:, 0], 2.5)
        g = torch.baddbmm(x, x, m, beta=0.5, alpha=2.0)
        h = m[:, :1].expand_as(m) + torch.zeros_like(m) + x.new_ones(m.shape) * x.numel()
        k = torch.einsum("bij->bji", x) + torch.einsum("bij,bkj->bki", x, m)
        return a, b, s, i, c, e, f, g, h, k, x[:, torch.tensor([3, 0, 1])], x[torch.tensor([1, 0]), torch.tensor([2, 3])]


class Pads(nn.Module):
    def forward(self, x):
        return (F.pad(x, (1, 2, 2, 1), mode="reflect"), F.pad(x, (2, 1, 0, 1), mode="replicate"),
                F.pad(x, (1, 2, 1, 0), mode="circular"), F.pad(x, (1, 1, 0, 2), value=0.5))


class Eval(nn.Module):
    """Dropout and stochastic depth vanish in eval mode; a linear layer of a rank-4 input."""
    def __init__(self):
        super().__init__()
        self.d = nn.Dropout(0.5)
        self.l = nn.Linear(6, 6)

    def forward(self, x):
        y = torchvision.ops.stochastic_depth(self.l(self.d(x)), 0.2, "row", training=False) + x
        return y, self.l(x.view(1, 3, 1, 6).expand(2, 3, 2, 6))


class SwinMask(nn.Module):
    """Swin's shifted-window mask: slice assignments of a number into a zeros tensor in loops (traced: slices and
    aten::fill_ on them), then read through view/permute/reshape."""
    def forward(self, x):
        h, w = x.shape[1], x.shape[2]
        img_mask = x.new_zeros((1, h, w, 1))
        cnt = 0
        for hs in (slice(0, -4), slice(-4, -2), slice(-2, None)):
            for ws in (slice(0, -4), slice(-4, -2), slice(-2, None)):
                img_mask[:, hs, ws, :] = cnt
                cnt += 1
        m = img_mask.view(1, 2, h // 2, 2, w // 2, 1).permute(0, 1, 3, 2, 4, 5).reshape(-1, h * w // 4)
        attn = m.unsqueeze(1) - m.unsqueeze(2)
        attn = attn.masked_fill(attn != 0, -100.0).masked_fill(attn == 0, 0.0)
        return x * 2 + img_mask, attn


class ViewWrites(nn.Module):
    """In-place writes through views of every kind: select, strided slices of a view, a transpose, a permute; a view
    made before a write and read after it; narrow; copy_, fill_, add_, mul_, zero_, masked_fill_ and index_put_."""
    def forward(self, x, y):
        a = x.clone()
        w = a[:, 1]
        a[0] = y
        a[1, :, 2:5] *= 2
        v = a.view(2, 24)
        v[:, ::5].fill_(-1.0)
        t = a.transpose(1, 2)
        t[:, 0].add_(10.0)
        b = torch.zeros(3, 6)
        b[1:] = y[:2] + 1
        b.masked_fill_(b > 2, 7.0)
        c = x.clone()
        c[c < 0] = 0.0
        d = torch.zeros(5, 6)
        d[torch.tensor([3, 0])] = y[:2]
        e = x.clone()
        e.zero_()
        p = e.permute(2, 0, 1)
        p[1] += 3
        n = x.clone()
        n.narrow(2, 1, 3).mul_(2)
        return a, w, v, b, c, d, e, n


class ScriptedWrites(nn.Module):
    """Scripted: slice assignments in a loop over a constant range, an augmented assignment through a select."""
    scripted = True

    def forward(self, x):
        m = torch.zeros_like(x)
        cnt = 0
        for i in range(3):
            m[:, i * 2:(i + 1) * 2] = cnt
            cnt += 1
        m[0] += x[0]
        return m


class BufferWrite(nn.Module):
    """A registered buffer written through a slice in forward, then read."""
    def __init__(self):
        super().__init__()
        self.register_buffer("acc", torch.arange(8.0))

    def forward(self, x):
        self.acc[2:5] = x
        return self.acc * 2


def models():
    g = torch.Generator().manual_seed(7)

    def rand(*shape):
        return torch.randn(*shape, generator=g)

    return [
        ("lstm", Lstm(), [rand(2, 5, 8)], False),
        ("lstm_state", LstmState(), [rand(4, 3, 8), rand(1, 3, 6), rand(1, 3, 6)], False),
        ("gru", Gru(), [rand(5, 2, 8)], False),
        ("rnn", Rnn(), [rand(2, 4, 8)], False),
        ("encoder_fastpath", Encoder(False, "relu"), [rand(2, 5, 16)], True),
        ("encoder_fastpath_gelu", Encoder(True, "gelu"), [rand(1, 6, 16)], True),
        ("encoder_slowpath", Encoder(False, "relu"), [rand(2, 5, 16)], False),
        ("mha_fastpath", Mha(), [rand(2, 5, 16)], True),
        ("upsample", Upsample(), [rand(1, 2, 4, 6)], False),
        ("shuffle", Shuffle(), [rand(1, 8, 4, 6)], False),
        ("pools", Pools(), [rand(1, 2, 7, 11), rand(1, 2, 5, 6, 7)], False),
        ("embedding", Embedding(), [torch.randint(0, 20, (2, 6), generator=g)], False),
        ("misc", Misc(), [rand(2, 4, 4), rand(2, 4, 4)], False),
        ("pads", Pads(), [rand(1, 2, 4, 5)], False),
        ("eval", Eval(), [rand(3, 6)], False),
        ("swin_mask", SwinMask(), [rand(1, 8, 8, 3)], False),
        ("view_writes", ViewWrites(), [rand(2, 4, 6), rand(4, 6)], False),
        ("scripted_writes", ScriptedWrites(), [rand(2, 6, 3)], False),
        ("buffer_write", BufferWrite(), [rand(3)], False),
    ]


def flat(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flat(o)]
    return [out]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    torch.manual_seed(0)
    rows = ["name\tinput_shapes\toutput_shapes_dtypes"]
    for name, module, inputs, no_grad in models():
        module.eval()
        with torch.no_grad() if no_grad else torch.enable_grad():
            if getattr(module, "scripted", False):
                traced = torch.jit.script(module)
            else:
                traced = torch.jit.trace(module, tuple(inputs), check_trace=False)
            outputs = flat(traced(*inputs))
            expected = flat(module(*inputs))
        for a, b in zip(outputs, expected):
            assert torch.equal(a, b), name
        traced.save(os.path.join(out_dir, name + ".pt"))
        for i, t in enumerate(inputs):
            np.save(os.path.join(out_dir, "%s.input%d.npy" % (name, i)), t.numpy())
        for j, t in enumerate(outputs):
            np.save(os.path.join(out_dir, "%s.output%d.npy" % (name, j)), t.detach().numpy())
        rows.append("%s\t%s\t%s" % (name, ";".join("x".join(map(str, t.shape)) for t in inputs),
                                     ";".join("x".join(map(str, t.shape)) + ":" + str(t.dtype)[6:]
                                              for t in outputs)))
    with open(os.path.join(out_dir, "MANIFEST.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
