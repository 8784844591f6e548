package dev.mil4j.frontend.pytorch;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.graph.TorchBlock;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link TorchTranslation} works with for one node: the MIL {@link Builder} (its location is the node's), and
 * the node's inputs, addressed by position and, when the code passed them by keyword, by name. Inputs can be read as
 * MIL vars (literals become constants: ints as int32, floats as fp32) or as values known at conversion time
 * (literals and folded constants).
 */
public final class TorchTranslationContext {
    private final TorchNode node;
    private final Builder builder;
    private final Function<TorchValue.Ref, Var> resolver;
    private final BlockTranslator blocks;

    /** Translates a nested block of a node into the builder of a MIL block. */
    @FunctionalInterface
    interface BlockTranslator {
        List<Var> translate(TorchBlock block, Builder inner, List<Var> inputs);
    }

    TorchTranslationContext(TorchNode node, Builder builder, Function<TorchValue.Ref, Var> resolver,
            BlockTranslator blocks) {
        this.node = requireNonNull(node, "node is null");
        this.builder = requireNonNull(builder, "builder is null");
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.blocks = requireNonNull(blocks, "blocks is null");
    }

    /**
     * Translates nested block {@code index} of the node ({@code prim::If} branches, {@code prim::Loop} condition and
     * body) into {@code inner}, the builder of the MIL block being built (as given to a {@link Builder.BlockBody}),
     * with the block's inputs bound to {@code inputs}; returns the block's outputs as vars made in that block.
     */
    public List<Var> translateBlock(int index, Builder inner, List<Var> inputs) {
        requireNonNull(inner, "inner is null");
        requireNonNull(inputs, "inputs is null");
        if (index < 0 || index >= node.blocks().size()) {
            throw error("`" + node.kind() + "` has " + node.blocks().size() + " nested blocks, not " + (index + 1));
        }
        return blocks.translate(node.blocks().get(index), inner, inputs);
    }

    public TorchNode node() {
        return node;
    }

    /** The builder, appending to the current block with the node's location. */
    public Builder builder() {
        return builder;
    }

    /** An input by position, or else by keyword; empty when neither was given. */
    public Optional<TorchValue> input(int position, String keyword) {
        if (position >= 0 && position < node.inputs().size()) {
            return Optional.of(node.inputs().get(position));
        }
        return Optional.ofNullable(node.keywords().get(keyword));
    }

    /** Whether an input was given and is not {@code None}. */
    public boolean isPresent(int position, String keyword) {
        return input(position, keyword).filter(v -> !(v instanceof TorchValue.Literal l && l.isNone())).isPresent();
    }

    private TorchValue required(int position, String keyword) {
        return input(position, keyword).orElseThrow(() -> error("`" + node.kind() + "` needs input `" + keyword
                + "` (position " + position + ")"));
    }

    /** A required input as a MIL var. */
    public Var tensor(int position, String keyword) {
        return var(required(position, keyword));
    }

    /** An optional input as a MIL var; empty when absent or {@code None}. */
    public Optional<Var> optionalTensor(int position, String keyword) {
        return isPresent(position, keyword) ? Optional.of(var(required(position, keyword))) : Optional.empty();
    }

    /** A value as a MIL var: refs resolve to their vars, literals and lists become constants or concatenations. */
    public Var var(TorchValue v) {
        if (v instanceof TorchValue.Ref r) {
            return resolver.apply(r);
        }
        if (v instanceof TorchValue.Literal l) {
            Object x = l.value();
            if (x instanceof Long n) {
                return builder.constant(TensorValue.scalar(Math.toIntExact(n)));
            }
            if (x instanceof Double d) {
                return builder.constant(TensorValue.scalar(d.floatValue()));
            }
            if (x instanceof Boolean b) {
                return builder.constant(TensorValue.scalar(b));
            }
            if (x instanceof String s) {
                return builder.constant(TensorValue.scalar(s));
            }
            throw error("`" + node.kind() + "` got None where a value is needed");
        }
        TorchValue.Sequence seq = (TorchValue.Sequence) v;
        Optional<long[]> ints = knownInts(seq);
        if (ints.isPresent()) {
            int[] out = new int[ints.get().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.toIntExact(ints.get()[i]);
            }
            return builder.constant(TensorValue.vector(out));
        }
        Optional<double[]> doubles = knownDoubles(seq);
        if (doubles.isPresent()) {
            float[] f = new float[doubles.get().length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) doubles.get()[i];
            }
            return builder.constant(TensorValue.ofFloats(Shape.of(f.length), f));
        }
        List<Var> parts = new ArrayList<>();
        for (TorchValue item : seq.items()) {
            Var part = var(item);
            if (part.tensorType().rank() == 0) {
                part = TensorOps.expandDims(builder, part, 0);
            }
            parts.add(part);
        }
        return TensorOps.concat(builder, parts, 0);
    }

    /** The items of a list input as MIL vars ({@code torch.cat([a, b], 1)}). */
    public List<Var> tensorList(int position, String keyword) {
        TorchValue v = required(position, keyword);
        if (!(v instanceof TorchValue.Sequence seq)) {
            throw error("`" + node.kind() + "` input `" + keyword + "` must be a list of tensors, got " + v);
        }
        List<Var> out = new ArrayList<>();
        for (TorchValue item : seq.items()) {
            out.add(var(item));
        }
        return out;
    }

    /** A value known at conversion time (a literal or a folded constant), as a number. */
    public Optional<Double> knownNumber(TorchValue v) {
        if (v instanceof TorchValue.Literal l) {
            if (l.value() instanceof Number n) {
                return Optional.of(n.doubleValue());
            }
            if (l.value() instanceof Boolean b) {
                return Optional.of(b ? 1.0 : 0.0);
            }
            return Optional.empty();
        }
        if (v instanceof TorchValue.Ref r) {
            Optional<TensorValue> value = resolver.apply(r).value();
            if (value.isPresent() && value.get().elementCount() == 1 && value.get().dtype() != DType.STRING) {
                return Optional.of(value.get().scalarDouble());
            }
        }
        return Optional.empty();
    }

    public long intValue(int position, String keyword) {
        TorchValue v = required(position, keyword);
        return knownNumber(v).map(Double::longValue).orElseThrow(() -> error("`" + node.kind() + "` input `"
                + keyword + "` must be an integer known at conversion time, got " + v));
    }

    public long intValue(int position, String keyword, long dflt) {
        return isPresent(position, keyword) ? intValue(position, keyword) : dflt;
    }

    public double doubleValue(int position, String keyword) {
        TorchValue v = required(position, keyword);
        return knownNumber(v).orElseThrow(() -> error("`" + node.kind() + "` input `" + keyword
                + "` must be a number known at conversion time, got " + v));
    }

    public double doubleValue(int position, String keyword, double dflt) {
        return isPresent(position, keyword) ? doubleValue(position, keyword) : dflt;
    }

    public boolean boolValue(int position, String keyword, boolean dflt) {
        return isPresent(position, keyword) ? doubleValue(position, keyword) != 0 : dflt;
    }

    public Optional<String> stringValue(int position, String keyword) {
        return input(position, keyword).flatMap(v -> v instanceof TorchValue.Literal l && l.value() instanceof String s
                ? Optional.of(s) : Optional.empty());
    }

    /**
     * A list of integers known at conversion time ({@code [0, 2, 1, 3]}, or a 1-d tensor that folded to a constant);
     * a single integer is a list of one.
     */
    public long[] intList(int position, String keyword) {
        TorchValue v = required(position, keyword);
        if (v instanceof TorchValue.Sequence seq) {
            return knownInts(seq).orElseThrow(() -> error("`" + node.kind() + "` input `" + keyword
                    + "` must be integers known at conversion time, got " + seq));
        }
        if (v instanceof TorchValue.Ref r) {
            // a list the model computes (a shape sliced in the code) that folded to a constant vector
            Optional<TensorValue> value = resolver.apply(r).value();
            if (value.isPresent() && value.get().shape().rank() == 1 && value.get().dtype() != DType.STRING) {
                long[] out = new long[(int) value.get().elementCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (long) value.get().getDouble(i);
                }
                return out;
            }
        }
        return new long[] {intValue(position, keyword)};
    }

    public int[] intArray(int position, String keyword) {
        long[] l = intList(position, keyword);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    private Optional<long[]> knownInts(TorchValue.Sequence seq) {
        long[] out = new long[seq.items().size()];
        for (int i = 0; i < out.length; i++) {
            TorchValue item = seq.items().get(i);
            if (item instanceof TorchValue.Literal l && l.value() instanceof Double) {
                return Optional.empty();
            }
            Optional<Double> n = knownNumber(item);
            if (n.isEmpty() || n.get() != Math.rint(n.get())) {
                return Optional.empty();
            }
            out[i] = n.get().longValue();
        }
        return Optional.of(out);
    }

    private Optional<double[]> knownDoubles(TorchValue.Sequence seq) {
        double[] out = new double[seq.items().size()];
        for (int i = 0; i < out.length; i++) {
            Optional<Double> n = knownNumber(seq.items().get(i));
            if (n.isEmpty()) {
                return Optional.empty();
            }
            out[i] = n.get();
        }
        return Optional.of(out);
    }

    /** A scalar constant of the given dtype. */
    public Var scalar(double value, DType dtype) {
        return builder.constant(TensorValue.fromDoubles(dtype, Shape.scalar(), value));
    }

    /** The var cast to {@code dtype} (itself when it has that dtype already). */
    public Var cast(Var x, DType dtype) {
        return x.tensorType().dtype() == dtype ? x : MathOps.cast(builder, x, dtype);
    }

    public TensorType type(Var x) {
        return x.tensorType();
    }

    /** An error about this node, located at its module path and code line. */
    public ConversionException error(String message) {
        return new ConversionException(Diagnostic.error(message).at(node.location()));
    }

    static boolean isNone(TorchValue v) {
        return v instanceof TorchValue.Literal l && l.value() == PyNone.NONE;
    }
}
