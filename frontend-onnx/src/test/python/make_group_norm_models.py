#!/usr/bin/python3
"""Writes group_norm_18.onnx and group_norm_21.onnx (src/test/resources/models): GroupNormalization with scale and
bias per group (opset 18) and per channel (opset 21), 3 groups over 6 channels of a 2x6x4x5 input with a variable
batch, checked against ONNX Runtime by OnnxNormalizationTest. Run with Debian's /usr/bin/python3 (python3-onnx 1.12
writes any opset number); the output is committed.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")


def model(opset, scale_size):
    rng = np.random.default_rng(opset)
    scale = numpy_helper.from_array(rng.uniform(0.5, 1.5, scale_size).astype(np.float32), "scale")
    bias = numpy_helper.from_array(rng.uniform(-0.5, 0.5, scale_size).astype(np.float32), "bias")
    node = helper.make_node("GroupNormalization", ["x", "scale", "bias"], ["y"], num_groups=3, epsilon=1e-3)
    graph = helper.make_graph([node], f"group_norm_{opset}",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 6, 4, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 6, 4, 5])],
                              [scale, bias])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="mil4j-tests")
    m.ir_version = 8 if opset < 21 else 10
    return m


def main():
    for opset, size in [(18, 3), (21, 6)]:
        onnx.save(model(opset, size), os.path.join(OUT, f"group_norm_{opset}.onnx"))


if __name__ == "__main__":
    main()
