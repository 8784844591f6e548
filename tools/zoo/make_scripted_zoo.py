#!/usr/bin/python3
"""Makes a zoo of *scripted* models (torch.jit.script, not trace) for tools/zoo/run.

usage: nice /usr/bin/python3 tools/zoo/make_scripted_zoo.py OUT_DIR [--only NAME,NAME] [--max-mb 600]

Tracing records one path through the code; scripting keeps the code itself (control flow, containers, optional
arguments, asserts), which is what users ship when the path matters. This script scripts, with Debian's PyTorch 1.13
and torchvision 0.14 (random weights: weights=None and weights_backbone=None, no downloads), every torchvision
architecture family that torch.jit.script accepts (classification, segmentation, video, optical flow, one detector),
nn.LSTM and nn.GRU (alone, and with given initial states), nn.TransformerEncoder (whose eval fast path is chosen at
run time by control flow), nn.MultiheadAttention, nn.Transformer, and hand-written modules with data-dependent `if`
and `while`, loops over ranges and ModuleLists, list/tuple/dict building, torch.jit.annotate, optional arguments and
asserts (the classes below).

Each model NAME is built after torch.manual_seed(0), in eval mode; models with BatchNorm get their running
statistics re-estimated on random data and all-zero weight matrices are re-drawn (random init otherwise gives
degenerate outputs: ViT's zero head, mobilenet_v3's 1e-10 activations). The scripted module's outputs on a seeded
input are PyTorch's reference. Files (the layout tools/zoo/run reads):
  NAME.pt                  torch.jit.script(model).save(...)
  NAME.input<i>.npy        forward's tensor arguments, in order (float32 standard normal, or int64 tokens)
  NAME.output<j>.npy       what the scripted module returned, tuples, lists, namedtuples and dict values flattened
                           in order, None left out
  NAME.reference<j>.npy    the same model run in float64 (where it can), for tools/zoo/run's exact comparison
  MANIFEST.tsv             name, input shapes, output shapes and dtypes, onnx ("no: scripted")
  ZOO_LOG.tsv              per model: scripted or why not, size, seconds, notes
Models whose fp32 weights exceed --max-mb are skipped (logged). --only re-makes some models and keeps the others.
"""
import math
import os
import sys
import tempfile
import time
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

os.environ.setdefault("TORCH_HOME", tempfile.mkdtemp(prefix="scripted-zoo-home-"))  # never a cached download


# ---- hand-written modules: the constructs scripted code is made of ----

class DataIf(nn.Module):
    """An `if` on a tensor value (MIL cond), an early return rewritten by TorchScript, a conditional expression."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 8)
        self.b = nn.Linear(8, 8)

    def forward(self, x):
        h = self.a(x)
        if h.sum() > 0:
            y = torch.relu(h)
        else:
            y = self.b(h) * 2.0
        if bool(y.mean() < 0.5):
            return y + 1.0
        return y - 1.0


class LoopsOverRanges(nn.Module):
    """`for` over range(constant), range(x.size(0)) and enumerate, building a list that is stacked: all unrolled."""

    def __init__(self):
        super().__init__()
        self.cell = nn.Linear(12, 12)
        self.steps = 3

    def forward(self, x):
        # x: [T, B, 12]
        h = torch.zeros(x.size(1), 12)
        outs = torch.jit.annotate(List[torch.Tensor], [])
        for t in range(x.size(0)):
            h = torch.tanh(self.cell(x[t]) + h)
            outs.append(h)
        y = torch.stack(outs, 0)
        for i in range(self.steps):
            y = y * 0.5 + float(i)
        return y


class ModuleListLoop(nn.Module):
    """`for` over a ModuleList (plain, enumerate, zipped with a list of scales), a ModuleDict by key."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(16, 16) for _ in range(4)])
        self.norms = nn.ModuleList([nn.LayerNorm(16) for _ in range(4)])
        self.acts = nn.ModuleDict({"relu": nn.ReLU(), "gelu": nn.GELU()})
        self.scales: List[float] = [1.0, 0.5, 0.25, 0.125]

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = x + self.scales[i] * layer(x)
        for norm in self.norms:
            x = norm(x)
        return self.acts["gelu"](x) + self.acts["relu"](x)


