#!/usr/bin/python3
"""Writes the small ONNX test models of frontend-onnx (src/test/resources/models) with the onnx package.

Run with Debian's interpreter, which has python3-onnx (onnx 1.12):
    /usr/bin/python3 frontend-onnx/src/test/python/make_test_models.py
The outputs are committed; tests never run Python.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")


def save(model, name):
    onnx.save(model, os.path.join(OUT, name))


def model(nodes, inputs, outputs, initializers=(), opsets=(("", 13),), name="g"):
    graph = helper.make_graph(list(nodes), name, list(inputs), list(outputs), list(initializers))
    m = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                          opset_imports=[helper.make_opsetid(d, v) for d, v in opsets])
    m.ir_version = 8
    return m


def external(name, dims, location, offset, length):
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", str(offset)), ("length", str(length))):
        e = t.external_data.add()
        e.key = k
        e.value = v
    return t


def main():
    os.makedirs(OUT, exist_ok=True)
    f32 = TensorProto.FLOAT

    # A custom-domain op between standard ones; a dim_param that needs sanitizing.
    save(model([helper.make_node("Relu", ["x"], ["r"], name="relu"),
                helper.make_node("MyOp", ["r"], ["m"], name="my_op", domain="com.example", alpha=0.5, k=3),
                helper.make_node("Sigmoid", ["m"], ["y"], name="sigmoid")],
               [helper.make_tensor_value_info("x", f32, ["batch size", 4])],
               [helper.make_tensor_value_info("y", f32, ["batch size", 4])],
               opsets=(("", 13), ("com.example", 1))), "custom_domain.onnx")

    # Weights in an external file (16 bytes of header first), an fp16 initializer in int32_data, an int64 shape in
    # int64_data, and a graph input that is also an initializer (a constant unless the user names it).
    w = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    with open(os.path.join(OUT, "external_data.bin"), "wb") as f:
        f.write(b"mil4j-test-head!")
        f.write(w.tobytes())
    # make_tensor stores FLOAT16 values as their bit patterns in int32_data
    bias = helper.make_tensor("bias", TensorProto.FLOAT16, [4], [1, -1, 0.5, 2])
    shape = helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 2])
    scale = numpy_helper.from_array(np.array([2, 2, 2, 2], dtype=np.float32), "scale")
    save(model([helper.make_node("MatMul", ["x", "w"], ["mm"], name="matmul"),
                helper.make_node("Cast", ["bias"], ["bias32"], name="cast", to=TensorProto.FLOAT),
                helper.make_node("Add", ["mm", "bias32"], ["a"], name="add"),
                helper.make_node("Mul", ["a", "scale"], ["s"], name="mul"),
                helper.make_node("Reshape", ["s", "shape"], ["y"], name="reshape")],
               [helper.make_tensor_value_info("x", f32, [2, 3]),
                helper.make_tensor_value_info("scale", f32, [4])],
               [helper.make_tensor_value_info("y", f32, [4, 2])],
               [external("w", [3, 4], "external_data.bin", 16, 48), bias, shape, scale]),
         "external_data.onnx")

    def one_external(location, offset, length):
        return model([helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")],
                     [helper.make_tensor_value_info("x", f32, [2, 3])],
                     [helper.make_tensor_value_info("y", f32, [2, 4])],
                     [external("w", [3, 4], location, offset, length)])

    save(one_external("../outside.bin", 0, 48), "external_escape.onnx")
    save(one_external("external_data.bin", 40, 48), "external_bad_offset.onnx")

    save(model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
               [helper.make_tensor_value_info("x", f32, [2])],
               [helper.make_tensor_value_info("y", f32, [2])], opsets=(("", 19),)), "opset19.onnx")

    save(model([helper.make_node("Relu", ["x"], ["r"], name="relu"),
                helper.make_node("Add", ["r", "missing"], ["y"], name="add")],
               [helper.make_tensor_value_info("x", f32, [2])],
               [helper.make_tensor_value_info("y", f32, [2])]), "dangling.onnx")

    save(model([helper.make_node("Hardmax", ["x"], ["h"], name="hardmax"),
                helper.make_node("Det", ["h"], ["d1"], name="det1"),
                helper.make_node("Det", ["h"], ["d2"], name="det2"),
                helper.make_node("MyOp", ["x"], ["m"], name="my_op", domain="com.example"),
                helper.make_node("Relu", ["m"], ["y"], name="relu")],
               [helper.make_tensor_value_info("x", f32, [3, 3])],
               [helper.make_tensor_value_info("y", f32, [3, 3])],
               opsets=(("", 13), ("com.example", 1))), "unsupported.onnx")


if __name__ == "__main__":
    main()
