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
               [helper.make_tensor_value_info("y", f32, [2])], opsets=(("", 22),)), "opset22.onnx")

    save(model([helper.make_node("Relu", ["x"], ["r"], name="relu"),
                helper.make_node("Add", ["r", "missing"], ["y"], name="add")],
               [helper.make_tensor_value_info("x", f32, [2])],
               [helper.make_tensor_value_info("y", f32, [2])]), "dangling.onnx")

    save(model([helper.make_node("Unique", ["x"], ["h"], name="unique"),
                helper.make_node("ConcatFromSequence", ["h"], ["c1"], name="concat1", axis=0),
                helper.make_node("ConcatFromSequence", ["h"], ["c2"], name="concat2", axis=0),
                helper.make_node("MyOp", ["x"], ["m"], name="my_op", domain="com.example"),
                helper.make_node("Relu", ["m"], ["y"], name="relu")],
               [helper.make_tensor_value_info("x", f32, [3, 3])],
               [helper.make_tensor_value_info("y", f32, [3, 3])],
               opsets=(("", 13), ("com.example", 1))), "unsupported.onnx")

    op_zoo()


def op_zoo():
    """One model per opset with many independent branches: one node or a few per common op, each an output."""
    f32, i64 = TensorProto.FLOAT, TensorProto.INT64
    rng = np.random.default_rng(0)

    def init(name, shape, dtype=np.float32):
        return numpy_helper.from_array((rng.standard_normal(shape)).astype(dtype), name)

    def ints(name, values):
        return numpy_helper.from_array(np.array(values, dtype=np.int64), name)

    def floats(name, values):
        return numpy_helper.from_array(np.array(values, dtype=np.float32), name)

    N = helper.make_node
    image = helper.make_tensor_value_info("x", f32, [1, 4, 8, 8])
    seq = helper.make_tensor_value_info("s", f32, [2, 6, 16])
    idx = helper.make_tensor_value_info("i", i64, [2, 3])

    def build(nodes, inits, opset, inputs=(image, seq, idx)):
        produced = [o for n in nodes for o in n.output]
        used = {i for n in nodes for i in n.input}
        names = [o for o in produced if o not in used]
        m = model(nodes, list(inputs), [], inits, opsets=(("", opset),), name="zoo%d" % opset)
        inferred = {v.name: v for v in onnx.shape_inference.infer_shapes(m, strict_mode=True).graph.value_info}
        m.graph.output.extend(inferred[n] for n in names)
        for o in m.graph.output:
            if not o.type.tensor_type.HasField("shape"):  # onnx 1.12 infers no shape for Einsum
                o.type.tensor_type.shape.SetInParent()
        missing = [o.name for o in m.graph.output if not o.type.tensor_type.HasField("shape")]
        assert not missing, "no inferred shape for %s" % missing
        onnx.checker.check_model(m)
        return m

    nodes13 = [
        N("Conv", ["x", "conv_w", "conv_b"], ["conv"], auto_pad="SAME_UPPER", strides=[2, 2]),
        N("ConvTranspose", ["x", "convt_w"], ["convt"], strides=[2, 2], pads=[1, 1, 1, 1]),
        N("BatchNormalization", ["x", "bn_s", "bn_b", "bn_m", "bn_v"], ["bn"], epsilon=1e-3),
        N("InstanceNormalization", ["x", "bn_s", "bn_b"], ["inorm"]),
        N("MaxPool", ["x"], ["maxpool"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1),
        N("AveragePool", ["x"], ["avgpool"], kernel_shape=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1),
        N("GlobalAveragePool", ["x"], ["gap"]),
        N("GlobalMaxPool", ["x"], ["gmp"]),
        N("Resize", ["x", "", "scales"], ["up_nearest"], mode="nearest"),
        N("Resize", ["x", "", "", "sizes"], ["up_linear"], mode="linear",
          coordinate_transformation_mode="half_pixel"),
        N("LeakyRelu", ["x"], ["leaky"], alpha=0.2),
        N("Elu", ["x"], ["elu"]),
        N("HardSigmoid", ["x"], ["hsig"]),
        N("PRelu", ["x", "slope"], ["prelu"]),
        N("Softplus", ["x"], ["softplus"]),
        N("Pad", ["x", "pads"], ["pad_reflect"], mode="reflect"),
        N("Flatten", ["x"], ["flat"], axis=2),
        N("Softmax", ["s"], ["softmax"], axis=1),
        N("LogSoftmax", ["s"], ["logsoftmax"]),
        N("Transpose", ["s"], ["st"]),
        N("Unsqueeze", ["s", "axes0"], ["unsq"]),
        N("Squeeze", ["unsq", "axes0"], ["sq"]),
        N("Split", ["s", "split"], ["split_a", "split_b"], axis=2),
        N("Gather", ["s", "gidx"], ["gathered"], axis=1),
        N("Concat", ["split_b", "split_a"], ["concat"], axis=-1),
        N("Expand", ["col", "eshape"], ["expanded"]),
        N("Tile", ["s", "reps"], ["tiled"]),
        N("Greater", ["s", "zero"], ["pos"]),
        N("Neg", ["s"], ["neg"]),
        N("Where", ["pos", "s", "neg"], ["absolute"]),
        N("Less", ["s", "zero"], ["less"]),
        N("Equal", ["i", "i"], ["same"]),
        N("Cast", ["i"], ["i_float"], to=TensorProto.FLOAT),
        N("Range", ["r0", "r10", "r2"], ["range"]),
        N("CumSum", ["s", "axis1"], ["cumsum"], reverse=1),
        N("Transpose", ["s"], ["st_b"], perm=[0, 2, 1]),
        N("Einsum", ["s", "st_b"], ["einsum"], equation="bij,bjk->bik"),
        N("TopK", ["s", "k3"], ["top_v", "top_i"], largest=0),
        N("ArgMax", ["s"], ["argmax"], axis=2, keepdims=0),
        N("ReduceSum", ["s", "axes1"], ["rsum"]),
        N("ReduceMax", ["s"], ["rmax"], axes=[2], keepdims=0),
        N("ReduceMin", ["s"], ["rmin"], axes=[-1]),
        N("ReduceProd", ["s"], ["rprod"], axes=[0]),
        N("MatMul", ["s", "mm_w"], ["matmul"]),
        N("Gemm", ["gemm_a", "gemm_b", "gemm_c"], ["gemm"], transA=1, alpha=0.5, beta=2.0),
        N("ConstantOfShape", ["cshape"], ["filled"], value=helper.make_tensor("v", f32, [1], [3.0])),
        N("Shape", ["s"], ["shape"]),
        N("Reshape", ["s", "rshape"], ["reshaped"]),
        N("Sqrt", ["gap"], ["sqrt"]),
        N("Exp", ["s"], ["exp"]),
        N("Abs", ["s"], ["abs"]),
        N("Log", ["exp"], ["log"]),
        N("Pow", ["s", "two"], ["pow"]),
        N("Div", ["s", "two"], ["div"]),
        N("Sub", ["s", "two"], ["sub"]),
        N("Erf", ["s"], ["erf"]),
        N("Reciprocal", ["exp"], ["recip"]),
        N("Floor", ["s"], ["floor"]),
        N("Ceil", ["s"], ["ceil"]),
        N("Sin", ["s"], ["sin"]),
        N("Cos", ["s"], ["cos"]),
        N("Min", ["s", "zero", "two"], ["min3"]),
        N("Identity", ["s"], ["identity"]),
        N("Dropout", ["s"], ["dropout"]),
        N("Sigmoid", ["s"], ["sig"]),
        N("Tanh", ["s"], ["tanh"]),
        N("Clip", ["s", "zero", "two"], ["clip"]),
        N("Slice", ["s", "starts", "ends", "saxes", "steps"], ["sliced"]),
    ]
    inits13 = [init("conv_w", [8, 4, 3, 3]), init("conv_b", [8]), init("convt_w", [4, 2, 3, 3]),
               init("bn_s", [4]), init("bn_b", [4]), init("bn_m", [4]),
               numpy_helper.from_array(np.abs(rng.standard_normal(4)).astype(np.float32) + 0.5, "bn_v"),
               floats("scales", [1, 1, 2, 2]), ints("sizes", [1, 4, 12, 12]), init("slope", [4, 1, 1]),
               ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]), ints("axes0", [0]), ints("split", [4, 12]),
               ints("gidx", [[0, -1]]), init("col", [6, 1]), ints("eshape", [2, 6, 16]), ints("reps", [1, 2, 1]),
               floats("zero", 0.0), floats("two", 2.0), ints("r0", 0), ints("r10", 10), ints("r2", 2),
               ints("axis1", 1), ints("k3", [3]), ints("axes1", [1]), init("mm_w", [16, 5]),
               init("gemm_a", [3, 4]), init("gemm_b", [3, 5]), init("gemm_c", [5]), ints("cshape", [2, 3]),
               ints("rshape", [0, -1]), ints("starts", [-1, 2]), ints("ends", [-100, 100]), ints("saxes", [1, 2]),
               ints("steps", [-2, 3])]
    save(build(nodes13, inits13, 13), "ops_opset13.onnx")

    nodes11 = [
        N("Clip", ["s", "zero"], ["relu_like"]),
        N("Unsqueeze", ["s"], ["unsq"], axes=[1, -1]),
        N("Squeeze", ["unsq"], ["sq"], axes=[1]),
        N("Split", ["s"], ["a", "b"], axis=1, split=[2, 4]),
        N("Softmax", ["s"], ["softmax_2d"], axis=1),
        N("ReduceSum", ["s"], ["rsum"], axes=[1], keepdims=0),
        N("TopK", ["s", "k3"], ["tv", "ti"]),
        N("Resize", ["x", "roi", "scales"], ["resized"], mode="linear",
          coordinate_transformation_mode="align_corners"),
    ]
    inits11 = [floats("zero", 0.0), ints("k3", [3]), floats("roi", []), floats("scales", [1, 1, 2, 2])]
    save(build(nodes11, inits11, 11), "ops_opset11.onnx")

    # onnx 1.12 knows opsets up to 17
    nodes17 = [
        N("LayerNormalization", ["s", "ln_s", "ln_b"], ["ln"], axis=-1, epsilon=1e-5),
        N("ReduceMean", ["s"], ["rmean"], axes=[1, 2], keepdims=0),
        N("ReduceL2", ["s"], ["rl2"]),
        N("Split", ["s"], ["p0", "p1"], axis=2),
        N("Pad", ["s", "pads", "cval"], ["padded"]),
        N("Shape", ["s"], ["tail_shape"], start=1),
        N("HardSwish", ["s"], ["hswish"]),
    ]
    inits17 = [init("ln_s", [16]), init("ln_b", [16]), ints("pads", [0, 1, 0, 0, 2, 0]), floats("cval", 7.0)]
    save(build(nodes17, inits17, 17, inputs=(seq,)), "ops_opset17.onnx")


if __name__ == "__main__":
    main()
