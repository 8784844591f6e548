#!/usr/bin/python3
"""How much a zoo model amplifies errors in its weights, in PyTorch alone (no converter involved).

Every weight of two or more dims and at least 2048 elements (the ones `mil4j compress` compresses by default) gets
Gaussian noise at a given signal-to-noise ratio, one draw per seed; the model runs on the zoo's input and the
relative max error of its output against the unchanged model is printed. Linear quantization and palettization
leave roughly 20 dB (4 bits) to 30 dB (6 bits) and 45 dB (8 bits) on a weight (`mil4j compress` reports each
weight's SNR), so this tells whether a large output error of a compressed model is the model's or the converter's.

With `int4` in place of the SNR, every such weight whose axis 1 is a multiple of 32 is instead quantized as
`mil4j compress --quantize int4 --granularity per-block --block-size 32` does it (symmetric, restricted range:
scale max|w| / 7 per output channel and block of 32 input channels, levels -7..7), in float32: the output error of
PyTorch with the weights mil4j computes with, to set beside tools/zoo/compress-errors' row.

Usage: /usr/bin/python3 tools/zoo/weight_noise.py ZOO_DIR MODEL SNR_DB|int4 [SEEDS]
"""
import sys

import numpy as np
import torch

from make_reference import first_output  # the zoo's one output per model (this script's folder is on sys.path)


def int4_per_block(w, block=32):
    o, i = w.shape[0], w.shape[1]
    v = w.reshape(o, i // block, -1)  # [channel, block, block elements]: 32 rows of axis 1 with the rest
    scale = v.abs().amax(dim=2, keepdim=True) / 7
    scale[scale == 0] = 1
    return (torch.clamp(torch.round(v / scale), -7, 7) * scale).reshape(w.shape)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    zoo, name = sys.argv[1], sys.argv[2]
    quantize = sys.argv[3] == "int4"
    snr = 0.0 if quantize else float(sys.argv[3])
    seeds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    model = torch.jit.load(f"{zoo}/{name}.pt").eval()
    inputs = [torch.from_numpy(np.load(f"{zoo}/{name}.input0.npy"))]
    params = dict(model.named_parameters())
    saved = {k: p.detach().clone() for k, p in params.items()}
    noisy = [k for k, p in params.items() if p.dim() >= 2 and p.numel() >= 2048]
    with torch.no_grad():
        ref = first_output(model(*inputs)).double()
        if quantize:
            blocked = [k for k in noisy if params[k].shape[1] % 32 == 0]
            for k in blocked:
                params[k].copy_(int4_per_block(saved[k]))
            d = first_output(model(*inputs)).double() - ref
            print(f"{name} {len(blocked)} weights int4 per block 32: relative max error "
                  f"{d.abs().max().item() / ref.abs().max().item():.2e}")
            for k in blocked:
                params[k].copy_(saved[k])
            return
        for seed in range(seeds):
            g = torch.Generator().manual_seed(seed)
            for k in noisy:
                n = torch.randn(saved[k].shape, generator=g)
                params[k].copy_(saved[k] + n * (saved[k].norm() / n.norm()) * 10 ** (-snr / 20))
            d = first_output(model(*inputs)).double() - ref
            print(f"{name} {len(noisy)} weights at {snr:g} dB, seed {seed}: relative max error "
                  f"{d.abs().max().item() / ref.abs().max().item():.2e}")
        for k in noisy:
            params[k].copy_(saved[k])


if __name__ == "__main__":
    main()
