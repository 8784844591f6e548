#!/usr/bin/python3
"""Makes the recurrent-layer fixtures of testdata/onnx/recurrent (Debian 12: python3-torch 1.13, python3-onnx 1.12).

- torch_*: nn.LSTM / nn.GRU / nn.RNN modules (torch.manual_seed(0) weights, eval mode) exported by torch.onnx.export
  at opset 14 with static shapes; NAME.input<i>.npy are the inputs, NAME.output<j>.npy what PyTorch computes.
- helper_*: single LSTM / GRU / RNN nodes written with onnx.helper, covering the attributes torch does not export
  (layout 1, reverse, peepholes, input_forget, clip, custom activations with alphas and betas, linear_before_reset 0,
  constant sequence_lens, weights as graph inputs). Their reference is ONNX Runtime (the Java tests run both), but
  for layout 1, which ONNX Runtime refuses: there NAME.input<i>.npy / NAME.output<j>.npy come from ONNX's own numpy
  reference implementation (onnx.backend.test.case.node) run on the same values in layout 0.
Run from any folder: python3 make_recurrent.py
"""
import os
import zlib

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def save_npy(name, kind, arrays):
    for i, a in enumerate(arrays):
        np.save(os.path.join(HERE, f"{name}.{kind}{i}.npy"), np.ascontiguousarray(a))


def export_torch(name, module, inputs, output_count):
    module.eval()
    path = os.path.join(HERE, name + ".onnx")
    in_names = [f"input{i}" for i in range(len(inputs))]
    out_names = [f"output{i}" for i in range(output_count)]
    with torch.no_grad():
        torch.onnx.export(module, tuple(inputs), path, opset_version=14, input_names=in_names,
                          output_names=out_names)
        outs = module(*inputs)
    flat = []
    for o in outs:
        flat.extend(o if isinstance(o, tuple) else [o])
    save_npy(name, "input", [t.numpy() for t in inputs])
    save_npy(name, "output", [t.numpy() for t in flat])


def torch_models():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(5, 4, num_layers=2, bidirectional=True)
    export_torch("torch_lstm_bi2", lstm, [torch.randn(3, 2, 5)], 3)

    class LstmWithState(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(5, 4, num_layers=2, bidirectional=True)

        def forward(self, x, h, c):
            return self.lstm(x, (h, c))

    torch.manual_seed(0)
    export_torch("torch_lstm_bi2_state", LstmWithState(),
                 [torch.randn(3, 2, 5), torch.randn(4, 2, 4), torch.randn(4, 2, 4)], 3)
    torch.manual_seed(1)
    export_torch("torch_gru_bf2", torch.nn.GRU(5, 4, num_layers=2, batch_first=True), [torch.randn(2, 3, 5)], 2)
    torch.manual_seed(2)
    export_torch("torch_rnn_relu_bi_bf", torch.nn.RNN(5, 4, nonlinearity="relu", bidirectional=True,
                                                      batch_first=True), [torch.randn(2, 4, 5)], 2)
    torch.manual_seed(3)
    export_torch("torch_gru_bi_nobias", torch.nn.GRU(3, 6, bias=False, bidirectional=True), [torch.randn(5, 1, 3)], 2)


def helper_model(name, op, attrs, dirs, gates, hidden=3, inp=4, steps=3, batch=2, layout=0, with_bias=True,
                 seq_lens=False, initial=0, peepholes=False, weights_as_inputs=False, outputs=("Y", "Y_h")):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x_shape = [batch, steps, inp] if layout else [steps, batch, inp]
    state_shape = [batch, dirs, hidden] if layout else [dirs, batch, hidden]
    params = {
        "W": rng.standard_normal((dirs, gates * hidden, inp)).astype(np.float32) * 0.5,
        "R": rng.standard_normal((dirs, gates * hidden, hidden)).astype(np.float32) * 0.5,
    }
    if with_bias:
        params["B"] = rng.standard_normal((dirs, 2 * gates * hidden)).astype(np.float32) * 0.5
    if seq_lens:
        params["sequence_lens"] = np.full((batch,), steps, dtype=np.int32)
    if peepholes:
        params["P"] = rng.standard_normal((dirs, 3 * hidden)).astype(np.float32) * 0.5
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, x_shape)]
    for s in ["initial_h", "initial_c"][:initial]:
        inputs.append(helper.make_tensor_value_info(s, TensorProto.FLOAT, state_shape))
    inits = []
    for k, v in params.items():
        if weights_as_inputs and k in ("W", "R", "B"):
            inputs.append(helper.make_tensor_value_info(k, TensorProto.FLOAT, list(v.shape)))
        else:
            inits.append(numpy_helper.from_array(v, k))
    slots = ["X", "W", "R", "B" if with_bias else "", "sequence_lens" if seq_lens else "",
             "initial_h" if initial >= 1 else "", "initial_c" if initial >= 2 else "", "P" if peepholes else ""]
    if op != "LSTM":
        slots = slots[:6]
    while slots[-1] == "":
        slots.pop()
    node = helper.make_node(op, slots, list(outputs), name=name, hidden_size=hidden, **attrs)
    y_shape = [batch, steps, dirs, hidden] if layout else [steps, dirs, batch, hidden]
    outs = [helper.make_tensor_value_info(o, TensorProto.FLOAT, y_shape if o == "Y" else state_shape)
            for o in outputs if o]
    graph = helper.make_graph([node], name, inputs, outs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="make_recurrent.py")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))
    if layout:
        record_layout1(name, op, rng, params, x_shape, state_shape, initial, attrs.get("linear_before_reset", 0))


