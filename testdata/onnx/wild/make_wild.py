#!/usr/bin/python3
"""Writes the onnx.helper models of testdata/onnx/wild: forms met in ONNX files from the wild and from newer
exporters, which torch 1.13 does not write.

Run with Debian's interpreter (python3-onnx 1.12):
    /usr/bin/python3 testdata/onnx/wild/make_wild.py
The outputs are committed; tests never run Python. onnx.checker is not run: onnx 1.12 does not know opsets past 17.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.dirname(os.path.abspath(__file__))
F32 = TensorProto.FLOAT


def save(nodes, inputs, outputs, name, initializers=(), opset=13, ir_version=7):
    graph = helper.make_graph(list(nodes), "g", list(inputs), list(outputs), list(initializers))
    m = helper.make_model(graph, producer_name="mil4j-wild", producer_version="1",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir_version
    onnx.save(m, os.path.join(OUT, name))


def unsorted(reverse, name):
    # Nodes listed in reverse order; the If's branch reads `a` from the enclosing graph (produced by a node listed
    # after the If) and has its own nodes reversed too. ONNX Runtime sorts the main graph but not subgraphs, so the
    # same graph in order is the reference (unsorted_reference.onnx).
    order = (lambda nodes: nodes) if reverse else (lambda nodes: list(reversed(nodes)))
    then_branch = helper.make_graph(order(
        [helper.make_node("Neg", ["t0"], ["t1"], name="then_neg"),
         helper.make_node("Mul", ["a", "a"], ["t0"], name="then_mul")]),
        "then", [], [helper.make_tensor_value_info("t1", F32, [2, 3])])
    else_branch = helper.make_graph(
        [helper.make_node("Sub", ["a", "x"], ["e0"], name="else_sub")],
        "else", [], [helper.make_tensor_value_info("e0", F32, [2, 3])])
    save(order([helper.make_node("Add", ["i", "b"], ["y"], name="add"),
          helper.make_node("If", ["c"], ["i"], name="if", then_branch=then_branch, else_branch=else_branch),
          helper.make_node("Greater", ["s", "zero"], ["c"], name="greater"),
          helper.make_node("ReduceSum", ["a"], ["s"], name="sum", keepdims=0),
          helper.make_node("Sigmoid", ["a"], ["b"], name="sigmoid"),
          helper.make_node("Relu", ["x"], ["a"], name="relu")]),
         [helper.make_tensor_value_info("x", F32, [2, 3])],
         [helper.make_tensor_value_info("y", F32, [2, 3])], name,
         initializers=[numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero")])


def cycle():
    # b = Relu(a + x), a = Neg(b): a real cycle.
    save([helper.make_node("Relu", ["x"], ["r"], name="relu"),
          helper.make_node("Add", ["a", "r"], ["s"], name="add"),
          helper.make_node("Relu", ["s"], ["b"], name="relu2"),
          helper.make_node("Neg", ["b"], ["a"], name="neg")],
         [helper.make_tensor_value_info("x", F32, [2])],
         [helper.make_tensor_value_info("a", F32, [2])], "cycle.onnx")


def scalar_input():
    # Rank-0 graph inputs (a float and an int64), as voice activity detectors take their sample rate:
    # y = x * s + float(n).
    save([helper.make_node("Mul", ["x", "s"], ["m"], name="mul"),
          helper.make_node("Cast", ["n"], ["nf"], name="cast", to=F32),
          helper.make_node("Add", ["m", "nf"], ["y"], name="add")],
         [helper.make_tensor_value_info("x", F32, [2, 3]),
          helper.make_tensor_value_info("s", F32, []),
          helper.make_tensor_value_info("n", TensorProto.INT64, [])],
         [helper.make_tensor_value_info("y", F32, [2, 3])], "scalar_input.onnx")


def opset21():
    # What newer exporters write: opset 21, IR version 10, ops whose versions 19-21 only added types (Cast,
    # Reshape, Transpose, Unsqueeze, Squeeze, Pad, Flatten, Size, QuantizeLinear/DequantizeLinear with output_dtype)
    # and Gelu (opset 20) in both forms.
    i64 = lambda name, values: numpy_helper.from_array(np.array(values, dtype=np.int64), name)
    save([helper.make_node("Cast", ["x"], ["c"], name="cast", to=F32),
          helper.make_node("Reshape", ["c", "shape"], ["r"], name="reshape"),
          helper.make_node("Transpose", ["r"], ["t"], name="transpose", perm=[1, 0]),
          helper.make_node("Unsqueeze", ["t", "axes"], ["u"], name="unsqueeze"),
          helper.make_node("Squeeze", ["u", "axes"], ["sq"], name="squeeze"),
          helper.make_node("Pad", ["sq", "pads"], ["p"], name="pad"),
          helper.make_node("Gelu", ["p"], ["g"], name="gelu_tanh", approximate="tanh"),
          helper.make_node("QuantizeLinear", ["g", "scale"], ["q"], name="quantize", output_dtype=TensorProto.INT8),
          helper.make_node("DequantizeLinear", ["q", "scale"], ["dq"], name="dequantize"),
          helper.make_node("Flatten", ["dq"], ["y0"], name="flatten", axis=1),
          helper.make_node("Gelu", ["p"], ["ge"], name="gelu"),
          helper.make_node("Size", ["x"], ["n"], name="size"),
          helper.make_node("Cast", ["n"], ["nf"], name="cast_size", to=F32),
          helper.make_node("Add", ["ge", "nf"], ["y1"], name="add")],
         [helper.make_tensor_value_info("x", F32, [2, 3, 4])],
         [helper.make_tensor_value_info("y0", F32, [8, 4]), helper.make_tensor_value_info("y1", F32, [8, 4])],
         "opset21.onnx",
         initializers=[i64("shape", [4, 6]), i64("axes", [0]), i64("pads", [1, 0, 1, 0]),
                       numpy_helper.from_array(np.array(0.05, dtype=np.float32), "scale")],
         opset=21, ir_version=10)


def opset21_refused():
    # Opset 21 forms: blocked dequantization of run-time data (translated with the scale repeated per block), and
    # GroupNormalization, whose scale and bias became per channel in opset 21 (refused with an older translation).
    save([helper.make_node("DequantizeLinear", ["q", "scale"], ["y"], name="blocked", axis=1, block_size=2)],
         [helper.make_tensor_value_info("q", TensorProto.INT8, [2, 4])],
         [helper.make_tensor_value_info("y", F32, [2, 4])], "opset21_blocked.onnx",
         initializers=[numpy_helper.from_array(np.full((2, 2), 0.5, dtype=np.float32), "scale")],
         opset=21, ir_version=10)
    save([helper.make_node("GroupNormalization", ["x", "scale", "bias"], ["y"], name="gn", num_groups=2)],
         [helper.make_tensor_value_info("x", F32, [1, 4, 3])],
         [helper.make_tensor_value_info("y", F32, [1, 4, 3])], "opset21_groupnorm.onnx",
         initializers=[numpy_helper.from_array(np.ones(4, dtype=np.float32), "scale"),
                       numpy_helper.from_array(np.zeros(4, dtype=np.float32), "bias")],
         opset=21, ir_version=10)
    # DFT, whose axis became an input in opset 20 (refused with a translation of an older version): no built-in
    # translation, so the test's plugins give it
    save([helper.make_node("DFT", ["x", "", "axis"], ["y"], name="dft")],
         [helper.make_tensor_value_info("x", F32, [1, 8, 1])],
         [helper.make_tensor_value_info("y", F32, [1, 8, 2])], "opset20_dft.onnx",
         initializers=[numpy_helper.from_array(np.array(1, dtype=np.int64), "axis")],
         opset=20, ir_version=9)


def main():
    unsorted(True, "unsorted.onnx")
    unsorted(False, "unsorted_reference.onnx")
    cycle()
    scalar_input()
    opset21()
    opset21_refused()


if __name__ == "__main__":
    main()
