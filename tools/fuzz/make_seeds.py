#!/usr/bin/env python3
"""Writes the seed corpora of the Jazzer fuzz tests from the repository's own test models.

Each fuzz test reads its corpus from src/test/resources/<package>/<Class>Inputs/<method>/ of its module (the
layout jazzer-junit expects). A multi-file input is its files joined with SEPARATOR (FuzzInputs.SEPARATOR in the
mil-core test jar). Run from the repository root:  python3 tools/fuzz/make_seeds.py
Seeds are named "seed_*"; corpus entries found by campaigns (crash reproducers) have other names and are kept.
"""
import io
import pathlib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEPARATOR = b"\n%%mil4j-fuzz-part%%\n"
FEATURES = ROOT / "testdata/coremltools-features"
TF_GRAPHS = ROOT / "frontend-tensorflow/src/test/resources/graphs"


def corpus(module, package, cls, method):
    d = ROOT / module / "src/test/resources" / package.replace(".", "/") / f"{cls}Inputs" / method
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob("seed_*"):
        old.unlink()
    return d


def write(d, name, data):
    (d / f"seed_{name}").write_bytes(data)


def join(*parts):
    return SEPARATOR.join(parts)


def package_parts(pkg):
    core = pkg / "Data/com.apple.CoreML"
    weight = core / "weights/weight.bin"
    return ((pkg / "Manifest.json").read_bytes(), (core / "model.mlmodel").read_bytes(),
            weight.read_bytes() if weight.exists() else b"")