def record_layout1(name, op, rng, params, x_shape, state_shape, initial, linear_before_reset):
    """Inputs and outputs of a layout-1 model (ONNX Runtime runs layout 0 only): ONNX's own numpy reference
    (onnx.backend.test.case.node's LSTM_Helper / GRU_Helper, forward direction) on the same values in layout 0."""
    from onnx.backend.test.case.node.gru import GRU_Helper
    from onnx.backend.test.case.node.lstm import LSTM_Helper
    x = rng.standard_normal(x_shape).astype(np.float32)
    states = [rng.standard_normal(state_shape).astype(np.float32) for _ in range(initial)]
    args = dict(X=np.swapaxes(x, 0, 1), W=params["W"], R=params["R"])
    if "B" in params:
        args["B"] = params["B"]
    if "P" in params:
        args["P"] = params["P"]
    if op == "GRU":
        args["linear_before_reset"] = np.array([linear_before_reset])  # the helper squeezes every parameter's axis 0
    for key, s in zip(["initial_h", "initial_c"], states):
        args[key] = np.swapaxes(s, 0, 1)
    y, y_h = (LSTM_Helper if op == "LSTM" else GRU_Helper)(**args).step()
    save_npy(name, "input", [x] + states)
    save_npy(name, "output", [np.transpose(y, [2, 0, 1, 3]).astype(np.float32),
                              np.swapaxes(y_h, 0, 1).astype(np.float32)])


def helper_models():
    helper_model("helper_lstm_layout1_peep", "LSTM", dict(layout=1), 1, 4, layout=1, initial=2, peepholes=True)
    helper_model("helper_lstm_reverse_forget_clip", "LSTM", dict(direction="reverse", input_forget=1, clip=0.7),
                 1, 4, seq_lens=True, outputs=("", "Y_h", "Y_c"))
    helper_model("helper_lstm_bi_activations", "LSTM",
                 dict(direction="bidirectional",
                      activations=["HardSigmoid", "Tanh", "Softsign", "Sigmoid", "LeakyRelu", "Tanh"],
                      activation_alpha=[0.3, 0.1], activation_beta=[0.4]), 2, 4, initial=2)
    helper_model("helper_gru_bi_lbr0", "GRU", dict(direction="bidirectional"), 2, 3, initial=1)
    helper_model("helper_gru_lbr1_layout1", "GRU", dict(linear_before_reset=1, layout=1), 1, 3, layout=1)
    helper_model("helper_rnn_reverse_nobias", "RNN", dict(direction="reverse", activations=["Relu"]), 1, 1,
                 with_bias=False)
    helper_model("helper_rnn_weights_as_inputs", "RNN", dict(), 1, 1, weights_as_inputs=True, initial=1)
    helper_model("helper_gru_weights_as_inputs", "GRU", dict(), 1, 3, weights_as_inputs=True)


if __name__ == "__main__":
    torch_models()
    helper_models()
