#!/usr/bin/python3
"""Traces every torchvision model that can be traced into a zoo folder that tools/zoo/run reads.

Usage: nice /usr/bin/python3 tools/zoo/make_wide_zoo.py OUTDIR [--only A,B] [--max-params 150] [--list]

Every name of torchvision.models.list_models() (118 in torchvision 0.14: classification, quantized classification,
segmentation, video, optical flow, detection) is built with random weights (weights=None, weights_backbone=None;
nothing is downloaded), at the smallest input the architecture accepts among a ladder of candidate sizes (the first
size whose eager forward pass runs and gives finite outputs), traced with torch.jit.trace in eval mode under no_grad,
and written as

  NAME.pt                  the traced module; its forward returns the model's tensors as one flat tuple
  NAME.onnx                torch.onnx.export of the same wrapper (opset 13, else 17)
  NAME.input<i>.npy        forward's arguments (seed 0)
  NAME.output<j>.npy       what the traced module returned for them, flattened (tuple items, dict values in order)

with MANIFEST.tsv (name, input shapes, output shapes and dtypes, onnx yes/no) for tools/zoo/run, and WIDE_LOG.tsv
with every model, skipped ones included, and why (kind, parameters, input, constructor arguments, sizes, notes).

Random weights make degenerate numbers, so before tracing: weight tensors (2-d and up) that are all but zero
(ViT's zero head and class token, ConvNeXt's 1e-6 layer scale, MViT's zero position embeddings) are redrawn from
N(0, 0.02), and every BatchNorm's running statistics are re-estimated from two random batches of 4 with that
BatchNorm alone in training mode (the rest of the model stays in eval mode, so detection models need no targets).
Quantized models
(quantized_*) are calibrated in float, then quantized by torchvision's own recipe (fbgemm).

Models with more than --max-params million parameters are skipped (their weights alone are several hundred MB, and
each conversion must fit in a few GiB of a shared machine). --only makes some models, in its order, merging both
tables.
"""
import argparse
import os
import tempfile
import time
import warnings

os.environ.setdefault("TORCH_HOME", tempfile.mkdtemp(prefix="wide-zoo-torch-home-"))  # never read cached weights

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torchvision  # noqa: E402
import torchvision.models as tvm  # noqa: E402

KINDS = ("classification", "segmentation", "video", "optical_flow", "detection", "quantized")
IMAGE_SIDES = (32, 48, 64, 75, 96, 112, 128, 160, 192, 224, 256, 299)
VIDEO_SHAPES = sorted(((t, s) for t in (1, 2, 4, 8, 16) for s in (32, 64, 112, 224)), key=lambda c: c[0] * c[1] ** 2)
ONNX_OPSETS = (13, 17)


def kind_of(name):
    module = tvm.get_model_builder(name).__module__
    for part, kind in (("quantization", "quantized"), ("segmentation", "segmentation"), ("video", "video"),
                       ("optical_flow", "optical_flow"), ("detection", "detection")):
        if "." + part in module:
            return kind
    return "classification"


def constructor_args(name, kind):
    """The arguments every build of NAME gets: no weights, no auxiliary heads, detections at any score."""
    args = {"weights": None}
    if kind in ("segmentation", "detection"):
        args["weights_backbone"] = None
    if kind == "segmentation" and not name.startswith("lraspp"):
        args["aux_loss"] = False
    if name.endswith("googlenet") or name.endswith("inception_v3"):
        args.update(aux_logits=False, init_weights=True)
    if kind == "detection":  # random weights score below the default thresholds: keep every detection
        if "rcnn" in name:
            args["box_score_thresh"] = 0.0
        else:
            args["score_thresh"] = 0.0
    return args


def candidates(name, kind):
    """(extra constructor arguments, input shapes) from the cheapest up; the first that runs is used."""
    if name.startswith("vit_"):  # the image size is a constructor argument: two patches a side is the least
        patch = int(name.split("_")[2])
        return [({"image_size": 2 * patch}, [(1, 3, 2 * patch, 2 * patch)])]
    if kind == "video":
        extra = (lambda t, s: {"temporal_size": t, "spatial_size": (s, s)}) if name.startswith("mvit") else \
            (lambda t, s: {})
        return [(extra(t, s), [(1, 3, t, s, s)]) for t, s in VIDEO_SHAPES]
    if kind == "optical_flow":
        return [({}, [(1, 3, s, s), (1, 3, s, s)]) for s in (32, 64, 96, 128)]
    if kind == "detection":  # the model resizes its input to min_size/max_size (SSD to its fixed size)
        fixed = name.startswith("ssd")
        return [({} if fixed else {"min_size": s, "max_size": s}, [(1, 3, s, s)]) for s in (64, 96, 128, 160, 224)]
    return [({}, [(1, 3, s, s)]) for s in IMAGE_SIDES]


