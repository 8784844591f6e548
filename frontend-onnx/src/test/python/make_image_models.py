#!/usr/bin/python3
"""Writes grid_sample.onnx (GridSample, opset 16, every mode and padding MIL's resample expresses; and
grid_sample_bicubic.onnx, which it cannot), nms.onnx
(NonMaxSuppression, opset 11: constant parameters, and centered boxes with the box limit and score threshold as
graph inputs) and resize_modes.onnx (Resize, opset 13: cubic, nearest with non-integer scales and each rounding
mode, linear downsampling) and conv_transpose.onnx (ConvTranspose with run-time weights, output_padding, 3-d,
output_shape) under src/test/resources/models, checked against ONNX Runtime by OnnxImageOpsTest.

Run with Debian's python3-onnx: /usr/bin/python3 frontend-onnx/src/test/python/make_image_models.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")
F, I64 = TensorProto.FLOAT, TensorProto.INT64


def save(nodes, name, inputs, outputs, opset, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def grid_sample():
    v = helper.make_tensor_value_info
    cases = [("bilinear", "zeros", 0), ("bilinear", "zeros", 1), ("bilinear", "border", 0),
             ("bilinear", "reflection", 0), ("bilinear", "reflection", 1), ("nearest", "zeros", 0),
             ("nearest", "border", 1), ("nearest", "reflection", 0), ("nearest", "reflection", 1)]
    nodes, outputs = [], []
    for mode, padding, align in cases:
        out = f"{mode}_{padding}_{align}"
        nodes.append(helper.make_node("GridSample", ["x", "grid"], [out], name=out, mode=mode,
                                      padding_mode=padding, align_corners=align))
        outputs.append(v(out, F, [2, 3, 4, 6]))
    save(nodes, "grid_sample", [v("x", F, [2, 3, 5, 7]), v("grid", F, [2, 4, 6, 2])], outputs, 16)
    bicubic = helper.make_node("GridSample", ["x", "grid"], ["y"], name="bicubic", mode="bicubic")
    save([bicubic], "grid_sample_bicubic", [v("x", F, [1, 1, 3, 3]), v("grid", F, [1, 2, 2, 2])],
         [v("y", F, [1, 1, 2, 2])], 16)


def nms():
    v = helper.make_tensor_value_info
    init = [numpy_helper.from_array(np.array([2], dtype=np.int64), "max_out"),
            numpy_helper.from_array(np.array([0.3], dtype=np.float32), "iou"),
            numpy_helper.from_array(np.array([-0.2], dtype=np.float32), "min_score")]
    nodes = [
        helper.make_node("NonMaxSuppression", ["boxes", "scores", "max_out", "iou", "min_score"], ["corners"],
                         name="corners"),
        helper.make_node("NonMaxSuppression", ["boxes", "scores", "limit", "iou", "threshold"], ["centers"],
                         name="centers", center_point_box=1),
        helper.make_node("NonMaxSuppression", ["boxes", "scores", "max_out"], ["no_iou"], name="no_iou"),
    ]
    inputs = [v("boxes", F, [2, 8, 4]), v("scores", F, [2, 3, 8]), v("limit", I64, [1]), v("threshold", F, [1])]
    outputs = [v(o, I64, [None, 3]) for o in ("corners", "centers", "no_iou")]
    save(nodes, "nms", inputs, outputs, 11, init)


def resize():
    v = helper.make_tensor_value_info
    cases = [
        # name, scales or sizes (for [1, 2, 4, 6]), attributes
        ("cubic_up", [1, 1, 2, 1.5], None, dict(mode="cubic")),
        ("cubic_down", [1, 1, 0.5, 0.7], None, dict(mode="cubic")),
        ("cubic_a05_exclude", [1, 1, 1.7, 0.6], None, dict(mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1)),
        ("cubic_align", None, [1, 2, 7, 3], dict(mode="cubic", coordinate_transformation_mode="align_corners")),
        ("cubic_asymmetric", [1, 1, 2, 2], None, dict(mode="cubic", coordinate_transformation_mode="asymmetric")),
        ("nearest_frac", [1, 1, 1.5, 0.6], None, dict(mode="nearest")),
        ("nearest_ceil_half", None, [1, 2, 7, 9], dict(mode="nearest", nearest_mode="ceil")),
        ("nearest_floor_align", None, [1, 2, 7, 9], dict(mode="nearest", nearest_mode="floor",
                                                          coordinate_transformation_mode="align_corners")),
        ("nearest_ceil_asym", [1, 1, 2, 2], None, dict(mode="nearest", nearest_mode="round_prefer_ceil",
                                                        coordinate_transformation_mode="asymmetric")),
        ("linear_down", [1, 1, 0.6, 0.6], None, dict(mode="linear")),
        ("linear_down_align", [1, 1, 0.5, 0.5], None, dict(mode="linear",
                                                           coordinate_transformation_mode="align_corners")),
        ("linear_pytorch", None, [1, 2, 3, 1], dict(mode="linear",
                                                     coordinate_transformation_mode="pytorch_half_pixel")),
        ("linear_tf_crop", None, [1, 2, 3, 5], dict(mode="linear",
                                                     coordinate_transformation_mode="tf_crop_and_resize",
                                                     extrapolation_value=10.0)),
    ]
    nodes, outputs, init = [], [], []
    roi = numpy_helper.from_array(np.array([0, 0, 0.4, 0.6, 1, 1, 1.2, 1.7], dtype=np.float32), "crop_roi")
    init.append(roi)
    for name, scales, sizes, attrs in cases:
        ins = ["x", "crop_roi" if "tf_crop" in name else ""]
        if scales is not None:
            init.append(numpy_helper.from_array(np.array(scales, dtype=np.float32), name + "_scales"))
            ins.append(name + "_scales")
        else:
            init.append(numpy_helper.from_array(np.array(sizes, dtype=np.int64), name + "_sizes"))
            ins += ["", name + "_sizes"]
        nodes.append(helper.make_node("Resize", ins, [name], name=name, **attrs))
        outputs.append(v(name, F, [None] * 4))
    save(nodes, "resize_modes", [v("x", F, [1, 2, 4, 6])], outputs, 13, init)


def conv_transpose():
    v = helper.make_tensor_value_info
    rng = np.random.default_rng(5)
    fixed = numpy_helper.from_array(rng.standard_normal((4, 2, 2, 3)).astype(np.float32), "fixed_w")
    nodes = [
        # run-time weights and bias, groups, strides, dilations, pads and output_padding
        helper.make_node("ConvTranspose", ["x", "w", "bias"], ["grouped"], name="grouped", group=2,
                         strides=[2, 1], dilations=[1, 2], pads=[1, 0, 0, 1], output_padding=[1, 0]),
        # const weights with output_padding (MIL's conv_transpose has none)
        helper.make_node("ConvTranspose", ["x", "fixed_w"], ["padded"], name="padded", strides=[2, 3],
                         output_padding=[1, 2]),
        # 3-d, run-time weights, SAME_UPPER
        helper.make_node("ConvTranspose", ["v", "w3"], ["volume"], name="volume", strides=[2, 1, 2],
                         auto_pad="SAME_UPPER"),
        # run-time weights and an output_shape larger than the natural one
        helper.make_node("ConvTranspose", ["x", "w"], ["shaped"], name="shaped", group=2, strides=[3, 2],
                         output_shape=[9, 9]),
    ]
    inputs = [v("x", F, [1, 4, 3, 4]), v("w", F, [4, 3, 3, 2]), v("bias", F, [6]), v("v", F, [1, 2, 2, 3, 2]),
              v("w3", F, [2, 3, 2, 2, 3])]
    outputs = [v(o, F, None if o != "volume" else [1, 3, 4, 3, 4]) for o in ("grouped", "padded", "volume",
                                                                                "shaped")]
    outputs = [o if o.type.tensor_type.HasField("shape") else v(o.name, F, [None] * 4) for o in outputs]
    save(nodes, "conv_transpose", inputs, outputs, 11, [fixed])


if __name__ == "__main__":
    grid_sample()
    nms()
    resize()
    conv_transpose()
