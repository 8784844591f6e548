package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code Scan} unrolled over its static number of iterations: the body graph is translated inline once per
 * iteration on the state values and the iteration's slice of each scan input ({@code gather} at the iteration's
 * index along {@code scan_input_axes}, counted from the end for reverse {@code scan_input_directions}); the body's
 * scan outputs are stacked along {@code scan_output_axes} (in reverse order for reverse
 * {@code scan_output_directions}). Opset 8's form, with a leading batch dim on every state and scan input (and an
 * optional {@code sequence_lens}, which must be absent or the full length), runs the unrolled scan per batch entry and
 * stacks the results. A scan of unknown or zero length is refused, and so is one of more than
 * {@value #MAX_STEPS} body copies.
 */
final class ScanTranslation {
    /** The most body copies an unrolled scan may make. */
    static final int MAX_STEPS = 1024;

    private ScanTranslation() {
    }

    /** Opsets 9 and later: no batch dim; axes and directions per scan input and output. */
    static List<Var> scan(OnnxNode n, OnnxTranslationContext c) {
        int m = (int) n.intAttribute("num_scan_inputs").orElseThrow(() -> c.error("has no num_scan_inputs"));
        int states = c.inputCount() - m;
        if (m < 1 || states < 0) {
            throw c.error("has " + c.inputCount() + " inputs for " + m + " scan inputs");
        }
        GraphProto body = c.graph("body");
        int outputs = body.getOutputCount() - states;
        List<Var> in = c.inputs(0);
        Plan plan = new Plan(states, outputs, axes(c, n, "scan_input_axes", in.subList(states, in.size()), 0),
                flags(n, "scan_input_directions", m), outputAxes(n, outputs), flags(n, "scan_output_directions",
                        outputs));
        return unroll(c, in.subList(0, states), in.subList(states, in.size()), plan);
    }

    /**
     * Opset 8: {@code sequence_lens} first, then states {@code [batch, ...]} and scan inputs {@code [batch, T, ...]}.
     */
    static List<Var> scan8(OnnxNode n, OnnxTranslationContext c) {
        int m = (int) n.intAttribute("num_scan_inputs").orElseThrow(() -> c.error("has no num_scan_inputs"));
        int states = c.inputCount() - 1 - m;
        if (m < 1 || states < 0) {
            throw c.error("has " + c.inputCount() + " inputs for " + m + " scan inputs");
        }
        List<Var> in = c.inputs(1);
        Builder b = c.builder();
        Dim batchDim = in.get(0).tensorType().shape().dim(0);
        if (!batchDim.isKnown()) {
            throw c.error("has a batch of unknown size", "give the inputs fixed shapes when converting");
        }
        int batch = (int) batchDim.size();
        if (c.hasInput(0)) {
            long length = in.get(states).tensorType().shape().dim(1).size();
            long[] lens = c.constInput(0, "sequence_lens").toLongArray();
            for (long l : lens) {
                if (l != length) {
                    throw c.error("has sequence_lens " + l + " below the scan length " + length
                            + "; ragged batches are not translated");
                }
            }
        }
        int outputs = c.graph("body").getOutputCount() - states;
        Plan plan = new Plan(states, outputs, new int[m], flags(n, "directions", m), new long[outputs],
                new boolean[outputs]);
        List<List<Var>> perBatch = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            Var at = b.constant(TensorValue.scalar(i));
            List<Var> entry = new ArrayList<>();
            for (Var v : in) {
                entry.add(TensorOps.gather(b, v, at, 0));
            }
            perBatch.add(unroll(c, entry.subList(0, states), entry.subList(states, entry.size()), plan));
        }
        List<Var> out = new ArrayList<>();
        for (int k = 0; k < states + outputs; k++) {
            List<Var> parts = new ArrayList<>();
            for (List<Var> r : perBatch) {
                parts.add(r.get(k));
            }
            out.add(TensorOps.stack(b, parts, 0));
        }
        return out;
    }

    /** The axes and directions of a scan: input axes are non-negative, output axes as given. */
    private record Plan(int states, int outputs, int[] inputAxes, boolean[] inputReversed, long[] outputAxes,
            boolean[] outputReversed) {
    }

    private static List<Var> unroll(OnnxTranslationContext c, List<Var> initial, List<Var> scans, Plan plan) {
        Builder b = c.builder();
        int steps = -1;
        for (int j = 0; j < scans.size(); j++) {
            Dim d = scans.get(j).tensorType().shape().dim(plan.inputAxes()[j]);
            if (!d.isKnown()) {
                throw c.error("scans input " + j + " along a dim of unknown size; the scan is unrolled",
                        "give the inputs fixed shapes when converting");
            }
            if (steps >= 0 && d.size() != steps) {
                throw c.error("has scan inputs of different lengths (" + steps + " and " + d.size() + ")");
            }
            steps = (int) d.size();
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw c.error("scans " + steps + " steps; the unrolled scan takes 1 to " + MAX_STEPS);
        }
        List<Var> state = new ArrayList<>(initial);
        List<List<Var>> outs = new ArrayList<>();
        for (int k = 0; k < plan.outputs(); k++) {
            outs.add(new ArrayList<>());
        }
        for (int t = 0; t < steps; t++) {
            List<Var> in = new ArrayList<>(state);
            for (int j = 0; j < scans.size(); j++) {
                int index = plan.inputReversed()[j] ? steps - 1 - t : t;
                in.add(TensorOps.gather(b, scans.get(j), b.constant(TensorValue.scalar(index)),
                        plan.inputAxes()[j]));
            }
            List<Var> result = c.subgraph("body", b, in);
            if (result.size() != plan.states() + plan.outputs()) {
                throw c.error("has a body of " + result.size() + " outputs; expected " + plan.states()
                        + " states and " + plan.outputs() + " scan outputs");
            }
            state = new ArrayList<>(result.subList(0, plan.states()));
            for (int k = 0; k < plan.outputs(); k++) {
                outs.get(k).add(result.get(plan.states() + k));
            }
        }
        List<Var> out = new ArrayList<>(state);
        for (int k = 0; k < plan.outputs(); k++) {
            List<Var> parts = outs.get(k);
            if (plan.outputReversed()[k]) {
                Collections.reverse(parts);
            }
            int axis = c.axis(plan.outputAxes()[k], parts.get(0).tensorType().rank() + 1);
            out.add(TensorOps.stack(b, parts, axis));
        }
        return out;
    }

    private static int[] axes(OnnxTranslationContext c, OnnxNode n, String attribute, List<Var> values,
            int fallback) {
        long[] given = n.intsAttribute(attribute).orElse(null);
        int[] out = new int[values.size()];
        if (given != null && given.length != out.length) {
            throw c.error("has " + given.length + " " + attribute + " for " + out.length + " scan inputs");
        }
        for (int j = 0; j < out.length; j++) {
            out[j] = given == null ? fallback : c.axis(given[j], values.get(j).tensorType().rank());
        }
        return out;
    }

    private static long[] outputAxes(OnnxNode n, int count) {
        return n.intsAttribute("scan_output_axes").orElseGet(() -> new long[count]);
    }

    private static boolean[] flags(OnnxNode n, String attribute, int count) {
        long[] given = n.intsAttribute(attribute).orElse(null);
        boolean[] out = new boolean[count];
        for (int j = 0; j < count && given != null && j < given.length; j++) {
            out[j] = given[j] != 0;
        }
        return out;
    }
}