class Flat(nn.Module):
    """The model with its result flattened into a tuple of tensors (dict values in key order; None left out).
    Detection models take a list of images: the batch is split into one."""

    def __init__(self, model, kind):
        super().__init__()
        self.model = model
        self.kind = kind

    def forward(self, *xs):
        y = self.model(list(xs[0])) if self.kind == "detection" else self.model(*xs)
        return tuple(flatten(y))


def flatten(y):
    if isinstance(y, torch.Tensor):
        return [y]
    if isinstance(y, dict):
        return [t for k in y for t in flatten(y[k])]
    if isinstance(y, (tuple, list)):
        return [t for v in y for t in flatten(v)]
    return []


def draw(shapes, kind, seed):
    g = torch.Generator().manual_seed(seed)
    if kind in ("detection", "optical_flow"):  # images in [0, 1]
        return [torch.rand(*s, generator=g) for s in shapes]
    return [torch.randn(*s, generator=g) for s in shapes]


def redraw_tiny_weights(model):
    notes = []
    with torch.no_grad():
        for n, p in model.named_parameters():
            if p.dim() >= 2 and p.numel() > 1 and float(p.abs().max()) <= 1e-5:
                torch.manual_seed(2)
                p.normal_(0.0, 0.02)
                notes.append(n)
    return ["redrawn N(0,0.02): " + ",".join(notes)] if notes else []


def calibrate_batch_norms(model, kind, shapes):
    """Running statistics from 2 random batches of 4 (cumulative averages), each BatchNorm alone in train mode."""
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not bns:
        return []
    model.eval()
    saved = [b.momentum for b in bns]
    for b in bns:
        b.reset_running_stats()
        b.momentum = None
        b.train()
    with torch.no_grad():
        for i in range(2):
            xs = draw([(4,) + tuple(s[1:]) for s in shapes], kind, 100 + i)
            model(list(xs[0])) if kind == "detection" else model(*xs)
    for b, m in zip(bns, saved):
        b.momentum = m
        b.eval()
    return [f"BatchNorm statistics estimated ({len(bns)})"]


def build(name, kind, extra):
    torch.manual_seed(0)
    args = dict(constructor_args(name, kind), **extra)
    if kind == "quantized":
        args["quantize"] = False
    if name.startswith("mvit_"):
        return build_mvit(name, dict(args)), args
    model = tvm.get_model(name, **args).eval()
    return model, args


def build_mvit(name, args):
    """MViT's builders pass spatial_size=(224, 224) and temporal_size=16 themselves, so the clip size is not an
    argument: the same block settings are built for the candidate size by handing it to torchvision's _mvit."""
    import torchvision.models.video.mvit as mvit
    size = {k: args.pop(k) for k in ("spatial_size", "temporal_size")}
    original = mvit._mvit

    def sized(**kwargs):
        return original(**dict(kwargs, **size))

    mvit._mvit = sized
    try:
        return tvm.get_model(name, **args).eval()
    finally:
        mvit._mvit = original


def quantize(model):
    from torchvision.models.quantization.utils import quantize_model
    engines = torch.backends.quantized.supported_engines
    engine = "fbgemm" if "fbgemm" in engines else "qnnpack"
    torch.manual_seed(3)
    quantize_model(model, engine)
    return model.eval(), [f"quantized ({engine})"]


def smallest(name, kind, max_params):
    """Builds NAME at each candidate size until its eager forward pass runs: (model, args, inputs, notes)."""
    last = None
    for extra, shapes in candidates(name, kind):
        try:
            model, args = build(name, kind, extra)
        except (RuntimeError, ValueError) as e:  # an architecture built for the size may refuse it already
            last = e
            continue
        params = sum(p.numel() for p in model.parameters())
        if params > max_params * 1e6:
            raise Skip(f"skipped for size: {params / 1e6:.0f} M parameters > --max-params {max_params:g}")
        try:
            with torch.no_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ys = Flat(model, kind)(*draw(shapes, kind, 0))
            if any(y.is_floating_point() and not bool(torch.isfinite(y).all()) for y in ys):
                raise ValueError(f"non-finite outputs at {shape_text(shapes)}")  # RAFT at 64x64: NaN flows
        except Exception as e:  # too small for this architecture: try the next size
            last = e
            continue
        notes = redraw_tiny_weights(model) + calibrate_batch_norms(model, kind, shapes)
        if kind == "quantized":
            model, more = quantize(model)
            notes += more
        return model, args, params, shapes, notes
    raise RuntimeError(f"no candidate size runs: {first_line(last)}")


class Skip(Exception):
    pass


def first_line(e):
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]


def shape_text(shapes):
    return ",".join("x".join(map(str, s)) for s in shapes)


def export_onnx(wrapper, xs, path, n_out):
    errors = []
    for opset in ONNX_OPSETS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.onnx.export(wrapper, tuple(xs), path, opset_version=opset,
                                  input_names=[f"input{i}" for i in range(len(xs))],
                                  output_names=[f"output{j}" for j in range(n_out)])
            return "yes" if opset == ONNX_OPSETS[0] else f"yes: opset {opset}", errors
        except Exception as e:
            errors.append(f"opset {opset}: {first_line(e)}")
    if os.path.exists(path):
        os.remove(path)
    return "no: " + errors[-1], errors


