#!/usr/bin/python3
"""Writes conformance_ops.onnx (src/test/resources/models): one opset-18 graph (IR 8) with the translations added for
the ONNX backend node tests, most of their parameters arriving as graph inputs (run-time values), checked against
ONNX Runtime by OnnxConformanceOpsTest; and runtime_split_squeeze.onnx (opset 13: Split sizes, Squeeze and ReduceSum
axes as graph inputs). Run with Debian's /usr/bin/python3 (python3-onnx 1.12); the output is
committed.
"""
import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")
F, I64, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL


def main():
    n = helper.make_node
    nodes = [
        n("Trilu", ["x", "k"], ["trilu"], upper=0),
        n("GatherElements", ["x", "idx"], ["gathered"], axis=1),
        n("Size", ["x"], ["size"]),
        n("CastLike", ["k", "x"], ["k_float"]),
        n("Hardmax", ["x"], ["hardmax"], axis=1),
        n("Selu", ["x"], ["selu"]),
        n("Celu", ["x"], ["celu"], alpha=0.7),
        n("Shrink", ["x"], ["shrink"], lambd=0.3, bias=0.1),
        n("Mean", ["x", "y"], ["mean"]),
        n("IsNaN", ["x"], ["isnan"]),
        n("Asinh", ["x"], ["asinh"]),
        n("Sinh", ["x"], ["sinh"]),
        n("Mod", ["x", "y"], ["fmod"], fmod=1),
        n("Round", ["x"], ["rounded"]),
        n("ArgMax", ["rounded"], ["argmax_last"], axis=1, select_last_index=1),
        n("Clip", ["x", "lo", "hi"], ["clipped"]),
        n("LayerNormalization", ["x", "scale", "bias"], ["ln", "ln_mean", "ln_inv_std"], epsilon=1e-3),
        n("CumSum", ["x", "axis"], ["cumsum"], reverse=1),
        n("Unsqueeze", ["x", "uaxes"], ["unsqueezed"]),
        n("Pad", ["x", "pads", "cval"], ["padded"]),
        n("SoftmaxCrossEntropyLoss", ["x", "target"], ["sce", "log_prob"], ignore_index=1),
        n("OneHot", ["target", "depth", "values"], ["onehot"]),
        n("EyeLike", ["x"], ["eye"], k=1),
        n("ScatterElements", ["x", "idx", "y"], ["scattered"], axis=1, reduction="add"),
        n("HannWindow", ["wsize"], ["hann"], periodic=0),
        n("Compress", ["x", "cond"], ["compressed"], axis=0),
        n("ThresholdedRelu", ["rounded"], ["thresholded"], alpha=1.0),
    ]
    v = helper.make_tensor_value_info
    inputs = [v("x", F, [3, 4]), v("y", F, [3, 4]), v("k", I64, []), v("idx", I64, [3, 4]), v("lo", F, []),
              v("hi", F, []), v("scale", F, [4]), v("bias", F, [4]), v("axis", I64, []), v("uaxes", I64, [2]),
              v("pads", I64, [4]), v("cval", F, []), v("target", I64, [3]), v("depth", I64, []),
              v("values", F, [2]), v("wsize", I64, []), v("cond", B, [3])]
    types = {"size": I64, "argmax_last": I64, "isnan": B}
    outputs = [v(o, types.get(o, F), None) for node in nodes for o in node.output if o != "rounded"]
    graph = helper.make_graph(nodes, "conformance_ops", inputs, outputs)
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    # no onnx.checker: onnx 1.12 knows opsets up to 17
    onnx.save(model, os.path.join(OUT, "conformance_ops.onnx"))


def runtime_split_squeeze():
    """Split with run-time sizes (three parts, one empty), Squeeze and ReduceSum with run-time axes."""
    n = helper.make_node
    v = helper.make_tensor_value_info
    nodes = [
        n("Split", ["x", "sizes"], ["p0", "p1", "p2"], axis=1),
        n("Squeeze", ["z", "axes"], ["squeezed"]),
        n("ReduceSum", ["x", "raxes"], ["summed"], keepdims=0),
        n("ReduceSum", ["x", "raxes"], ["summed_keep"]),
    ]
    inputs = [v("x", F, [2, 6, 3]), v("sizes", I64, [3]), v("z", F, [1, 4, 1, 3, 1]), v("axes", I64, [2]),
              v("raxes", I64, [2])]
    outputs = [v(o, F, None) for o in ("p0", "p1", "p2", "squeezed", "summed", "summed_keep")]
    graph = helper.make_graph(nodes, "runtime_split_squeeze", inputs, outputs)
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, os.path.join(OUT, "runtime_split_squeeze.onnx"))


if __name__ == "__main__":
    main()
    runtime_split_squeeze()
