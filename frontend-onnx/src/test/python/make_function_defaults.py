#!/usr/bin/python3
"""Writes function_defaults.onnx (src/test/resources/models): an IR-9 model whose local function local.fn::ScaleLeaky
declares a default for one attribute (FunctionProto.attribute_proto, `scale` = 3.0) and none for the other (`slope`,
so LeakyRelu's own default 0.01 applies when a call omits it); one call relies on both defaults, one sets both.
ScaleLeaky(X) = LeakyRelu(X * scale, alpha=slope). Checked against ONNX Runtime by OnnxFunctionTest.

onnx 1.12 (Debian's python3-onnx) predates attribute_proto (onnx 1.15, field 11 of FunctionProto), so the field is
appended to the serialized function by hand, and the function to the serialized model (ModelProto.functions, 25).
Run with /usr/bin/python3; the output is committed.
"""
import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, payload):
    """A length-delimited protobuf field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def ref(node, name, ref_name, kind):
    a = onnx.AttributeProto()
    a.name = name
    a.ref_attr_name = ref_name
    a.type = kind
    node.attribute.append(a)


def main():
    constant = helper.make_node("Constant", [], ["s"])
    ref(constant, "value_float", "scale", onnx.AttributeProto.FLOAT)
    leaky = helper.make_node("LeakyRelu", ["xs"], ["Y"])
    ref(leaky, "alpha", "slope", onnx.AttributeProto.FLOAT)
    body = [constant, helper.make_node("Mul", ["X", "s"], ["xs"]), leaky]
    # `attribute` lists the attributes without defaults; `scale` is declared with its default below
    function = helper.make_function("local.fn", "ScaleLeaky", ["X"], ["Y"], body, [helper.make_opsetid("", 13)],
                                    ["slope"])
    function_bytes = function.SerializeToString() + field(11, helper.make_attribute("scale", 3.0).SerializeToString())
    graph = helper.make_graph([
        helper.make_node("ScaleLeaky", ["x"], ["defaults"], name="defaults", domain="local.fn"),
        helper.make_node("ScaleLeaky", ["x"], ["given"], name="given", domain="local.fn", scale=0.5, slope=0.2),
    ], "function_defaults",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 6])],
        [helper.make_tensor_value_info("defaults", TensorProto.FLOAT, [2, 6]),
         helper.make_tensor_value_info("given", TensorProto.FLOAT, [2, 6])])
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("local.fn", 1)])
    model.ir_version = 9
    with open(os.path.join(OUT, "function_defaults.onnx"), "wb") as f:
        f.write(model.SerializeToString() + field(25, function_bytes))


if __name__ == "__main__":
    main()
