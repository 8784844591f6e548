#!/usr/bin/python3
"""Writes the ONNX backend node tests (onnx 1.12: 922 of them) into a folder, as the onnx package's
`backend-test-tools generate-data` does: one folder per test with model.onnx and test_data_set_0/{input,output}_<i>.pb.

Debian 12's numpy 1.24 dropped the aliases np.float, np.int, np.bool and np.object that onnx 1.12's test case
generators still use; they are put back (as the builtins they named) before the generators are imported.
Usage: /usr/bin/python3 generate_node_tests.py OUT_DIR   (OUT_DIR outside the repository, e.g. /work/onnx-node-tests)
"""
import builtins
import sys

import numpy as np

for alias in ("float", "int", "bool", "object"):
    if not hasattr(np, alias):
        setattr(np, alias, getattr(builtins, alias))

from onnx.backend.test.cmd_tools import generate_data  # noqa: E402  (after the aliases)


class Args:
    def __init__(self, output):
        self.output = output
        self.clean = False
        self.diff = False
        self.op_type = None


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    generate_data(Args(sys.argv[1]))
