#!/usr/bin/python3
"""Writes the quantized models of testdata/onnx/wild: the forms ONNX Runtime's quantizers write (QDQ pairs on
activations, DequantizeLinear of int8/uint8 weights per tensor, per channel and, opset 21, per block; the integer ops
of dynamic and static quantization), built with onnx.helper so that every tensor is known.

Run with Debian's interpreter (python3-onnx 1.12):
    /usr/bin/python3 testdata/onnx/wild/make_quantized.py
The outputs are committed; tests never run Python.
"""
import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from make_wild import save

F32 = TensorProto.FLOAT
RNG = np.random.default_rng(25)


def init(name, array):
    return numpy_helper.from_array(array, name)


def qdq_cnn():
    # A QDQ model as ONNX Runtime's static quantizer writes it: activations quantized and dequantized (uint8),
    # conv weights int8 per output channel, the bias int32 with scale x_scale * w_scale, a fully connected weight
    # uint8 per tensor with a zero point.
    ws = (RNG.uniform(0.002, 0.01, 4)).astype(np.float32)
    xs = np.float32(0.02)
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"], name="x_q"),
        helper.make_node("DequantizeLinear", ["xq", "xs", "xz"], ["xd"], name="x_dq"),
        helper.make_node("DequantizeLinear", ["w", "ws", "wz"], ["wd"], name="w_dq", axis=0),
        helper.make_node("DequantizeLinear", ["bias", "bs"], ["bd"], name="bias_dq", axis=0),
        helper.make_node("Conv", ["xd", "wd", "bd"], ["conv"], name="conv", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv"], ["relu"], name="relu"),
        helper.make_node("QuantizeLinear", ["relu", "rs", "rz"], ["rq"], name="relu_q"),
        helper.make_node("DequantizeLinear", ["rq", "rs", "rz"], ["rd"], name="relu_dq"),
        helper.make_node("Flatten", ["rd"], ["flat"], name="flatten"),
        helper.make_node("DequantizeLinear", ["fc", "fs", "fz"], ["fcd"], name="fc_dq"),
        helper.make_node("MatMul", ["flat", "fcd"], ["y"], name="fc"),
    ]
    inits = [
        init("xs", xs), init("xz", np.uint8(128)),
        init("w", RNG.integers(-127, 128, (4, 3, 3, 3)).astype(np.int8)), init("ws", ws),
        init("wz", np.zeros(4, np.int8)),
        init("bias", RNG.integers(-500, 500, 4).astype(np.int32)), init("bs", (xs * ws).astype(np.float32)),
        init("rs", np.float32(0.05)), init("rz", np.uint8(0)),
        init("fc", RNG.integers(0, 256, (256, 10)).astype(np.uint8)), init("fs", np.float32(0.004)),
        init("fz", np.uint8(120)),
    ]
    save(nodes, [helper.make_tensor_value_info("x", F32, [1, 3, 8, 8])],
         [helper.make_tensor_value_info("y", F32, [1, 10])], "qdq_cnn.onnx", inits, opset=13)


def qdq_blocked():
    # Opset 21's blocked weight quantization (as ONNX Runtime's 4/8-bit MatMul quantizers write it): int8 [8, 6]
    # with a scale and zero point per block of 4 rows.
    nodes = [helper.make_node("DequantizeLinear", ["w", "ws", "wz"], ["wd"], name="w_dq", axis=0, block_size=4),
             helper.make_node("MatMul", ["x", "wd"], ["y"], name="matmul")]
    inits = [init("w", RNG.integers(-128, 128, (8, 6)).astype(np.int8)),
             init("ws", RNG.uniform(0.01, 0.05, (2, 6)).astype(np.float32)),
             init("wz", RNG.integers(-3, 4, (2, 6)).astype(np.int8))]
    save(nodes, [helper.make_tensor_value_info("x", F32, [2, 8])], [helper.make_tensor_value_info("y", F32, [2, 6])],
         "qdq_blocked.onnx", inits, opset=21, ir_version=10)


def integer_ops():
    # Dynamic quantization (DynamicQuantizeLinear + MatMulInteger, as quantize_dynamic writes) and the static
    # integer ops (QLinearMatMul, QLinearConv, ConvInteger), their 8-bit and int32 results as graph outputs.
    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["x", ], ["xq", "xs", "xz"], name="x_dyn"),
        helper.make_node("MatMulInteger", ["xq", "w", "xz", "wz"], ["mm_int"], name="matmul_integer"),
        helper.make_node("Cast", ["mm_int"], ["mm_f"], name="cast", to=F32),
        helper.make_node("Mul", ["xs", "ws"], ["mm_scale"], name="scale"),
        helper.make_node("Mul", ["mm_f", "mm_scale"], ["mm_y"], name="rescale"),
        helper.make_node("QLinearMatMul", ["xq", "xs", "xz", "w2", "w2s", "w2z", "ys", "yz"], ["qmm"],
                         name="qlinear_matmul"),
        helper.make_node("QuantizeLinear", ["img", "is", "iz"], ["iq"], name="img_q"),
        helper.make_node("QLinearConv", ["iq", "is", "iz", "cw", "cws", "cwz", "cys", "cyz", "cb"], ["qconv"],
                         name="qlinear_conv", pads=[1, 1, 1, 1]),
        helper.make_node("ConvInteger", ["iq", "ciw", "iz", "ciz"], ["conv_int"], name="conv_integer",
                         strides=[2, 2]),
    ]
    cws = RNG.uniform(0.005, 0.02, 3).astype(np.float32)
    inits = [
        init("w", RNG.integers(0, 256, (16, 8)).astype(np.uint8)), init("wz", np.uint8(131)),
        init("ws", np.float32(0.01)),
        init("w2", RNG.integers(0, 256, (16, 4)).astype(np.uint8)), init("w2s", np.float32(0.003)),
        init("w2z", np.uint8(125)), init("ys", np.float32(0.07)), init("yz", np.uint8(100)),
        init("is", np.float32(0.03)), init("iz", np.uint8(128)),
        init("cw", RNG.integers(-127, 128, (3, 2, 3, 3)).astype(np.int8)), init("cws", cws),
        init("cwz", np.zeros(3, np.int8)), init("cys", np.float32(0.11)), init("cyz", np.uint8(10)),
        init("cb", RNG.integers(-300, 300, 3).astype(np.int32)),
        init("ciw", RNG.integers(0, 256, (3, 2, 3, 3)).astype(np.uint8)), init("ciz", np.uint8(7)),
    ]
    save(nodes, [helper.make_tensor_value_info("x", F32, [2, 16]),
                 helper.make_tensor_value_info("img", F32, [1, 2, 6, 6])],
         [helper.make_tensor_value_info("mm_int", TensorProto.INT32, [2, 8]),
          helper.make_tensor_value_info("mm_y", F32, [2, 8]),
          helper.make_tensor_value_info("qmm", TensorProto.UINT8, [2, 4]),
          helper.make_tensor_value_info("qconv", TensorProto.UINT8, [1, 3, 6, 6]),
          helper.make_tensor_value_info("conv_int", TensorProto.INT32, [1, 3, 2, 2])],
         "integer_ops.onnx", inits, opset=13)


def main():
    qdq_cnn()
    qdq_blocked()
    integer_ops()


if __name__ == "__main__":
    main()
