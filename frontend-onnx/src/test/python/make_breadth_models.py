#!/usr/bin/python3
"""Writes the models of OnnxBreadthOpsTest (src/test/resources/models), each checked against ONNX Runtime:

- breadth_ops.onnx (opset 17, IR 8): NonZero; Slice with run-time starts and ends (constant axes and steps) and
  with every parameter at run time; Einsum of one operand (trace, diagonal of a batch, transpose, sum), an inner
  product, three operands and a broadcast batch; Det of 2x2, 3x3 and a batch of 4x4; MaxUnpool with and without
  output_shape; RoiAlign in both coordinate modes; DFT (real, complex inverse, another axis, onesided, dft_length
  padding and truncating); STFT with a constant and with a run-time frame step; MelWeightMatrix of constants and of run-time inputs; Scan
  (opset 16) with a reverse scan input and a scan output along axis 1; Resize (nearest, linear, cubic) with run-time
  scales or sizes; TopK with a run-time k; GatherND with batch_dims.
- opset9_ops.onnx (opset 9): Upsample with scales as an input, nearest and linear, and nearest with run-time scales.
- random_ops.onnx (opset 15): Bernoulli, RandomUniformLike, RandomNormal and RandomUniform (their values are
  checked by their distribution, their shapes and dtypes against ONNX Runtime).
- opset8_ops.onnx (opset 8): Upsample with scales as an attribute (opset 7's form) and Scan with a batch dim.

Run with Debian's /usr/bin/python3 (python3-onnx 1.12); the outputs are committed.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models")
F, I64 = TensorProto.FLOAT, TensorProto.INT64
n = helper.make_node
v = helper.make_tensor_value_info


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def scan_body(name):
    """state + x_t -> state', (state' * 2): a running sum whose doubled value is the scan output."""
    body = helper.make_graph(
        [n("Add", ["s_in", "x_t"], ["s_out"]), n("Mul", ["s_out", "two"], ["y_t"])], name,
        [v("s_in", F, [3]), v("x_t", F, [3])], [v("s_out", F, [3]), v("y_t", F, [3])],
        [const("two", np.float32(2))])
    return body


def breadth_ops():
    nodes = [
        n("NonZero", ["mask"], ["nonzero"]),
        n("Slice", ["x", "starts", "ends", "axes_c", "steps_c"], ["slice_bounds"]),
        n("Slice", ["x", "starts", "ends", "axes", "steps"], ["slice_all"]),
        n("Slice", ["x", "starts", "ends"], ["slice_default"]),
        n("Einsum", ["sq"], ["trace"], equation="ii"),
        n("Einsum", ["bsq"], ["diagonals"], equation="...ii ->...i"),
        n("Einsum", ["x"], ["transposed"], equation="ijk->kji"),
        n("Einsum", ["x"], ["summed"], equation="ijk->j"),
        n("Einsum", ["vec", "vec2"], ["inner"], equation="i,i"),
        n("Einsum", ["sq", "sq", "sq"], ["chain"], equation="ij,jk,kl->il"),
        n("Einsum", ["x", "w"], ["broadcast"], equation="bij,jk->bik"),
        n("Det", ["m2"], ["det2"]),
        n("Det", ["sq"], ["det3"]),
        n("Det", ["m4"], ["det4"]),
        n("MaxUnpool", ["pooled", "pool_idx"], ["unpooled"], kernel_shape=[2, 2], strides=[2, 2]),
        n("MaxUnpool", ["pooled", "pool_idx", "unpool_shape"], ["unpooled_shape"], kernel_shape=[2, 2],
          strides=[2, 2]),
        n("RoiAlign", ["image", "rois", "roi_batch"], ["roi_half"], output_height=3, output_width=2,
          sampling_ratio=2, spatial_scale=0.5),
        n("RoiAlign", ["image", "rois", "roi_batch"], ["roi_output_half"], output_height=2, output_width=4,
          sampling_ratio=1, coordinate_transformation_mode="output_half_pixel"),
        n("DFT", ["signal"], ["dft"], axis=1),
        n("DFT", ["complex"], ["idft"], axis=1, inverse=1),
        n("DFT", ["signal2"], ["dft_axis2"], axis=2),
        n("DFT", ["signal", "len12"], ["dft_onesided_padded"], axis=1, onesided=1),
        n("DFT", ["signal", "len5"], ["dft_truncated"], axis=1),
        n("STFT", ["audio", "step4", "window"], ["stft_window"]),
        n("STFT", ["audio", "step", "", "len8"], ["stft_runtime_step"], onesided=0),
        n("MelWeightMatrix", ["mel_bins", "mel_dft", "mel_rate", "mel_low", "mel_high"], ["mel"]),
        n("Resize", ["image", "", "rt_scales"], ["resize_nearest"]),
        n("Resize", ["image", "", "rt_scales"], ["resize_nearest_ceil"], nearest_mode="ceil",
          coordinate_transformation_mode="tf_half_pixel_for_nn"),
        n("Resize", ["image", "", "", "rt_sizes"], ["resize_linear_sizes"], mode="linear",
          coordinate_transformation_mode="align_corners"),
        n("Resize", ["image", "", "rt_down"], ["resize_linear_down"], mode="linear",
          coordinate_transformation_mode="pytorch_half_pixel"),
        n("Resize", ["image", "", "rt_scales"], ["resize_linear_asymmetric"], mode="linear",
          coordinate_transformation_mode="asymmetric"),
        n("Resize", ["image", "", "rt_scales"], ["resize_cubic"], mode="cubic"),
        n("Resize", ["image", "", "", "rt_sizes"], ["resize_cubic_exclude"], mode="cubic", cubic_coeff_a=-0.5,
          exclude_outside=1, coordinate_transformation_mode="asymmetric"),
        n("TopK", ["x", "k"], ["topk_values", "topk_indices"], axis=1, largest=0),
        n("GatherND", ["x", "gnd_idx"], ["gathered_batched"], batch_dims=1),
        n("Resize", ["image", "", "rt_down"], ["resize_linear_align"], mode="linear",
          coordinate_transformation_mode="align_corners"),
        n("MelWeightMatrix", ["rt_bins", "rt_dft", "rt_rate", "rt_low", "rt_high"], ["mel_runtime"]),
        n("Scan", ["s0", "seq"], ["scan_state", "scan_out"], num_scan_inputs=1, body=scan_body("body"),
          scan_input_directions=[1], scan_output_axes=[1]),
    ]
    inputs = [v("mask", F, [3, 4]), v("x", F, [4, 5, 6]), v("starts", I64, [2]), v("ends", I64, [2]),
              v("axes", I64, [2]), v("steps", I64, [2]), v("sq", F, [3, 3]), v("bsq", F, [2, 4, 4]),
              v("vec", F, [5]), v("vec2", F, [5]), v("w", F, [6, 3]), v("m2", F, [2, 2]), v("m4", F, [2, 4, 4]),
              v("pooled", F, [1, 2, 2, 3]), v("pool_idx", I64, [1, 2, 2, 3]), v("unpool_shape", I64, [4]),
              v("image", F, [2, 3, 8, 10]), v("rois", F, [3, 4]), v("roi_batch", I64, [3]),
              v("signal", F, [2, 8, 1]), v("complex", F, [1, 8, 3, 2]), v("signal2", F, [1, 3, 6, 1]),
              v("audio", F, [2, 40, 1]), v("step", I64, []), v("s0", F, [3]), v("seq", F, [4, 3]),
              v("rt_scales", F, [4]), v("rt_sizes", I64, [4]), v("rt_down", F, [4]), v("k", I64, [1]),
              v("gnd_idx", I64, [4, 2, 1]), v("rt_bins", I64, []), v("rt_dft", I64, []), v("rt_rate", I64, []),
              v("rt_low", F, []), v("rt_high", F, [])]
    inits = [const("axes_c", np.array([2, 0], np.int64)), const("steps_c", np.array([2, 1], np.int64)),
             const("len12", np.array(12, np.int64)), const("len5", np.array(5, np.int64)),
             const("len8", np.array(8, np.int64)), const("step4", np.array(4, np.int64)),
             const("window", (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(10) / 10)).astype(np.float32)),
             const("mel_bins", np.array(6, np.int64)), const("mel_dft", np.array(32, np.int64)),
             const("mel_rate", np.array(16000, np.int64)), const("mel_low", np.array(100, np.float32)),
             const("mel_high", np.array(7000, np.float32))]
    types = {"nonzero": I64, "topk_indices": I64}
    outputs = [v(o, types.get(o, F), None) for node in nodes for o in node.output]
    graph = helper.make_graph(nodes, "breadth_ops", inputs, outputs, inits)
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    # no onnx.checker: it wants output shapes, which are left to inference (ONNX Runtime checks the model)
    onnx.save(model, os.path.join(OUT, "breadth_ops.onnx"))


def opset9_ops():
    nodes = [n("Upsample", ["img", "scales"], ["up_nearest"]),
             n("Upsample", ["img", "scales"], ["up_linear"], mode="linear"),
             n("Upsample", ["img", "rt_scales"], ["up_runtime"])]
    graph = helper.make_graph(nodes, "opset9_ops", [v("img", F, [1, 2, 3, 4]), v("rt_scales", F, [4])],
                              [v("up_nearest", F, None), v("up_linear", F, None), v("up_runtime", F, None)],
                              [const("scales", np.array([1, 1, 2, 1.5], np.float32))])
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 9)])
    model.ir_version = 4
    # no onnx.checker: it wants output shapes, which are left to inference (ONNX Runtime checks the model)
    onnx.save(model, os.path.join(OUT, "opset9_ops.onnx"))


def opset8_ops():
    body = helper.make_graph(
        [n("Add", ["s_in", "x_t"], ["s_out"]), n("Mul", ["s_out", "x_t"], ["y_t"])], "body8",
        [v("s_in", F, [3]), v("x_t", F, [3])], [v("s_out", F, [3]), v("y_t", F, [3])])
    nodes = [n("Upsample", ["img"], ["up_attribute"], scales=[1.0, 1.0, 3.0, 2.0]),
             n("Scan", ["", "s0", "seq"], ["scan_state", "scan_out"], num_scan_inputs=1, body=body)]
    graph = helper.make_graph(nodes, "opset8_ops",
                              [v("img", F, [1, 2, 3, 4]), v("s0", F, [2, 3]), v("seq", F, [2, 4, 3])],
                              [v("up_attribute", F, None), v("scan_state", F, None), v("scan_out", F, None)])
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 8)])
    model.ir_version = 3
    # no onnx.checker: it wants output shapes, which are left to inference (ONNX Runtime checks the model)
    onnx.save(model, os.path.join(OUT, "opset8_ops.onnx"))


def random_ops():
    """Bernoulli, RandomUniformLike, RandomNormal (seeded) and RandomUniform (unseeded), opset 15."""
    nodes = [n("Bernoulli", ["p"], ["bern"], seed=3.0),
             n("RandomUniformLike", ["x"], ["uniform"], low=-2.0, high=3.0, seed=1.0),
             n("RandomNormal", [], ["normal"], shape=[2, 5000], mean=1.0, scale=0.5, seed=2.0),
             n("RandomUniform", [], ["unseeded"], shape=[2, 3])]
    graph = helper.make_graph(nodes, "random_ops", [v("p", F, [4, 5]), v("x", F, [3, 1000])],
                              [v(o, F, None) for o in ("bern", "uniform", "normal", "unseeded")])
    model = helper.make_model(graph, producer_name="mil4j-test-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 15)])
    model.ir_version = 8
    onnx.save(model, os.path.join(OUT, "random_ops.onnx"))


if __name__ == "__main__":
    random_ops()
    breadth_ops()
    opset9_ops()
    opset8_ops()
