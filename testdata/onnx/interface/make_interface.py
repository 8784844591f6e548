#!/usr/bin/python3
"""Writes bool_select.onnx (Where(mask, x, -x), a bool graph input the ML Program retypes to fp32) with its inputs
and expected output as .npy files (Debian 12's python3-onnx 1.12, numpy). Run: python3 make_interface.py"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
nodes = [helper.make_node("Neg", ["x"], ["neg"]), helper.make_node("Where", ["mask", "x", "neg"], ["y"])]
graph = helper.make_graph(nodes, "bool_select", [helper.make_tensor_value_info("mask", TensorProto.BOOL, [4]),
                                                 helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_interface.py")
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, os.path.join(HERE, "bool_select.onnx"))
mask = np.array([True, False, True, False])
x = np.array([1.5, 2.0, -3.0, 4.0], dtype=np.float32)
np.save(os.path.join(HERE, "bool_select.mask.npy"), mask)
np.save(os.path.join(HERE, "bool_select.x.npy"), x)
np.save(os.path.join(HERE, "bool_select.y.npy"), np.where(mask, x, -x))
