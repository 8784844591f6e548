package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code common::cast_optimization}: removes casts that change nothing, and shortens chains of casts whose middle
 * dtype holds every value of the source dtype exactly (a widening such as fp16 to fp32, or int8 to int32), since
 * such a middle step loses nothing. A narrowing middle step (fp32 to fp16 to fp32) rounds, so it stays. Chains
 * shorten in one sweep. Rewritten casts keep the outer cast's name and location.
 *
 * <pre>
 * Given:
 *   %a: fp32[2] = cast(x = %x, dtype = "fp32")     # %x: fp16[2]
 *   %b: fp16[2] = cast(x = %a, dtype = "fp16")
 *   %c: int32[2] = cast(x = %a, dtype = "int32")
 *   %d: int32[2] = cast(x = %c, dtype = "int32")
 *   %e = add(x = %b, y = %d) ...
 * Result:
 *   %c: int32[2] = cast(x = %x, dtype = "int32")
 *   %e = add(x = %x, y = %c) ...
 * </pre>
 */
public final class CastOptimizationPass extends PatternPass {
    public static final String ID = "common::cast_optimization";

    private static final Map<DType, Set<DType>> EXACT_IN = Map.of(
            DType.BOOL, EnumSet.of(DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.INT64,
                    DType.FP16, DType.FP32, DType.FP64),
            DType.INT8, EnumSet.of(DType.INT16, DType.INT32, DType.INT64, DType.FP16, DType.FP32, DType.FP64),
            DType.UINT8, EnumSet.of(DType.INT16, DType.UINT16, DType.INT32, DType.INT64, DType.FP16, DType.FP32,
                    DType.FP64),
            DType.INT16, EnumSet.of(DType.INT32, DType.INT64, DType.FP32, DType.FP64),
            DType.UINT16, EnumSet.of(DType.INT32, DType.INT64, DType.FP32, DType.FP64),
            DType.INT32, EnumSet.of(DType.INT64, DType.FP64),
            DType.FP16, EnumSet.of(DType.FP32, DType.FP64),
            DType.FP32, EnumSet.of(DType.FP64));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "remove casts to the same dtype and shorten cast chains through a lossless middle dtype";
    }

    /** True when every value of {@code from} converts to {@code to} and back unchanged. */
    static boolean holdsExactly(DType to, DType from) {
        return to == from || EXACT_IN.getOrDefault(from, Set.of()).contains(to);
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("cast")) {
            return false;
        }
        Var in = op.requireInput("x");
        DType target = op.output().tensorType().dtype();
        // cast(x: T, T)  ->  x
        if (in.tensorType().dtype() == target) {
            if (!rw.canReplace(op.output(), in)) {
                return false;
            }
            rw.replace(op.output(), in);
            rw.erase(op);
            return true;
        }
        Optional<Operation> inner = Patterns.producer(in, "cast");
        if (inner.isEmpty()) {
            return false;
        }
        Var x = inner.get().requireInput("x");
        DType source = x.tensorType().dtype();
        if (!holdsExactly(in.tensorType().dtype(), source)) {
            return false;
        }
        // cast(cast(x: A, B), A)  ->  x               when B holds every value of A
        if (source == target) {
            if (!rw.canReplace(op.output(), x)) {
                return false;
            }
            rw.replace(op.output(), x);
            rw.eraseIfUnused(List.of(op, inner.get()));
            return true;
        }
        // cast(cast(x: A, B), C)  ->  cast(x, C)      when B holds every value of A
        Var merged = rw.before(op).op("cast").input("x", x).input("dtype", TensorValue.scalar(target.milName()))
                .build().output();
        rw.replaceOp(op, merged);
        rw.eraseIfUnused(List.of(inner.get()));
        return true;
    }
}
