package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.ControlFlowOps;
import dev.mil4j.ops.MathOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TensorFlow 2 functional control flow and calls, whose bodies are functions of the graph's function library:
 * {@code If}/{@code StatelessIf} become {@code cond} (each branch function translated into its block),
 * {@code While}/{@code StatelessWhile} become {@code while_loop} (the cond and body functions translated into its
 * blocks, the loop vars as block inputs), {@code PartitionedCall}/{@code StatefulPartitionedCall} are inlined.
 */
final class ControlFlowTranslations {
    private ControlFlowTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("If", ControlFlowTranslations::ifOp, "StatelessIf"),
                TfTranslations.of("PartitionedCall", (n, c) -> c.callFunction("f", c.builder(), c.inputs(0)),
                        "StatefulPartitionedCall"),
                TfTranslations.of("While", ControlFlowTranslations::whileOp, "StatelessWhile"));
    }

    /**
     * {@code If(cond, inputs...)}: {@code cond} over blocks that translate {@code then_branch} and
     * {@code else_branch} on the inputs (blocks see outer values). A constant predicate inlines the branch it picks.
     */
    private static List<Var> ifOp(TfNode n, TfTranslationContext c) {
        List<Var> args = c.inputs(1);
        Var pred = predicate(c, c.builder(), c.input(0), "cond");
        Optional<TensorValue> known = pred.value();
        if (known.isPresent()) {
            return c.callFunction(known.get().scalarBoolean() ? "then_branch" : "else_branch", c.builder(), args);
        }
        return ControlFlowOps.cond(c.builder(), pred, (inner, ins) -> c.callFunction("then_branch", inner, args),
                (inner, ins) -> c.callFunction("else_branch", inner, args));
    }

    /**
     * {@code While(inputs...)}: {@code while_loop} over the inputs; the cond block translates {@code cond} (its
     * result made a bool scalar), the body block translates {@code body}. A dim that the node's
     * {@code output_shapes} leave unknown becomes a symbol in the block inputs, so the loop may change it.
     */
    private static List<Var> whileOp(TfNode n, TfTranslationContext c) {
        List<Var> loopVars = c.inputs(0);
        if (loopVars.isEmpty()) {
            throw c.error("has no loop variables");
        }
        List<ValueType> types = new ArrayList<>();
        List<TensorShapeProto> shapes = n.attr("output_shapes").map(a -> a.getList().getShapeList())
                .orElse(List.of());
        for (int i = 0; i < loopVars.size(); i++) {
            ValueType t = loopVars.get(i).type();
            if (shapes.size() == loopVars.size() && t instanceof TensorType tt && !shapes.get(i).getUnknownRank()
                    && shapes.get(i).getDimCount() == tt.rank()) {
                List<Dim> dims = new ArrayList<>();
                String base = sanitize(c.location().node()) + "_v" + i + "_d";
                for (int d = 0; d < tt.rank(); d++) {
                    dims.add(shapes.get(i).getDim(d).getSize() < 0 ? Dim.symbol(base + d) : tt.shape().dim(d));
                }
                t = new TensorType(tt.dtype(), Shape.of(dims));
            }
            types.add(t);
        }
        return ControlFlowOps.whileLoop(c.builder(), loopVars, types,
                (inner, ins) -> {
                    List<Var> out = c.callFunction("cond", inner, ins);
                    if (out.size() != 1) {
                        throw c.error("has a cond function with " + out.size() + " outputs; it must have one");
                    }
                    return List.of(predicate(c, inner, out.get(0), "the cond function's output"));
                },
                (inner, ins) -> c.callFunction("body", inner, ins));
    }

    /**
     * A TensorFlow predicate as a bool scalar: a bool scalar as it is, a numeric scalar compared with zero, any other
     * tensor (TensorFlow: true when it has elements) from its static shape.
     */
    private static Var predicate(TfTranslationContext c, Builder b, Var v, String what) {
        if (!(v.type() instanceof TensorType t)) {
            throw c.error(what + " is a " + v.type() + ", not a tensor");
        }
        if (t.rank() == 0) {
            if (t.dtype() == DType.BOOL) {
                return v;
            }
            return MathOps.notEqual(b, v, 0);
        }
        java.util.OptionalLong count = t.shape().elementCount();
        if (count.isEmpty()) {
            throw c.error(what + " has type " + t + "; a non-scalar predicate (true when it has elements) needs a "
                    + "static shape", "make the predicate a bool scalar (e.g. reduce it with tf.reduce_any)");
        }
        return b.constant(TensorValue.scalar(count.getAsLong() > 0));
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
