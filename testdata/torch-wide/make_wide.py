"""Small TorchScript models of the torch ops that torchvision's wider model set needs beyond the zoo.

Run with Debian's PyTorch 1.13: /usr/bin/python3 testdata/torch-wide/make_wide.py [OUT_DIR]
(OUT_DIR defaults to this script's folder). Seeded, so a rerun writes the same numbers. Each model is a small piece
of a real torchvision architecture, written out here so that it stays small; for each model NAME: NAME.pt
(torch.jit.trace in eval mode, under no_grad), NAME.input<i>.npy (forward's arguments, in order) and
NAME.output<j>.npy (what the traced module returned, tuples flattened), listed in MANIFEST.tsv.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.detection import _utils as det_utils
from torchvision.ops import boxes as box_ops


class FlowWarp(nn.Module):
    """RAFT's sampling: a conv predicts a flow, pixel coordinates plus the flow are normalized to [-1, 1] and the
    image is sampled there (grid_sample, bilinear, zeros outside, align_corners=True), then nearest/border and both
    reflection forms on the same grid; RAFT's neighbourhood offsets (linspace, meshgrid with xy indexing)."""

    def __init__(self):
        super().__init__()
        self.flow = nn.Conv2d(3, 2, 3, padding=1)

    def forward(self, img):
        n, _, h, w = img.shape
        ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32),
                                indexing="ij")
        coords = torch.stack([xs, ys], dim=-1).unsqueeze(0) + 2.0 * self.flow(img).permute(0, 2, 3, 1)
        xg, yg = coords.split([1, 1], dim=-1)
        grid = torch.cat([2 * xg / (w - 1) - 1, 2 * yg / (h - 1) - 1], dim=-1)
        a = F.grid_sample(img, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
        b = F.grid_sample(img, grid, mode="nearest", padding_mode="border", align_corners=False)
        c = F.grid_sample(img, grid, mode="bilinear", padding_mode="reflection", align_corners=True)
        d = F.grid_sample(img, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
        di, dj = torch.linspace(-1.5, 1.5, 4), torch.linspace(-2, 2, 5)
        delta = torch.stack(torch.meshgrid(di, dj, indexing="xy"), dim=-1)
        return a, b, c, d, delta * img.mean()


class CosineAttention(nn.Module):
    """Swin V2's attention: cosine similarity of F.normalize'd queries and keys (aten::norm), a clamped, exponentiated
    per-head logit scale, softmax; torch.norm with p = 1 and 3 besides."""

    def __init__(self, dim=16, heads=2):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.logit_scale = nn.Parameter(torch.log(10 * torch.ones((heads, 1, 1))))

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        attn = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1)
        attn = attn * torch.clamp(self.logit_scale, max=math.log(100.0)).exp()
        y = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        return y, torch.norm(x, p=1, dim=1), torch.norm(x, p=3, dim=-1, keepdim=True)


class TokenPieces(nn.Module):
    """MViT's and MaxViT's token handling: a class token split off with tensor_split, q/k/v taken apart with unbind,
    a temporal position embedding repeated with repeat_interleave, heads moved with swapaxes."""

    def __init__(self, dim=8, heads=2, t=2, hw=3):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.temporal = nn.Parameter(torch.randn(t, dim))
        self.hw = hw

    def forward(self, x):
        b, n, d = x.shape
        cls, tokens = torch.tensor_split(x, indices=(1,), dim=1)
        tokens = tokens + torch.repeat_interleave(self.temporal, self.hw, dim=0)
        x = torch.cat((cls, tokens), dim=1)
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).transpose(1, 3).unbind(dim=2)
        attn = torch.softmax(q @ torch.swapaxes(k, 2, 3), dim=-1)
        y = torch.swapaxes(attn @ v, 1, 2).reshape(b, n, d)
        first, rest = torch.tensor_split(y, 2, dim=2)
        return first, rest, torch.repeat_interleave(x[:, :2], torch.tensor([2, 1]), dim=1)


