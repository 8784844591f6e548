"""Writes index_ops.onnx (GatherND, ScatterND, ReverseSequence at opset 13) and masked.onnx (a bool mask input,
Where) for the frontend's and the CLI's tests.

Run with Debian's python3-onnx: /usr/bin/python3 frontend-onnx/src/test/python/make_index_models.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "models")


def main():
    f32 = TensorProto.FLOAT
    x = helper.make_tensor_value_info("x", f32, [4, 3, 5])
    gather_idx = numpy_helper.from_array(np.array([[0, 2], [3, 1], [1, 0]], dtype=np.int64), "gather_idx")
    scatter_idx = numpy_helper.from_array(np.array([[1], [3]], dtype=np.int64), "scatter_idx")
    updates = numpy_helper.from_array(np.arange(30, dtype=np.float32).reshape(2, 3, 5) / 10.0, "updates")
    lengths = numpy_helper.from_array(np.array([1, 3, 2], dtype=np.int64), "lengths")
    nodes = [
        helper.make_node("GatherND", ["x", "gather_idx"], ["gathered"], name="gather_nd"),
        helper.make_node("ScatterND", ["x", "scatter_idx", "updates"], ["scattered"], name="scatter_nd"),
        helper.make_node("ReverseSequence", ["x", "lengths"], ["reversed"], name="reverse_sequence",
                         batch_axis=1, time_axis=0),
    ]
    outputs = [
        helper.make_tensor_value_info("gathered", f32, [3, 5]),
        helper.make_tensor_value_info("scattered", f32, [4, 3, 5]),
        helper.make_tensor_value_info("reversed", f32, [4, 3, 5]),
    ]
    graph = helper.make_graph(nodes, "index_ops", [x], outputs, [gather_idx, scatter_idx, updates, lengths])
    model = helper.make_model(graph, producer_name="mil4j-tests", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "index_ops.onnx"))

    mask = helper.make_tensor_value_info("mask", TensorProto.BOOL, [2, 3])
    y = helper.make_tensor_value_info("y", f32, [2, 3])
    zero = numpy_helper.from_array(np.zeros([], dtype=np.float32), "zero")
    graph = helper.make_graph([helper.make_node("Where", ["mask", "y", "zero"], ["masked"], name="where")],
                              "masked", [mask, y], [helper.make_tensor_value_info("masked", f32, [2, 3])], [zero])
    model = helper.make_model(graph, producer_name="mil4j-tests", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "masked.onnx"))


if __name__ == "__main__":
    main()
