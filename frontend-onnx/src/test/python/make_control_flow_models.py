#!/usr/bin/python3
"""Writes the control-flow, local-function and GELU test models of frontend-onnx (src/test/resources/models).

Run with Debian's interpreter, which has python3-torch (1.13) and python3-onnx (1.12):
    /usr/bin/python3 frontend-onnx/src/test/python/make_control_flow_models.py
The outputs are committed; tests never run Python.

- torch_if.onnx, torch_loop.onnx: TorchScript modules with data-dependent control flow exported by
  torch.onnx.export (opset 13): If with two branches reading outer values; a for loop over a static trip count with
  a loop-carried state; a while loop with a data-dependent condition (an If inside the body) and an int counter.
- loop_scan.onnx (onnx.helper): Loop with a trip count input, an initial condition, a loop-carried value, two scan
  outputs (one from an If nested in the body), outer-scope captures and an initializer inside the body.
- loop_while.onnx (onnx.helper): Loop without a trip count whose loop-carried value grows by a row per iteration.
- function_local.onnx (onnx.helper): model-local functions (FunctionProto) called with different attributes,
  one calling another, attribute references (ref_attr_name) and their own opset import.
- torch_gelu.onnx: nn.GELU between two linear layers, exported at opset 13 (Div, Erf, Add, Mul, Mul).
"""
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")
F32 = TensorProto.FLOAT
I64 = TensorProto.INT64
BOOL = TensorProto.BOOL


class IfModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)

    def forward(self, x):
        if bool(x.sum() > 0):
            y = self.lin(x) * 2.0
        else:
            y = torch.relu(x) - 1.0
        return y


class LoopModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)

    def forward(self, x):
        h = torch.zeros_like(x[0])
        for i in range(x.size(0)):
            h = torch.tanh(self.lin(h) + x[i])
        k = 0
        while bool(h.abs().sum() < 20.0) and k < 10:
            h = h * 1.5 + 0.1
            k += 1
        return h


class GeluModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(16, 8)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


def export(module, example, name, script):
    m = torch.jit.script(module) if script else module
    torch.onnx.export(m, example, os.path.join(OUT, name), opset_version=13, input_names=["input0"],
                      output_names=["output0"])


def const(name, value, dtype=np.float32):
    return helper.make_node("Constant", [], [name], name=name,
                            value=numpy_helper.from_array(np.array(value, dtype=dtype), name + "_value"))


def model(graph, functions=(), opsets=(("", 13),)):
    m = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                          opset_imports=[helper.make_opsetid(d, v) for d, v in opsets], functions=list(functions))
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def loop_scan():
    # body(iter, cond_in, acc) -> (cond_out, acc2, scaled, gated)
    half = numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half")
    body = helper.make_graph([
        const("three", 3, np.int64),
        helper.make_node("Mod", ["iter", "three"], ["row_index"], name="row_index"),
        helper.make_node("Gather", ["x", "row_index"], ["row"], name="row", axis=0),
        helper.make_node("Mul", ["acc", "half"], ["decayed"], name="decayed"),
        helper.make_node("Add", ["row", "bias"], ["shifted"], name="shifted"),
        helper.make_node("Add", ["decayed", "shifted"], ["acc2"], name="acc2"),
        helper.make_node("ReduceSum", ["acc2"], ["total"], name="total", keepdims=0),
        const("limit", 100.0),
        helper.make_node("Less", ["total", "limit"], ["cond_out"], name="cond_out"),
        helper.make_node("Cast", ["iter"], ["iter_f"], name="iter_f", to=F32),
        helper.make_node("Mul", ["acc2", "iter_f"], ["scaled"], name="scaled"),
        const("zero", 0.0),
        helper.make_node("Greater", ["total", "zero"], ["positive"], name="positive"),
        helper.make_node("If", ["positive"], ["gated"], name="gate",
                         then_branch=helper.make_graph(
                             [helper.make_node("Relu", ["acc2"], ["relu_acc"], name="relu_acc")], "then", [],
                             [helper.make_tensor_value_info("relu_acc", F32, [4])]),
                         else_branch=helper.make_graph(
                             [helper.make_node("Neg", ["acc2"], ["neg_acc"], name="neg_acc")], "else", [],
                             [helper.make_tensor_value_info("neg_acc", F32, [4])])),
    ], "body",
        [helper.make_tensor_value_info("iter", I64, []), helper.make_tensor_value_info("cond_in", BOOL, []),
         helper.make_tensor_value_info("acc", F32, [4])],
        [helper.make_tensor_value_info("cond_out", BOOL, []), helper.make_tensor_value_info("acc2", F32, [4]),
         helper.make_tensor_value_info("scaled", F32, [4]), helper.make_tensor_value_info("gated", F32, [4])],
        [half])
    acc0 = numpy_helper.from_array(np.zeros(4, dtype=np.float32), "acc0")
    graph = helper.make_graph([
        helper.make_node("ReduceSum", ["x"], ["sum_x"], name="sum_x", keepdims=0),
        const("floor", -1000.0),
        helper.make_node("Greater", ["sum_x", "floor"], ["cond0"], name="cond0"),
        helper.make_node("Loop", ["n", "cond0", "acc0"], ["acc_final", "scaled_all", "gated_all"], name="loop",
                         body=body),
    ], "loop_scan",
        [helper.make_tensor_value_info("x", F32, [3, 4]), helper.make_tensor_value_info("n", I64, []),
         helper.make_tensor_value_info("bias", F32, [4])],
        [helper.make_tensor_value_info("acc_final", F32, [4]),
         helper.make_tensor_value_info("scaled_all", F32, ["N", 4]),
         helper.make_tensor_value_info("gated_all", F32, ["N", 4])],
        [acc0])
    return model(graph)