class BoxDecode(nn.Module):
    """Detection post-processing (SSD, Faster R-CNN, RetinaNet): a loop over the batch, traced as a one-name unpack
    (`codes, = torch.unbind(rel_codes)`); BoxCoder.decode's strided slices, clamp and exp; clip_boxes_to_image's
    max/min; remove_small_boxes' mask (`&`); the anchor generator's stride (`torch.empty(()).fill_`); the level
    mapper of MultiScaleRoIAlign (`log2`); and _topk_min's `_shape_as_tensor`."""

    def forward(self, rel_codes, anchors):
        outs = []
        for codes in rel_codes:
            w = anchors[:, 2] - anchors[:, 0]
            h = anchors[:, 3] - anchors[:, 1]
            cx = anchors[:, 0] + 0.5 * w
            cy = anchors[:, 1] + 0.5 * h
            dx = codes[:, 0::4] / 10.0
            dy = codes[:, 1::4] / 10.0
            dw = torch.clamp(codes[:, 2::4] / 5.0, max=math.log(1000.0 / 16))
            dh = torch.clamp(codes[:, 3::4] / 5.0, max=math.log(1000.0 / 16))
            px = dx * w[:, None] + cx[:, None]
            py = dy * h[:, None] + cy[:, None]
            pw = torch.exp(dw) * w[:, None]
            ph = torch.exp(dh) * h[:, None]
            boxes = torch.stack((px - 0.5 * pw, py - 0.5 * ph, px + 0.5 * pw, py + 0.5 * ph), dim=2).flatten(1)
            bx = boxes[:, 0::2].clamp(min=0, max=20)
            by = boxes[:, 1::2].clamp(min=0, max=16)
            boxes = torch.stack((bx, by), dim=2).reshape(boxes.shape)
            ws, hs = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
            keep = (ws >= 4.0) & (hs >= 3.0)
            stride = torch.empty((), dtype=torch.int64).fill_(rel_codes.shape[1] // 2)
            level = torch.floor(3 + torch.log2(torch.sqrt(ws * hs) / 4) + torch.tensor(1e-6))
            n = torch._shape_as_tensor(boxes)[0].unsqueeze(0)
            outs += [boxes, keep.to(torch.float32), level.clamp(min=2, max=5) * stride,
                     torch.min(torch.cat([torch.tensor([5]), n]))]
        return tuple(outs)


class Masks(nn.Module):
    """Selections whose size the data decides (detection post-processing: scores above a threshold and their boxes):
    `x[mask]` with a 1-d and a 2-d mask, `x[:, mask]`, `torch.nonzero`, `torch.where(cond)` and a broadcast
    `masked_select`."""

    def forward(self, scores, boxes):
        keep = scores[0] > 0
        rows, cols = torch.where(scores < -0.5)
        return (scores[0][keep], boxes[keep] * 2, scores[:, keep], scores[scores > 1.0],
                torch.nonzero(scores > 0.5), rows, cols, torch.masked_select(scores, boxes[:, 0] > 0))


class DetectPost(nn.Module):
    """SSD's and RetinaNet's post-processing at sizes the data decides: per class, the scores over a threshold, the
    top k of them with k = min(3, count) computed at run time (torchvision's _topk_min), their boxes; then one
    torchvision.ops.batched_nms over every class (its coordinate trick: a scripted function that returns an empty
    tensor when there are no boxes) and the best five kept."""

    def forward(self, boxes, logits):
        scores = torch.sigmoid(logits)
        kept_boxes, kept_scores, kept_labels = [], [], []
        for label in range(1, scores.shape[1]):
            s = scores[:, label]
            keep = s > 0.3
            s, b = s[keep], boxes[keep]
            s, idx = s.topk(det_utils._topk_min(s, 3, 0))
            kept_boxes.append(b[idx])
            kept_scores.append(s)
            kept_labels.append(torch.full_like(s, label, dtype=torch.int64))
        b = torch.cat(kept_boxes)
        s = torch.cat(kept_scores)
        labels = torch.cat(kept_labels)
        keep = box_ops.batched_nms(b, s, labels, 0.3)[:5]
        return b[keep], s[keep], labels[keep]


class RoiHeads(nn.Module):
    """Faster R-CNN's plumbing between the RPN and the box head: RoI align of proposals on two feature levels
    (aligned False and True), the results scattered back into proposal order by level (MultiScaleRoIAlign's
    torch.scatter), the RPN's top-k gathered with a broadcast batch index (x[batch[:, None], top]), and a split of a
    batch of one into its one piece."""

    def forward(self, f1, f2, boxes, objectness):
        rois = torch.cat([torch.zeros(boxes.shape[0], 1), boxes], 1)
        levels = (boxes[:, 2] - boxes[:, 0] > 6).long()
        out = torch.zeros(boxes.shape[0], f1.shape[1], 2, 2)
        for level, (f, scale, aligned) in enumerate(((f1, 0.5, False), (f2, 0.25, True))):
            idx = torch.where(levels == level)[0]
            r = torchvision.ops.roi_align(f, rois[idx], (2, 2), scale, 2, aligned)
            out = out.scatter(0, idx.view(-1, 1, 1, 1).expand(idx.shape[0], f1.shape[1], 2, 2), r)
        batch = torch.arange(1)
        _, top = objectness.topk(3, dim=1)
        picked = boxes.unsqueeze(0)[batch[:, None], top]
        piece, = picked.split([picked.shape[0]])
        return out, piece


class ConvexUpsample(nn.Module):
    """RAFT's convex upsampling of a flow: F.unfold (aten::im2col) of the 3x3 neighbourhoods, weighted by a softmax
    mask and permuted into a 2x finer grid; and an unfold with a 2x3 kernel, dilation and stride but no padding."""

    def forward(self, flow, mask):
        n, _, h, w = flow.shape
        mask = mask.view(n, 1, 9, 2, 2, h, w).softmax(dim=2)
        up = F.unfold(2 * flow, [3, 3], padding=1).view(n, 2, 9, 1, 1, h, w)
        up = (mask * up).sum(dim=2).permute(0, 1, 4, 2, 5, 3).reshape(n, 2, 2 * h, 2 * w)
        return up, F.unfold(flow, (2, 3), dilation=(1, 2), stride=(2, 1))


class DetectTransform(nn.Module):
    """The input transform of Faster R-CNN, RetinaNet and FCOS (GeneralizedRCNNTransform): normalize, a resize whose
    size is computed from the image's (reciprocal, min and max of 0-d tensors, floor), a pad to a multiple of 32."""

    def __init__(self):
        super().__init__()
        from torchvision.models.detection.transform import GeneralizedRCNNTransform
        self.t = GeneralizedRCNNTransform(24, 24, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])

    def forward(self, x):
        images, _ = self.t(list(x))
        return images.tensors