def make(name, kind, out, max_params):
    """Writes NAME's files; returns (manifest row or None, log row)."""
    t0 = time.perf_counter()
    try:
        model, args, params, shapes, notes = smallest(name, kind, max_params)
    except Skip as s:
        return None, [name, kind, "-", "-", "-", str(s), "-", "0", "0", f"{time.perf_counter() - t0:.1f}", ""]
    shown_args = ",".join(f"{k}={v}" for k, v in args.items() if k not in ("weights", "weights_backbone"))
    wrapper = Flat(model, kind).eval()
    xs = draw(shapes, kind, 0)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        traced = torch.jit.trace(wrapper, tuple(xs), check_trace=False)
        ys = list(traced(*xs))
        eager = list(wrapper(*xs))
    diff = max((float((a.double() - b.double()).abs().max()) for a, b in zip(ys, eager) if a.numel()),
               default=0.0)
    if len(ys) != len(eager) or diff > 1e-4:
        notes.append(f"traced differs from eager by {diff:.3g}")
    scale = max((float(y.double().abs().max()) for y in ys if y.numel() and y.is_floating_point()), default=0.0)
    notes.append(f"max |output| {scale:.3g}")
    traced.save(os.path.join(out, name + ".pt"))
    for i, x in enumerate(xs):
        np.save(os.path.join(out, f"{name}.input{i}.npy"), x.numpy())
    for j, y in enumerate(ys):
        np.save(os.path.join(out, f"{name}.output{j}.npy"), y.numpy())
    onnx, errors = export_onnx(wrapper, xs, os.path.join(out, name + ".onnx"), len(ys))
    if onnx.startswith("yes: ") and errors:
        notes.append(errors[0])
    pt_mb = os.path.getsize(os.path.join(out, name + ".pt")) / 1e6
    onnx_mb = os.path.getsize(os.path.join(out, name + ".onnx")) / 1e6 if onnx.startswith("yes") else 0.0
    outputs = ",".join("x".join(map(str, y.shape)) + ":" + str(y.dtype).replace("torch.", "") for y in ys)
    manifest = [name, shape_text(shapes), outputs, onnx]
    log = [name, kind, f"{params / 1e6:.1f}", shape_text(shapes), shown_args, "traced", onnx, f"{pt_mb:.1f}",
           f"{onnx_mb:.1f}", f"{time.perf_counter() - t0:.1f}", "; ".join(notes)]
    return manifest, log


MANIFEST_HEADER = ["name", "input_shapes", "output_shapes_dtypes", "onnx"]
LOG_HEADER = ["name", "kind", "params_m", "input_shapes", "constructor_args", "traced", "onnx", "pt_mb", "onnx_mb",
              "seconds", "notes"]


def read_rows(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        lines = f.read().splitlines()[1:]
    return {line.split("\t")[0]: line.split("\t") for line in lines if line}


def write_rows(path, header, rows, order):
    with open(path, "w") as f:
        f.write("\t".join(header) + "\n")
        for n in sorted(rows, key=lambda n: order.index(n) if n in order else len(order)):
            f.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in rows[n]) + "\n")


def plan():
    """Every model, by kind in KINDS order, then by name."""
    names = tvm.list_models()
    return [(n, k) for k in KINDS for n in sorted(names) if kind_of(n) == k]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--only", default="", help="comma-separated model names to (re)make, in this order")
    ap.add_argument("--max-params", type=float, default=150.0, help="skip models above this many million parameters")
    ap.add_argument("--list", action="store_true", help="print the plan (name, kind, parameters) and stop")
    args = ap.parse_args()
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    only = set(filter(None, args.only.split(",")))
    models = plan()
    unknown = only - {n for n, _ in models}
    if unknown:
        ap.error("not a torchvision model: " + ", ".join(sorted(unknown)))
    if args.list:
        for n, k in models:
            print(n, k, sep="\t")
        return
    os.makedirs(args.out, exist_ok=True)
    order = [n for n, _ in models]
    manifest_path, log_path = os.path.join(args.out, "MANIFEST.tsv"), os.path.join(args.out, "WIDE_LOG.tsv")
    manifest, log = read_rows(manifest_path), read_rows(log_path)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}: {len(models)} models", flush=True)
    kinds = dict(models)
    for name in [n for n in args.only.split(",") if n] if only else order:  # --only's order, else the plan's
        kind = kinds[name]
        manifest.pop(name, None)
        try:
            row, log[name] = make(name, kind, args.out, args.max_params)
            if row:
                manifest[name] = row
        except Exception as e:
            log[name] = [name, kind, "-", "-", "-", "fail: " + first_line(e), "-", "0", "0", "-", ""]
        print("\t".join(log[name]), flush=True)
        write_rows(manifest_path, MANIFEST_HEADER, manifest, order)
        write_rows(log_path, LOG_HEADER, log, order)


if __name__ == "__main__":
    main()
