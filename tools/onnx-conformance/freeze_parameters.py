#!/usr/bin/python3
"""Copies the node tests that fail only because a parameter arrives as a graph input (cause `runtime parameter`
in a report written by `run --table`) with those parameters frozen: every graph input but the data ones becomes an
initializer holding the test's own value, as exported models carry them. Running `run` on the copy measures the
translations behind those tests (Resize's modes, NonMaxSuppression, Slice, ...) on the ONNX project's expected
outputs; it is not part of the conformance figure, whose tests feed the parameters at run time.

Usage: /usr/bin/python3 tools/onnx-conformance/freeze_parameters.py NODE_TESTS_DIR REPORT.md OUT_DIR
(NODE_TESTS_DIR as given to run, holding node/test_*; OUT_DIR gets node/test_* too.)
"""
import glob
import os
import re
import shutil
import sys

import onnx

# inputs that stay graph inputs, by op: the data (everything else is a parameter)
DATA_INPUTS = {"NonMaxSuppression": 2}


def runtime_parameter_tests(report):
    with open(report) as f:
        return [m.group(1) for m in re.finditer(r"^\| (test_\w+) \| runtime parameter \|", f.read(), re.M)]


def freeze(src, dst):
    model = onnx.load(os.path.join(src, "model.onnx"))
    op = model.graph.node[0].op_type if model.graph.node else ""
    keep = DATA_INPUTS.get(op, 1)
    data = os.path.join(src, "test_data_set_0")
    inputs = list(model.graph.input)
    kept = []
    for i, value in enumerate(inputs):
        tensor = onnx.TensorProto()
        with open(os.path.join(data, f"input_{i}.pb"), "rb") as f:
            tensor.ParseFromString(f.read())
        if i < keep:
            kept.append((value, tensor))
        else:
            tensor.name = value.name
            model.graph.initializer.append(tensor)
    del model.graph.input[:]
    model.graph.input.extend(v for v, _ in kept)
    os.makedirs(os.path.join(dst, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(dst, "model.onnx"))
    for j, (_, tensor) in enumerate(kept):
        with open(os.path.join(dst, "test_data_set_0", f"input_{j}.pb"), "wb") as f:
            f.write(tensor.SerializeToString())
    for out in glob.glob(os.path.join(data, "output_*.pb")):
        shutil.copy(out, os.path.join(dst, "test_data_set_0"))


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    tests = runtime_parameter_tests(argv[2])
    for t in tests:
        freeze(os.path.join(argv[1], "node", t), os.path.join(argv[3], "node", t))
    print(f"{len(tests)} tests with their parameters frozen in {argv[3]}")


if __name__ == "__main__":
    main(sys.argv)