@torch.jit._script_if_tracing
def _per_detection(masks: torch.Tensor, boxes: torch.Tensor) -> torch.Tensor:
    out = torch.zeros([masks.shape[-1]])
    for i in range(masks.size(0)):
        out = out + masks[i] * boxes[i, 0] + torch.scalar_tensor(i, dtype=torch.float32)
    return out


class PerDetectionLoop(nn.Module):
    """Mask R-CNN's paste-masks loop: a scripted function (torchvision's _script_if_tracing) looping over a number of
    detections the data decides, selecting row i (`select` with a run-time index) and adding `scalar_tensor` of the
    counter (torchvision grows its result by concatenation, which a loop-carried value of changing shape would need:
    not yet)."""

    def forward(self, masks, boxes):
        keep = boxes[:, 2] > 0
        return _per_detection(masks[keep], boxes[keep])


def models():
    g = torch.Generator().manual_seed(7)

    def rand(*shape):
        return torch.randn(*shape, generator=g)

    def anchors(r):  # corners (x1, y1, x2, y2) with x2 > x1 and y2 > y1, about 2 to 6 wide
        xy = r[:, :2].abs() * 4
        return torch.cat((xy, xy + 2 + r[:, 2:].abs() * 4), dim=1)

    return [
        ("flow_warp", FlowWarp(), [rand(1, 3, 6, 8)]),
        ("cosine_attention", CosineAttention(), [rand(2, 5, 16)]),
        ("token_pieces", TokenPieces(), [rand(2, 7, 8)]),
        ("box_decode", BoxDecode(), [rand(1, 6, 4), anchors(rand(6, 4))]),
        ("masks", Masks(), [rand(2, 6), rand(6, 4)]),
        ("detect_post", DetectPost(), [anchors(rand(10, 4) * 0.5), rand(10, 3)]),
        ("roi_heads", RoiHeads(), [rand(1, 3, 8, 8), rand(1, 3, 4, 4), anchors(rand(6, 4) * 0.5), rand(1, 6)]),
        ("convex_upsample", ConvexUpsample(), [rand(1, 2, 4, 5), rand(1, 36, 4, 5)]),
        ("detect_transform", DetectTransform(), [rand(1, 3, 24, 20)]),
        ("per_detection_loop", PerDetectionLoop(), [rand(6, 5), rand(6, 4)]),
    ]


def flat(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flat(o)]
    return [out]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    rows = ["name\tinput_shapes\toutput_shapes_dtypes"]
    for name, module, inputs in models():
        module.eval()
        with torch.no_grad():
            traced = torch.jit.trace(module, tuple(inputs), check_trace=False)
            outputs = flat(traced(*inputs))
            expected = flat(module(*inputs))
        for a, b in zip(outputs, expected):
            assert torch.equal(a, b), name
        traced.save(os.path.join(out_dir, name + ".pt"))
        for i, t in enumerate(inputs):
            np.save(os.path.join(out_dir, "%s.input%d.npy" % (name, i)), t.numpy())
        for j, t in enumerate(outputs):
            np.save(os.path.join(out_dir, "%s.output%d.npy" % (name, j)), t.numpy())
        rows.append("%s\t%s\t%s" % (name, ";".join("x".join(map(str, t.shape)) for t in inputs),
                                     ";".join("x".join(map(str, t.shape)) + ":" + str(t.dtype)[6:]
                                              for t in outputs)))
    with open(os.path.join(out_dir, "MANIFEST.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