def loop_while():
    body = helper.make_graph([
        helper.make_node("Shape", ["y"], ["y_shape"], name="y_shape"),
        const("starts", [-1], np.int64),
        const("ends", [2 ** 31 - 1], np.int64),
        helper.make_node("Slice", ["y", "starts", "ends"], ["last"], name="last"),
        const("step", 0.25),
        helper.make_node("Add", ["last", "step"], ["next_row"], name="next_row"),
        helper.make_node("Concat", ["y", "next_row"], ["y2"], name="grow", axis=0),
        const("three", 3, np.int64),
        helper.make_node("Less", ["iter", "three"], ["cond_out"], name="cond_out"),
    ], "body",
        [helper.make_tensor_value_info("iter", I64, []), helper.make_tensor_value_info("cond_in", BOOL, []),
         helper.make_tensor_value_info("y", F32, ["R", 4])],
        [helper.make_tensor_value_info("cond_out", BOOL, []), helper.make_tensor_value_info("y2", F32, ["R2", 4])])
    graph = helper.make_graph([
        helper.make_node("ReduceSum", ["x"], ["sum_x"], name="sum_x", keepdims=0),
        const("floor", -1000.0),
        helper.make_node("Greater", ["sum_x", "floor"], ["cond0"], name="cond0"),
        helper.make_node("Loop", ["", "cond0", "x"], ["y_final"], name="loop", body=body),
        helper.make_node("Relu", ["y_final"], ["y"], name="relu"),
    ], "loop_while",
        [helper.make_tensor_value_info("x", F32, [1, 4])],
        [helper.make_tensor_value_info("y", F32, ["R", 4])])
    return model(graph)


def function_local():
    # local.fn::Scale(X) = X * alpha + beta, attributes alpha and beta referenced by the Constants inside
    scale_nodes = [
        helper.make_node("Constant", [], ["a"]),
        helper.make_node("Constant", [], ["b"]),
        helper.make_node("Mul", ["X", "a"], ["xa"]),
        helper.make_node("Add", ["xa", "b"], ["Y"]),
    ]
    for node, attr in ((scale_nodes[0], "alpha"), (scale_nodes[1], "beta")):
        a = onnx.AttributeProto()
        a.name = "value_float"
        a.ref_attr_name = attr
        a.type = onnx.AttributeProto.FLOAT
        node.attribute.append(a)
    scale = helper.make_function("local.fn", "Scale", ["X"], ["Y"], scale_nodes,
                                 [helper.make_opsetid("", 13)], ["alpha", "beta"])
    # local.fn::Block(X) = Tanh(Scale<alpha=2, beta=bias>(Relu(X))) with beta forwarded from Block's own attribute
    call = helper.make_node("Scale", ["r"], ["s"], domain="local.fn", alpha=2.0)
    b = onnx.AttributeProto()
    b.name = "beta"
    b.ref_attr_name = "shift"
    b.type = onnx.AttributeProto.FLOAT
    call.attribute.append(b)
    block = helper.make_function("local.fn", "Block", ["X"], ["Y"], [
        helper.make_node("Relu", ["X"], ["r"]),
        call,
        helper.make_node("Tanh", ["s"], ["Y"]),
    ], [helper.make_opsetid("", 13), helper.make_opsetid("local.fn", 1)], ["shift"])
    graph = helper.make_graph([
        helper.make_node("Scale", ["x"], ["s1"], name="scale1", domain="local.fn", alpha=0.5, beta=1.0),
        helper.make_node("Block", ["s1"], ["b1"], name="block1", domain="local.fn", shift=-0.5),
        helper.make_node("Block", ["b1"], ["b2"], name="block2", domain="local.fn", shift=0.25),
        helper.make_node("Add", ["b2", "s1"], ["y"], name="add"),
    ], "function_local",
        [helper.make_tensor_value_info("x", F32, [2, 5])],
        [helper.make_tensor_value_info("y", F32, [2, 5])])
    return model(graph, functions=[scale, block], opsets=(("", 13), ("local.fn", 1)))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    export(IfModel(), (torch.randn(2, 4),), "torch_if.onnx", True)
    export(LoopModel(), (torch.randn(3, 4),), "torch_loop.onnx", True)
    export(GeluModel(), (torch.randn(2, 8),), "torch_gelu.onnx", False)
    onnx.save(loop_scan(), os.path.join(OUT, "loop_scan.onnx"))
    onnx.save(loop_while(), os.path.join(OUT, "loop_while.onnx"))
    onnx.save(function_local(), os.path.join(OUT, "function_local.onnx"))


if __name__ == "__main__":
    main()
