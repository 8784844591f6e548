package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import dev.mil4j.ops.ControlFlowOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code If} and {@code Loop} with their nested graphs, to MIL {@code cond} and {@code while_loop}. The subgraphs
 * are translated into the MIL blocks and read the values of the enclosing graphs directly (ONNX's outer-scope
 * capture).
 *
 * <ul>
 *   <li>{@code If(cond)}: {@code cond(pred)} with the two branches as blocks; a constant condition translates only
 *       the branch taken, inline. Both branches must give outputs of one type (MIL's cond has one output type).</li>
 *   <li>{@code Loop(M, cond, v...)}: {@code while_loop} over {@code (i, cond, v..., scan lists...)}: the cond block
 *       tests {@code i < M} and/or {@code cond} (a missing {@code cond} is true and the body's condition output is
 *       ignored, as ONNX says); the body block translates the body graph with {@code (i, cond, v...)} and returns
 *       {@code (i + 1, cond_out, v'...)}; each scan output is written into a list at index {@code i} and stacked
 *       after the loop ({@code list_gather} over {@code 0 .. list_length}). A loop-carried value whose sizes change
 *       between iterations gets symbols for those dims in its block input (found by a first attempt that is then
 *       dropped), and the body's value is retyped to them by an identity {@code slice_by_index} ending at its
 *       run-time shape (a while_loop body returns exactly its input types); dtype and rank must stay. Scan outputs
 *       need a static element shape (declared by the body graph, or the one its translation gives).</li>
 *   <li>{@code Scan}: unrolled over its static length ({@link ScanTranslation}).</li>
 * </ul>
 */
final class ControlFlowTranslations {
    private static final Set<DType> LIST_DTYPES = Set.of(DType.FP16, DType.FP32, DType.INT32, DType.BOOL);

    private ControlFlowTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("If", 1, ControlFlowTranslations::ifNode),
                OnnxTranslations.of("Loop", 1, ControlFlowTranslations::loop),
                OnnxTranslations.of("Scan", 8, ScanTranslation::scan8),
                OnnxTranslations.of("Scan", 9, ScanTranslation::scan));
    }

    private static List<Var> ifNode(OnnxNode n, OnnxTranslationContext c) {
        Var pred = scalar(c.builder(), c.input(0), DType.BOOL);
        Optional<TensorValue> known = pred.value();
        if (known.isPresent()) {
            // the condition is known now: the branch taken is all there is
            return c.subgraph(known.get().scalarBoolean() ? "then_branch" : "else_branch", c.builder(), List.of());
        }
        return ControlFlowOps.cond(c.builder(), pred,
                (inner, in) -> c.subgraph("then_branch", inner, List.of()),
                (inner, in) -> c.subgraph("else_branch", inner, List.of()));
    }

    private static List<Var> loop(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        GraphProto body = c.graph("body");
        Optional<Var> tripCount = c.optionalInput(0).map(v -> scalar(b, v, DType.INT32));
        Optional<Var> cond = c.optionalInput(1).map(v -> scalar(b, v, DType.BOOL));
        if (tripCount.isEmpty() && cond.isEmpty()) {
            throw c.error("has neither a trip count M nor a condition, so it never ends",
                    "give the Loop a trip count or a condition");
        }
        List<Var> carried = c.inputs(2);
        int nCarried = carried.size();
        int nScan = body.getOutputCount() - 1 - nCarried;
        if (body.getInputCount() != 2 + nCarried || nScan < 0) {
            throw c.error("has " + nCarried + " loop-carried values, but its body takes " + body.getInputCount()
                    + " inputs and returns " + body.getOutputCount() + " values (expected " + (2 + nCarried)
                    + " inputs and at least " + (1 + nCarried) + " outputs)", "the model is invalid; check it with "
                    + "onnx.checker");
        }
        List<Var> loopVars = new ArrayList<>();
        loopVars.add(b.constant(TensorValue.scalar(0), "iteration"));
        loopVars.add(cond.orElseGet(() -> b.constant(TensorValue.scalar(true), "condition")));
        loopVars.addAll(carried);
        Map<String, ValueType> blockInputs = new LinkedHashMap<>();
        for (int i = 0; i < 2 + nCarried; i++) {
            put(blockInputs, body.getInput(i).getName(), loopVars.get(i).type());
        }
        List<TensorType> scanTypes = scanTypes(c, body, loopVars, blockInputs, nCarried, nScan);
        for (int k = 0; k < nScan; k++) {
            Var list = ControlFlowOps.makeList(b, scanTypes.get(k), 0, true);
            loopVars.add(list);
            put(blockInputs, body.getOutput(1 + nCarried + k).getName() + "_list", list.type());
        }
        // a carried value whose shape changes makes a first attempt fail: its changing dims become symbols, and
        // the body's value is retyped to them
        List<String> names = new ArrayList<>(blockInputs.keySet());
        List<Var> results = null;
        for (int attempt = 0; results == null; attempt++) {
            Block[] built = new Block[2];
            try {
                results = whileLoop(c, body, loopVars, blockInputs, tripCount, cond, nCarried, nScan, built);
            } catch (ShapeChanges changes) {
                drop(built[0]);
                drop(built[1]);
                if (attempt > 0) {
                    throw new IllegalStateException("the loop-carried types did not settle", changes);
                }
                changes.generalized.forEach((k, t) -> blockInputs.put(names.get(2 + k), t));
            }
        }
        List<Var> out = new ArrayList<>(results.subList(2, 2 + nCarried));
        for (int k = 0; k < nScan; k++) {
            Var list = results.get(2 + nCarried + k);
            Var length = ControlFlowOps.listLength(b, list);
            Var indices = MathOps.range1d(b, b.constant(TensorValue.scalar(0)), length,
                    b.constant(TensorValue.scalar(1)));
            out.add(ControlFlowOps.listGather(b, list, indices));
        }
        return out;
    }

    /** The carried values (by index) whose shape changes, with the block input types that hold every iteration. */
    private static final class ShapeChanges extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Map<Integer, TensorType> generalized;

        ShapeChanges(Map<Integer, TensorType> generalized) {
            super(null, null, false, false);
            this.generalized = generalized;
        }
    }

    /**
     * Builds the while_loop with the given block input types. A carried value that leaves the body with a type its
     * block input cannot hold is either retyped (when the block input has symbols where the sizes differ) or
     * reported as a {@link ShapeChanges} (same dtype and rank: try again with symbols there); anything else is an
     * error. {@code built} receives the blocks so a failed attempt can be dropped.
     */
    private static List<Var> whileLoop(OnnxTranslationContext c, GraphProto body, List<Var> loopVars,
            Map<String, ValueType> blockInputs, Optional<Var> tripCount, Optional<Var> cond, int nCarried, int nScan,
            Block[] built) {
        return c.builder().op("while_loop").inputs("loop_vars", loopVars).block(blockInputs, (inner, in) -> {
            built[0] = inner.block();
            if (tripCount.isEmpty()) {
                return List.of(in.get(1));
            }
            Var below = MathOps.less(inner, in.get(0), tripCount.get());
            return List.of(cond.isEmpty() ? below : MathOps.logicalAnd(inner, below, in.get(1)));
        }).block(blockInputs, (inner, in) -> {
            built[1] = inner.block();
            List<Var> outs = new ArrayList<>(c.subgraph("body", inner, in.subList(0, 2 + nCarried)));
            Map<Integer, TensorType> changes = new LinkedHashMap<>();
            for (int k = 0; k < nCarried; k++) {
                ValueType before = in.get(2 + k).type();
                ValueType after = outs.get(1 + k).type();
                if (after.equals(before)) {
                    continue;
                }
                if (before instanceof TensorType tb && after instanceof TensorType ta && holds(tb, ta)) {
                    outs.set(1 + k, retype(inner, outs.get(1 + k), tb));
                } else if (before instanceof TensorType tb && after instanceof TensorType ta
                        && tb.dtype() == ta.dtype() && tb.rank() == ta.rank()) {
                    changes.put(k, generalize(inner, tb, ta, body.getInput(2 + k).getName()));
                } else {
                    throw c.error("loop-carried value `" + body.getInput(2 + k).getName() + "` enters the body as "
                            + before + " but leaves it as " + after + ": MIL's while_loop needs every loop-carried "
                            + "value to keep its dtype and rank across iterations", "only sizes may change between "
                            + "iterations");
                }
            }
            if (!changes.isEmpty()) {
                throw new ShapeChanges(changes);
            }
            List<Var> next = new ArrayList<>();
            next.add(MathOps.add(inner, in.get(0), 1));
            next.add(cond.isPresent() ? scalar(inner, outs.get(0), DType.BOOL) : in.get(1));
            next.addAll(outs.subList(1, 1 + nCarried));
            for (int k = 0; k < nScan; k++) {
                next.add(ControlFlowOps.listWrite(inner, in.get(2 + nCarried + k), in.get(0),
                        outs.get(1 + nCarried + k)));
            }
            return next;
        }).outputs();
    }

    /** Whether a block input of type {@code general} holds {@code specific}: same dtype and rank, symbols or equal. */
    private static boolean holds(TensorType general, TensorType specific) {
        if (general.dtype() != specific.dtype() || general.rank() != specific.rank()) {
            return false;
        }
        for (int i = 0; i < general.rank(); i++) {
            Dim g = general.shape().dim(i);
            if (g.isKnown() && !g.equals(specific.shape().dim(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code before} with a fresh symbol wherever {@code after} differs. */
    private static TensorType generalize(Builder b, TensorType before, TensorType after, String name) {
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < before.rank(); i++) {
            Dim d = before.shape().dim(i);
            dims.add(d.equals(after.shape().dim(i)) ? d
                    : Dim.symbol(b.function().freshName(OnnxTypes.sanitize(name, "loop_var") + "_d" + i)));
        }
        return before.withShape(Shape.of(dims));
    }

    /**
     * {@code v} (same dtype and rank as {@code target}) typed as {@code target}: an identity slice whose end is
     * {@code v}'s run-time shape along the dims that differ, so their sizes are known only at run time and may take
     * the target's symbols.
     */
    private static Var retype(Builder b, Var v, TensorType target) {
        int rank = target.rank();
        boolean[] whole = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            whole[i] = target.shape().dim(i).equals(v.tensorType().shape().dim(i));
        }
        return b.op("slice_by_index").input("x", v).input("begin", TensorValue.vector(new int[rank]))
                .input("end", MathOps.shape(b, v))
                .input("begin_mask", TensorValue.ofBools(Shape.of(rank), whole))
                .input("end_mask", TensorValue.ofBools(Shape.of(rank), whole))
                .declaredOutputTypes(List.of(target)).output();
    }

    /**
     * The element types of the scan outputs: as the body graph declares them when static, else as a trial
     * translation of the body (into a block that is then dropped) gives them.
     */
    private static List<TensorType> scanTypes(OnnxTranslationContext c, GraphProto body, List<Var> loopVars,
            Map<String, ValueType> blockInputs, int nCarried, int nScan) {
        List<TensorType> out = new ArrayList<>();
        List<ValueType> translated = null;
        for (int k = 0; k < nScan; k++) {
            ValueInfoProto vi = body.getOutput(1 + nCarried + k);
            Optional<TensorType> declared = declared(vi.getType());
            if (declared.isEmpty() && translated == null) {
                translated = trial(c, loopVars, blockInputs);
            }
            ValueType t = declared.isPresent() ? declared.get() : translated.get(1 + nCarried + k);
            if (!(t instanceof TensorType tt) || !tt.shape().isStatic() || !LIST_DTYPES.contains(tt.dtype())) {
                throw c.error("scan output `" + vi.getName() + "` has type " + t + "; a scan output becomes a MIL "
                        + "list, whose elements need a static shape and dtype fp16, fp32, int32 or bool");
            }
            out.add(tt);
        }
        return out;
    }

    /** The static tensor type an ONNX value info declares, if it declares one. */
    private static Optional<TensorType> declared(TypeProto type) {
        if (!type.hasTensorType() || !type.getTensorType().hasShape()) {
            return Optional.empty();
        }
        var tt = type.getTensorType();
        Optional<DType> dtype = OnnxTypes.milDtype(tt.getElemType());
        List<Dim> dims = new ArrayList<>();
        for (var d : tt.getShape().getDimList()) {
            if (!d.hasDimValue() || d.getDimValue() < 0) {
                return Optional.empty();
            }
            dims.add(Dim.of(d.getDimValue()));
        }
        return dtype.map(t -> new TensorType(t, Shape.of(dims)));
    }

    /** Translates the body once into a block of an op that is never inserted, and drops it: the output types. */
    private static List<ValueType> trial(OnnxTranslationContext c, List<Var> loopVars,
            Map<String, ValueType> blockInputs) {
        List<ValueType> types = new ArrayList<>();
        Block[] scratch = new Block[1];
        c.builder().op("while_loop").inputs("loop_vars", loopVars).block(blockInputs, (inner, in) -> {
            scratch[0] = inner.block();
            List<Var> outs = c.subgraph("body", inner, in);
            outs.forEach(v -> types.add(v.type()));
            return outs;
        });
        drop(scratch[0]);
        return types;
    }

    /** Erases every op of a block that belongs to no op, so the values it read lose those uses. */
    private static void drop(Block block) {
        if (block == null) {
            return;
        }
        block.setOutputs(List.of());
        List<Operation> ops = block.operationList();
        Collections.reverse(ops);
        for (Operation op : ops) {
            block.erase(op);
        }
    }

    /** {@code v} as a scalar of {@code dtype} (ONNX allows one-element tensors and other dtypes here). */
    private static Var scalar(Builder b, Var v, DType dtype) {
        Var s = v.tensorType().rank() == 0 ? v : TensorOps.squeeze(b, v);
        if (s.tensorType().rank() != 0) {
            s = TensorOps.reshape(b, s);
        }
        return s.tensorType().dtype() == dtype ? s : MathOps.cast(b, s, dtype);
    }

    private static void put(Map<String, ValueType> inputs, String name, ValueType type) {
        String n = OnnxTypes.sanitize(name, "loop_var");
        String unique = n;
        for (int i = 1; inputs.containsKey(unique); i++) {
            unique = n + "_" + i;
        }
        inputs.put(unique, type);
    }
}