def main():
    d = corpus("coreml-spec", "dev.mil4j.spec", "MlModelFuzzTest", "read")
    for name in ["classifier_nn", "image_gray_nn", "metadata_nn", "enumerated_shapes_nn"]:
        write(d, name + ".mlmodel", (FEATURES / f"{name}.mlmodel").read_bytes())
    packages = ["classifier_mlprogram", "image_gray_mlprogram", "stateful_acc", "sdpa_mil_builder_ios18",
                "enumerated_shapes_mlprogram"]
    for module, package, cls, method in [("coreml-spec", "dev.mil4j.spec", "MlPackageFuzzTest", "read"),
                                         ("backend-mlprogram", "dev.mil4j.backend.mlprogram",
                                          "MlPackageReadFuzzTest", "readBack")]:
        d = corpus(module, package, cls, method)
        for name in packages:
            write(d, name, join(*package_parts(FEATURES / f"{name}.mlpackage")))

    d = corpus("backend-neuralnetwork", "dev.mil4j.backend.neuralnetwork", "NeuralNetworkReadFuzzTest", "readBack")
    for f in ["coremltools-features/classifier_nn", "coremltools-features/image_bgr_nn",
              "coremltools-features/enumerated_shapes_nn", "coremltools-features/mlp256_nn_q4_linear_lut",
              "coremltools-features/mlp256_nn_fp16", "coremltools/small_cnn", "coremltools/attention_block",
              "coremltools/elementwise_zoo", "coremltools/topk_head_custom_topk"]:
        write(d, pathlib.Path(f).name + ".mlmodel", (ROOT / "testdata" / f"{f}.mlmodel").read_bytes())

    d = corpus("mil-interpreter", "dev.mil4j.interpreter.npy", "NpyFuzzTest", "read")
    for f in ["torch/mlp.input0.npy", "torch/topk_head.output1.npy", "torch/small_cnn.input0.npy"]:
        write(d, pathlib.Path(f).name, (ROOT / "testdata" / f).read_bytes())

    d = corpus("frontend-onnx", "dev.mil4j.frontend.onnx", "OnnxFuzzTest", "load")
    models = ROOT / "frontend-onnx/src/test/resources/models"
    for f in ["ops_opset11", "ops_opset17", "function_local", "loop_while", "torch_if", "index_ops"]:
        write(d, f + ".onnx", (models / f"{f}.onnx").read_bytes())
    write(d, "external_data.onnx", join((models / "external_data.onnx").read_bytes(),
                                        (models / "external_data.bin").read_bytes()))
    for f in ["topk_head", "elementwise_zoo"]:
        write(d, f + ".onnx", (ROOT / "testdata/onnx" / f"{f}.onnx").read_bytes())

    d = corpus("frontend-tensorflow", "dev.mil4j.frontend.tensorflow", "TfFuzzTest", "graphDef")
    for f in ["call", "cond", "topk_head", "while_loop", "image_ops", "tensor_ops"]:
        write(d, f + ".pb", (TF_GRAPHS / f"{f}.pb").read_bytes())
    d = corpus("frontend-tensorflow", "dev.mil4j.frontend.tensorflow", "TfFuzzTest", "savedModel")
    for f in ["saved_dense", "saved_mlp", "saved_variables"]:
        saved = TF_GRAPHS / f
        variables = saved / "variables"
        index = variables / "variables.index"
        shard = variables / "variables.data-00000-of-00001"
        write(d, f, join((saved / "saved_model.pb").read_bytes(), index.read_bytes() if index.exists() else b"",
                         shard.read_bytes() if shard.exists() else b""))

    torch = ROOT / "testdata/torch"
    d = corpus("frontend-pytorch", "dev.mil4j.frontend.pytorch", "TorchFuzzTest", "archive")
    for f, shapes in [("topk_head", "x:2x16"), ("elementwise_zoo", "a:2x3\nb:2x3")]:
        write(d, f + ".pt", join((torch / f"{f}.pt").read_bytes(), shapes.encode()))
    d = corpus("frontend-pytorch", "dev.mil4j.frontend.pytorch", "TorchFuzzTest", "entry")
    with zipfile.ZipFile(torch / "mlp.pt") as z:
        for entry in ["data.pkl", "constants.pkl", "code/__torch__.py",
                      "code/__torch__/torch/nn/modules/linear/___torch_mangle_11.py", "version"]:
            write(d, entry.replace("/", "_"), join(entry.encode(), z.read("mlp/" + entry), b"x:4x20"))
    d = corpus("frontend-pytorch", "dev.mil4j.frontend.pytorch.archive", "UnpicklerFuzzTest", "load")
    p = corpus("frontend-pytorch", "dev.mil4j.frontend.pytorch.script", "ParserFuzzTest", "parse")
    for f in ["mlp", "topk_head", "attention_block", "small_cnn"]:
        with zipfile.ZipFile(torch / f"{f}.pt") as z:
            for n in z.namelist():
                short = n.split("/", 1)[1]
                if short in ("data.pkl", "constants.pkl"):
                    write(d, f + "_" + short, z.read(n))
                elif short.startswith("code/") and short.endswith(".py"):
                    write(p, f + "_" + short.replace("/", "_"), z.read(n))

    d = corpus("converter", "dev.mil4j.converter", "MilTextFuzzTest", "load")
    # named without .mil: tests that parse every .mil file of the test resources must not meet invalid entries
    for f in sorted((ROOT / "mil-core/src/test/resources/golden/passes").glob("*.before.mil")):
        write(d, f.name[:-len(".mil")], f.read_bytes())
    for f in ["mlp", "cond", "while_loop", "tensor_ops"]:
        write(d, f, (ROOT / "frontend-tensorflow/src/test/resources/golden/mil" / f"{f}.mil").read_bytes())
    d = corpus("converter", "dev.mil4j.converter", "InputTypeFuzzTest", "parse")
    for name, text in [("image", "x:1x3x224x224:fp32"), ("bounded", "tokens:1xS=1..512:int32"),
                       ("symbolic", "x:1x3xHxW"), ("range", "x:1x1..64")]:
        write(d, name, text.encode())
    d = corpus("cli", "dev.mil4j.cli", "InputOptionFuzzTest", "convert")
    for name, text in [("fixed", "x:1x8x4"), ("bounded", "x:1xS=1..16x4:fp32"), ("fp16", "x:1x2x4:fp16")]:
        write(d, name, text.encode())


if __name__ == "__main__":
    main()
