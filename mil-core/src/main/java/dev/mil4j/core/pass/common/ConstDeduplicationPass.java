package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.PassOption;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * {@code common::const_deduplication}: constants of equal dtype, shape and content in one block are merged into the
 * first, so a weight shared by several layers is stored once. Constants a block returns keep their own name.
 * Weights are not hashed whole: only constants of equal dtype, shape and sampled fingerprint are compared
 * ({@link ConstIndex}).
 *
 * <pre>
 * Given:
 *   %w1 = const() {val = fp32[2] [0.5, 0.25]}
 *   %w2 = const() {val = fp32[2] [0.5, 0.25]}
 *   %a = mul(x = %x, y = %w1)
 *   %b = mul(x = %a, y = %w2)
 * Result:
 *   %w1 = const() {val = fp32[2] [0.5, 0.25]}
 *   %a = mul(x = %x, y = %w1)
 *   %b = mul(x = %a, y = %w1)
 * </pre>
 */
public final class ConstDeduplicationPass implements Pass {
    public static final String ID = "common::const_deduplication";
    public static final PassOption<Long> MIN_ELEMENTS = PassOption.number("min_elements", 1,
            "only constants with at least this many elements are merged");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "merge equal constants";
    }

    @Override
    public List<PassOption<?>> options() {
        return List.of(MIN_ELEMENTS);
    }

    @Override
    public void run(Program program, PassContext context) {
        long minElements = context.option(MIN_ELEMENTS);
        Rewriter rw = Rewriter.of(context);
        long merged = 0;
        for (Block block : Blocks.all(program)) {
            ConstIndex seen = new ConstIndex();
            for (Operation op : block.operations()) {
                if (op.def() != ConstOp.INSTANCE) {
                    continue;
                }
                TensorValue v = op.output().value().orElseThrow();
                if (v.elementCount() < minElements) {
                    continue;
                }
                Operation first = seen.putIfAbsent(v, op);
                if (first != null && !Blocks.returnsFromBlock(op)) {
                    rw.replace(op.output(), first.output());
                    rw.erase(op);
                    merged++;
                }
            }
        }
        rw.finish();
        context.count("consts_merged", merged);
    }
}
