package dev.mil4j.examples.customtopk;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * {@code custom_topk::replace_topk}: a standard {@code topk} that the CustomTopK layer can compute becomes
 * {@code custom_topk}, so a model whose top-k comes from a frontend this plugin has no translation for (ONNX, MIL
 * text) uses the custom layer too. It matches a topk of an fp16 or fp32 tensor that returns the largest values
 * ({@code ascending} false), a {@code k} of at least 1 and int32 indices; the custom op takes its k, axis and sort
 * flag (before iOS16 topk always sorts), its names and its location, and topk's constants go with it. The plugin
 * contributes the pass without putting it in a pipeline: a conversion appends it (see the example's README).
 *
 * <pre>
 * Given:
 *   %v: fp32[2, 5], %i: int32[2, 5] = topk(x = %h, k = 5, axis = -1, ascending = false, sort = false)
 * Result:
 *   %v: fp32[2, 5], %i: int32[2, 5] = custom_topk(x = %h, k = 5, axis = -1, sorted = false)
 * </pre>
 */
public final class ReplaceTopKPass extends PatternPass {
    public static final String ID = "custom_topk::replace_topk";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "replace topk ops the CustomTopK layer can compute by custom_topk";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        // topk returns one output (values only) when its return_indices is false
        if (!op.type().equals("topk") || op.outputs().size() != 2) {
            return false;
        }
        Var x = op.requireInput("x");
        DType dtype = x.tensorType().dtype();
        InferenceContext in = op.inferenceContext();
        long k = in.constLong("k"); // -1 (iOS17: all of the axis) is not a k the layer takes
        if ((dtype != DType.FP16 && dtype != DType.FP32) || in.constBoolean("ascending") || k < 1
                || op.output(1).tensorType().dtype() != DType.INT32) {
            return false;
        }
        boolean sorted = in.value("sort").map(s -> s.getBoolean(0)).orElse(true);
        // topk(x, k, axis, ascending = false, sort)  ->  custom_topk(x, k, axis, sorted = sort)
        List<Var> custom = rw.before(op).op(CustomTopKOp.NAME)
                .input("x", x)
                .input("k", TensorValue.scalar((int) k))
                .input("axis", TensorValue.scalar((int) in.constLong("axis")))
                .input("sorted", TensorValue.scalar(sorted))
                .build().outputs();
        rw.replaceOp(op, custom);
        return true;
    }
}