class Containers(nn.Module):
    """Lists, tuples and dicts built, indexed, unpacked and returned (a tuple holding a list and a dict)."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 6)

    def forward(self, x, y) -> Tuple[torch.Tensor, List[torch.Tensor], Dict[str, torch.Tensor]]:
        parts = torch.jit.annotate(List[torch.Tensor], [])
        parts.append(self.proj(x))
        parts.append(y)
        parts.insert(0, x * y)
        pair: Tuple[torch.Tensor, torch.Tensor] = (parts[0], parts[-1])
        a, b = pair
        d: Dict[str, torch.Tensor] = {"sum": a + b}
        d["cat"] = torch.cat(parts, dim=1)
        if "sum" in d:
            d["max"] = torch.maximum(a, b)
        total = d["sum"]
        for k in d.keys():
            if k != "cat":
                total = total + d[k]
        return total, parts[1:], d


class Optionals(nn.Module):
    """Optional arguments with defaults (left out of the model's inputs), `is None` tests, annotated locals."""

    def __init__(self, with_bias: bool):
        super().__init__()
        self.lin = nn.Linear(8, 4)
        self.bias: Optional[torch.Tensor] = torch.ones(4) if with_bias else None

    def forward(self, x, scale: Optional[torch.Tensor] = None, power: int = 2):
        y = self.lin(x)
        bias = self.bias
        if bias is not None:
            y = y + bias
        if scale is not None:
            y = y * scale
        return y ** power


class Asserts(nn.Module):
    """Asserts on shapes (known when converting) and on a value (a check Core ML cannot make, left out)."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(10, 3)

    def forward(self, x):
        assert x.dim() == 2, "expected a matrix, got rank " + str(x.dim())
        assert x.size(1) == 10
        y = self.lin(x)
        assert bool(torch.isfinite(y).all()), "non-finite output"
        if y.shape[0] != x.shape[0]:
            raise RuntimeError("batch changed")
        return torch.softmax(y, dim=-1)


@torch.jit.script
def _gate(x: torch.Tensor, k: int) -> torch.Tensor:
    out = x
    for _ in range(k):
        out = torch.sigmoid(out) * out
    return out


class ScriptedHelper(nn.Module):
    """A scripted free function called from forward, a constant flag, string and int attributes folded."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(5, 5)
        self.mode = "swish"
        self.repeats = 2

    def forward(self, x):
        if self.mode == "swish":
            x = _gate(self.lin(x), self.repeats)
        else:
            x = torch.relu(x)
        return x


class DataWhile(nn.Module):
    """A `while` loop whose trip count depends on tensor values (MIL while_loop), carrying a tensor and a counter."""

    def forward(self, x):
        i = 0
        while bool(x.abs().max() > 1.0):
            x = x * 0.5
            i += 1
        return x, torch.full([1], i)


class TensorLoop(nn.Module):
    """`for` over range of a tensor-derived count (int(tensor)): a MIL while_loop with a counter."""

    def forward(self, x, n):
        acc = torch.zeros_like(x)
        for i in range(int(n.sum())):
            acc = acc + x * float(i + 1)
        return acc


class RnnCell(nn.Module):
    """A hand-written LSTM cell loop over time, as research code writes it: chunk, tuple state, list of outputs."""

    def __init__(self):
        super().__init__()
        self.cell = nn.LSTMCell(8, 16)
        self.head = nn.Linear(16, 4)

    def forward(self, x):
        state: Optional[Tuple[torch.Tensor, torch.Tensor]] = None
        outs: List[torch.Tensor] = []
        for step in x.unbind(1):
            if state is None:
                state = self.cell(step)
            else:
                state = self.cell(step, state)
            outs.append(self.head(state[0]))
        return torch.stack(outs, dim=1)


class Rnn(nn.Module):
    """nn.LSTM or nn.GRU called with the input only (hx left at its default, None); PyTorch 1.13 cannot script the
    layer alone (its overloaded forward leaves the scripted module without one)."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)


class LstmState(nn.Module):
    """nn.LSTM (2 layers, bidirectional) with given initial states: the states are model inputs."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(16, 32, num_layers=2, bidirectional=True, batch_first=True)

    def forward(self, x, h0, c0):
        return self.rnn(x, (h0, c0))


class GruState(nn.Module):
    """nn.GRU (2 layers) with a given initial state."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(16, 32, num_layers=2)

    def forward(self, x, h0):
        return self.rnn(x, h0)


class SelfAttention(nn.Module):
    """nn.MultiheadAttention as self-attention, the weights averaged over heads returned too."""

    def __init__(self):
        super().__init__()
        self.mha = nn.MultiheadAttention(32, 4, batch_first=True)

    def forward(self, x):
        return self.mha(x, x, x)


def encoder(norm_first=False, activation="relu", batch_first=True):
    layer = nn.TransformerEncoderLayer(64, 4, 128, dropout=0.1, activation=activation, batch_first=batch_first,
                                       norm_first=norm_first)
    return nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)


# ---- the zoo ----

IMG = (1, 3, 224, 224)


def tv(name, shape=IMG, **kw):
    def make():
        import torchvision.models as m
        return getattr(m, name)(weights=None, **kw)
    return make, [shape]


def seg(name, **kw):
    def make():
        import torchvision.models.segmentation as m
        return getattr(m, name)(weights=None, weights_backbone=None, **kw)
    return make, [IMG]


def video(name, shape=(1, 3, 8, 112, 112)):
    def make():
        import torchvision.models.video as m
        return getattr(m, name)(weights=None)
    return make, [shape]


def zoo():
    """Every model, in the order made (hand-written and small ones first): name -> (constructor, input specs)."""
    z = {}
    z["data_if"] = (DataIf, [(4, 8)])
    z["loops_over_ranges"] = (LoopsOverRanges, [(5, 2, 12)])
    z["module_list_loop"] = (ModuleListLoop, [(3, 16)])
    z["containers"] = (Containers, [(2, 6), (2, 6)])
    z["optionals"] = (lambda: Optionals(True), [(3, 8)])
    z["asserts"] = (Asserts, [(4, 10)])
    z["scripted_helper"] = (ScriptedHelper, [(2, 5)])
    z["data_while"] = (DataWhile, [(3, 4)])
    z["tensor_loop"] = (TensorLoop, [(2, 3), "int:2"])
    z["rnn_cell"] = (RnnCell, [(2, 6, 8)])
    z["lstm"] = (lambda: Rnn(nn.LSTM(16, 32, batch_first=True)), [(1, 10, 16)])
    z["lstm_state"] = (LstmState, [(2, 7, 16), (4, 2, 32), (4, 2, 32)])
    z["gru"] = (lambda: Rnn(nn.GRU(16, 32, batch_first=True)), [(1, 10, 16)])
    z["gru_state"] = (GruState, [(7, 2, 16), (2, 2, 32)])
    z["transformer_encoder"] = (lambda: encoder(), [(1, 10, 64)])
    z["transformer_encoder_norm_first_gelu"] = (lambda: encoder(True, "gelu"), [(2, 10, 64)])
    z["transformer_encoder_seq_first"] = (lambda: encoder(batch_first=False), [(10, 2, 64)])
    z["multihead_attention"] = (SelfAttention, [(2, 6, 32)])
    z["transformer"] = (lambda: nn.Transformer(32, 4, 2, 2, 64, batch_first=True), [(2, 6, 32), (2, 5, 32)])
    for n in ["squeezenet1_1", "shufflenet_v2_x1_0", "mnasnet0_5", "mobilenet_v2", "mobilenet_v3_small",
              "mobilenet_v3_large", "efficientnet_b0", "regnet_x_400mf", "regnet_y_400mf", "resnet18", "resnet50",
              "densenet121", "squeezenet1_0", "mnasnet1_0", "resnext50_32x4d", "efficientnet_v2_s",
              "convnext_tiny", "swin_t", "swin_v2_t", "maxvit_t", "vit_b_32", "vit_b_16", "alexnet", "vgg11_bn"]:
        z[n] = tv(n)
    z["googlenet"] = tv("googlenet", aux_logits=False, init_weights=True)
    z["googlenet_aux"] = tv("googlenet", aux_logits=True, init_weights=True)  # aux heads skipped in eval
    z["inception_v3"] = tv("inception_v3", (1, 3, 299, 299), aux_logits=False, init_weights=True)
    z["lraspp_mobilenet_v3_large"] = seg("lraspp_mobilenet_v3_large")
    z["deeplabv3_mobilenet_v3_large"] = seg("deeplabv3_mobilenet_v3_large", aux_loss=False)
    z["fcn_resnet50"] = seg("fcn_resnet50", aux_loss=False)
    z["deeplabv3_resnet50"] = seg("deeplabv3_resnet50", aux_loss=True)  # returns {"out", "aux"}
    for n in ["r3d_18", "mc3_18", "r2plus1d_18"]:
        z[n] = video(n)
    z["s3d"] = video("s3d", (1, 3, 16, 112, 112))
    z["mvit_v2_s"] = video("mvit_v2_s", (1, 3, 16, 224, 224))

    def raft():
        import torchvision.models.optical_flow as m
        return m.raft_small(weights=None)
    z["raft_small"] = (raft, [(1, 3, 128, 128), (1, 3, 128, 128)])

    def ssd():
        import torchvision.models.detection as m
        return m.ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None)
    z["ssdlite320_mobilenet_v3_large"] = (ssd, ["list:1x3x320x320"])
    return z


def fix_init(model, run):
    """Re-draws all-zero weight matrices; re-estimates BatchNorm statistics with two random batches (seed 1)."""
    notes = []
    for name, p in model.named_parameters():
        if p.dim() >= 2 and not bool(p.detach().any()):
            with torch.no_grad():
                nn.init.normal_(p, std=0.02)
            notes.append(name + " re-drawn")
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if norms:
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # a cumulative average over the calibration batches
        torch.manual_seed(1)
        model.train()
        try:
            with torch.no_grad():
                for _ in range(2):
                    run()
            notes.append("BatchNorm statistics re-estimated (%d)" % len(norms))
        except Exception as e:  # a model that cannot run in training mode (a detector wants targets)
            notes.append("BatchNorm statistics left as made: " + (str(e).splitlines() or [""])[0][:60])
    model.eval()
    return notes


def make_inputs(specs):
    """Tensors for the input specs: a shape (float32 normal), "int:N" (int64 in 1..3 of shape [N]) or "list:SHAPE"."""
    out = []
    for s in specs:
        if isinstance(s, str) and s.startswith("int:"):
            out.append(torch.randint(1, 4, (int(s[4:]),)))
        elif isinstance(s, str) and s.startswith("list:"):
            out.append(torch.randn(*[int(d) for d in s[5:].split("x")]))
        else:
            out.append(torch.randn(*s))
    return out


def flatten(y, out):
    """Returned values in order: tuples, lists and namedtuples item by item, dicts value by value, None left out."""
    if y is None:
        return out
    if isinstance(y, (tuple, list)):
        for item in y:
            flatten(item, out)
    elif isinstance(y, dict):
        for item in y.values():
            flatten(item, out)
    elif isinstance(y, torch.Tensor):
        out.append(y)
    else:
        out.append(torch.tensor(y))
    return out


def call(module, inputs, specs):
    args = [[x[0]] if isinstance(s, str) and s.startswith("list:") else x for x, s in zip(inputs, specs)]
    return module(*args)


def shape_text(t):
    return "x".join(str(d) for d in t.shape) if t.dim() > 0 else "scalar"


def make_one(out, name, make, specs, max_mb):
    notes = []
    torch.manual_seed(0)
    model = make().eval()
    mb = sum(p.numel() for p in model.parameters()) * 4 / 1e6
    if mb > max_mb:
        raise RuntimeError("skipped: %.0f MB of fp32 weights > --max-mb %g" % (mb, max_mb))
    torch.manual_seed(0)
    inputs = make_inputs(specs)
    def calibrate():
        batch = [torch.randn(2, *x.shape[1:]) if x.is_floating_point() and not (isinstance(s, str) and "list:" in s)
                 else x for x, s in zip(inputs, specs)]
        call(model, batch, specs)
    notes += fix_init(model, calibrate)
    scripted = torch.jit.script(model)
    path = os.path.join(out, name + ".pt")
    scripted.save(path)
    loaded = torch.jit.load(path).eval()
    with torch.no_grad():
        outputs = flatten(call(loaded, inputs, specs), [])
        eager = flatten(call(model, inputs, specs), [])
    if len(eager) == len(outputs):
        diff = max([float((a.double() - b.double()).abs().max()) for a, b in zip(outputs, eager) if a.numel()] or [0])
        if diff > 1e-5:
            notes.append("scripted vs eager max diff %.2g" % diff)
    for i, x in enumerate(inputs):
        np.save(os.path.join(out, "%s.input%d.npy" % (name, i)), x.numpy())
    for j, y in enumerate(outputs):
        np.save(os.path.join(out, "%s.output%d.npy" % (name, j)), y.numpy())
    try:
        double = torch.jit.load(path).eval().double()
        with torch.no_grad():
            exact = flatten(call(double, [x.double() if x.is_floating_point() else x for x in inputs], specs), [])
        for j, y in enumerate(exact):
            np.save(os.path.join(out, "%s.reference%d.npy" % (name, j)), y.numpy().astype(np.float64)
                    if y.is_floating_point() else y.numpy())
    except Exception as e:  # keeps only the float32 outputs
        notes.append("no float64 reference: " + (str(e).splitlines() or [type(e).__name__])[0][:80])
    in_shapes = ",".join(shape_text(x) for x in inputs)
    out_shapes = ";".join(shape_text(y) + ":" + str(y.dtype).replace("torch.", "") for y in outputs)
    return "\t".join([name, in_shapes, out_shapes, "no: scripted"]), os.path.getsize(path) / 1e6, notes


def read_tsv(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {line.split("\t")[0]: line for line in f.read().splitlines()[1:] if line}


def write(out, order, manifest, log):
    key = lambda n: order.index(n) if n in order else len(order)
    with open(os.path.join(out, "MANIFEST.tsv"), "w") as f:
        f.write("name\tinput_shapes\toutput_shapes_dtypes\tonnx\n")
        f.writelines(manifest[n] + "\n" for n in sorted(manifest, key=key))
    with open(os.path.join(out, "ZOO_LOG.tsv"), "w") as f:
        f.write("name\tscripted\tpt_mb\tseconds\tnotes\n")
        f.writelines(log[n] + "\n" for n in sorted(log, key=key))


def clear(out, name):
    for f in os.listdir(out):
        if f.startswith(name + ".") and (f.endswith(".npy") or f.endswith(".pt")):
            os.remove(os.path.join(out, f))


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    out = args[0]
    only = set(args[args.index("--only") + 1].split(",")) if "--only" in args else None
    max_mb = float(args[args.index("--max-mb") + 1]) if "--max-mb" in args else 600.0
    os.makedirs(out, exist_ok=True)
    models = zoo()
    unknown = (only or set()) - set(models)
    if unknown:
        sys.exit("unknown models: " + ", ".join(sorted(unknown)))
    manifest = read_tsv(os.path.join(out, "MANIFEST.tsv"))
    log = read_tsv(os.path.join(out, "ZOO_LOG.tsv"))
    torch.set_num_threads(1)
    for name, (make, specs) in models.items():
        if only and name not in only:
            continue
        manifest.pop(name, None)
        clear(out, name)
        start = time.perf_counter()
        try:
            row, mb, notes = make_one(out, name, make, specs, max_mb)
            manifest[name] = row
            status = "ok"
        except Exception as e:
            clear(out, name)
            mb, notes = 0.0, []
            status = "fail: " + (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        seconds = time.perf_counter() - start
        log[name] = "\t".join([name, status, "%.1f" % mb, "%.1f" % seconds, "; ".join(notes)])
        print("%-36s %-6s %6.1f MB %5.1f s  %s" % (name, status[:60], mb, seconds, "; ".join(notes)), flush=True)
        write(out, list(models), manifest, log)


if __name__ == "__main__":
    main()
