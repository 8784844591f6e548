#!/usr/bin/python3
"""Makes the stateful TorchScript fixtures of testdata/torch-states (torch 1.13):

accumulator.pt  a registered buffer updated in place (acc.add_(x); return acc * 2), traced on x [1, 4];
                accumulator.steps_x.npy holds three steps' x [3, 1, 4], accumulator.steps_out.npy what three calls of
                a fresh module return [3, 1, 4].
gpt_kv.pt       a GPT-style block decoding one token per call with its key/value cache in two registered buffers
                written at the position given (self.k_cache[pos] = k), attention over the cache under a mask of the
                positions written so far, traced on x [1, 1, 32] and pos [1] (int64);
                gpt_kv.steps_x.npy [5, 1, 1, 32] and gpt_kv.steps_pos.npy [5, 1] are five steps' inputs, and
                gpt_kv.uncached.npy [5, 1, 1, 32] the outputs of the same block run without a cache on the whole
                sequence at once (causal mask), row by row: what cached decoding must reproduce.

    /usr/bin/python3 testdata/torch-states/make_states.py
"""
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.dirname(os.path.abspath(__file__))
D, HEADS, MAXLEN, STEPS = 32, 2, 8, 5


class Accumulator(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("acc", torch.zeros(1, 4))

    def forward(self, x):
        self.acc.add_(x)
        return self.acc * 2


class Block(nn.Module):
    """Pre-norm attention + MLP; attend(q, k, v, mask) is shared by the cached and the uncached forms."""

    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.q = nn.Linear(D, D)
        self.k = nn.Linear(D, D)
        self.v = nn.Linear(D, D)
        self.proj = nn.Linear(D, D)
        self.ln2 = nn.LayerNorm(D)
        self.up = nn.Linear(D, 2 * D)
        self.down = nn.Linear(2 * D, D)

    def attend(self, q, k, v, mask):
        # q [T, D], k and v [S, D], mask [T, S] additive
        hd = D // HEADS
        q = q.view(-1, HEADS, hd).transpose(0, 1)
        k = k.view(-1, HEADS, hd).transpose(0, 1)
        v = v.view(-1, HEADS, hd).transpose(0, 1)
        a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hd) + mask, dim=-1) @ v
        return a.transpose(0, 1).reshape(-1, D)

    def tail(self, x, a):
        x = x + self.proj(a)
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class CachedBlock(Block):
    def __init__(self):
        super().__init__()
        self.register_buffer("k_cache", torch.zeros(MAXLEN, D))
        self.register_buffer("v_cache", torch.zeros(MAXLEN, D))

    def forward(self, x, pos):
        # x [1, 1, D], pos [1]: the position of this token
        h = self.ln1(x[0])
        self.k_cache[pos] = self.k(h)
        self.v_cache[pos] = self.v(h)
        unseen = torch.arange(MAXLEN) > pos
        mask = torch.zeros(1, MAXLEN).masked_fill(unseen, -1e4)
        a = self.attend(self.q(h), self.k_cache, self.v_cache, mask)
        return self.tail(x[0], a).unsqueeze(0)


def uncached(block, xs):
    # xs [T, D]: the whole sequence, causal mask
    t = xs.shape[0]
    h = block.ln1(xs)
    mask = torch.full((t, t), -1e4).triu(1)
    return block.tail(xs, block.attend(block.q(h), block.k(h), block.v(h), mask))


def main():
    torch.manual_seed(0)
    with torch.no_grad():
        xs = torch.randn(3, 1, 4)
        torch.jit.trace(Accumulator(), xs[0], check_trace=False).save(os.path.join(OUT, "accumulator.pt"))
        fresh = Accumulator()
        np.save(os.path.join(OUT, "accumulator.steps_x.npy"), xs.numpy())
        np.save(os.path.join(OUT, "accumulator.steps_out.npy"), torch.stack([fresh(x) for x in xs]).numpy())

        block = CachedBlock().eval()
        seq = torch.randn(STEPS, D)
        pos = torch.arange(STEPS).view(STEPS, 1)
        traced = torch.jit.trace(block, (seq[0].view(1, 1, D), pos[0]), check_trace=False)
        traced.save(os.path.join(OUT, "gpt_kv.pt"))
        block.k_cache.zero_()
        block.v_cache.zero_()
        cached = torch.stack([block(seq[i].view(1, 1, D), pos[i]) for i in range(STEPS)])
        whole = uncached(block, seq).view(STEPS, 1, 1, D)
        assert torch.allclose(cached, whole, atol=1e-5), (cached - whole).abs().max()
        np.save(os.path.join(OUT, "gpt_kv.steps_x.npy"), seq.view(STEPS, 1, 1, D).numpy())
        np.save(os.path.join(OUT, "gpt_kv.steps_pos.npy"), pos.numpy())
        np.save(os.path.join(OUT, "gpt_kv.uncached.npy"), whole.numpy())


if __name__ == "__main__":
    main()
