#!/usr/bin/python3
"""Writes a GPT-style decoder-only transformer of about 1 billion parameters as a TorchScript archive (traced with
torch 1.13 on token ids of shape [1, T]) for mil4j's big-weight benchmark (benchmarks/bigmodel/run). Not committed:
the archive is about 4 GB (fp32).

    /usr/bin/python3 benchmarks/bigmodel/make_decoder.py OUT_DIR [--layers 18] [--width 2048] [--vocab 32000]

Defaults: 18 blocks of width 2048 (8 heads, MLP 4x with GELU, pre-layer-norm, causal attention written out with
matmul and softmax), vocabulary 32000, untied input embedding and output head: 1.04e9 parameters. Weights are
random (seed 0, std 0.02). OUT_DIR gets decoder.pt, decoder.input0.npy (int64 ids [1, T]) and
decoder.output0.npy (the logits PyTorch computes for them)."""
import argparse
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)
        self.heads = heads

    def forward(self, x, mask):
        b, t, d = x.shape
        h = self.heads
        y = self.ln1(x)
        q = self.q(y).view(b, t, h, d // h).transpose(1, 2)
        k = self.k(y).view(b, t, h, d // h).transpose(1, 2)
        v = self.v(y).view(b, t, h, d // h).transpose(1, 2)
        a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d // h) + mask, dim=-1) @ v
        x = x + self.proj(a.transpose(1, 2).reshape(b, t, d))
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class Decoder(nn.Module):
    def __init__(self, vocab, d, layers, heads, context):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(context, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)

    def forward(self, ids):
        t = ids.shape[1]
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = self.embed(ids) + self.pos(torch.arange(t))
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln(x))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--layers", type=int, default=18)
    p.add_argument("--width", type=int, default=2048)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--vocab", type=int, default=32000)
    p.add_argument("--tokens", type=int, default=16)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(0)
    with torch.no_grad():
        model = Decoder(a.vocab, a.width, a.layers, a.heads, context=a.tokens).eval()
        for w in model.parameters():
            w.normal_(0, 0.02)
        params = sum(w.numel() for w in model.parameters())
        print(f"{params} parameters ({params * 4 / 2**30:.2f} GiB fp32)")
        ids = torch.randint(0, a.vocab, (1, a.tokens))
        traced = torch.jit.trace(model, ids)
        traced.save(os.path.join(a.out, "decoder.pt"))
        np.save(os.path.join(a.out, "decoder.input0.npy"), ids.numpy())
        np.save(os.path.join(a.out, "decoder.output0.npy"), model(ids).numpy())


if __name__ == "__main__":
    main()
