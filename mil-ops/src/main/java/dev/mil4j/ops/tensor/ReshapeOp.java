package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.Symbolic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code reshape(x, shape)}: the elements of {@code x} in a new shape of the same element count.
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code shape}, a 1-D
 * int32 tensor (iOS17: int8, int16, int32), const or not. In {@code shape}, {@code -1} (at most once) stands for the
 * size that keeps the element count, and {@code 0} copies a dim of {@code x}: in iOS15 only when
 * {@code len(shape) == rank(x)}, position by position; from iOS17 aligned from the right, where a {@code 0} without a
 * matching dim of {@code x} becomes 1.
 *
 * <p>Output: a tensor of {@code x}'s dtype. With symbolic dims in {@code x}, a {@code -1} keeps the symbols left over
 * after matching the other dims (e.g. {@code [B, 4] -> [2, -1]} is {@code [2, B_x_2]}); when {@code shape} is not
 * const every output dim is a fresh symbol unique to this op (a size known only at run time). Folds when {@code x}
 * and {@code shape} are const.
 */
public final class ReshapeOp extends OpDef {
    private final boolean rightAlignedZeros;

    /** The iOS15 definition: a {@code 0} in {@code shape} copies the dim at its position. */
    public static ReshapeOp ios15() {
        return new ReshapeOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes; a {@code 0} in {@code shape} copies dims aligned from the right. */
    public static ReshapeOp ios17() {
        return new ReshapeOp(Opset.IOS17);
    }

    private ReshapeOp(Opset since) {
        super("reshape", since, since.compareTo(Opset.IOS17) >= 0
                ? InputSpec.builder().tensor("x", "T").tensor("shape", "U")
                        .domain("T", Domains.IOS17_DATA).domain("U", Domains.IOS17_INDEX).build()
                : InputSpec.builder().tensor("x", "T").tensor("shape", DType.INT32)
                        .domain("T", Domains.IOS15_DATA).build());
        this.rightAlignedZeros = since.compareTo(Opset.IOS17) >= 0;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        int k = Args.vectorLength(ctx, "shape");
        Optional<TensorValue> target = ctx.value("shape");
        if (target.isPresent()) {
            return List.of(x.withShape(resolve(x.shape(), target.get().toLongArray(), new Dim[k])));
        }
        Optional<List<SymbolicInt>> symbolic = ctx.symbolicValue("shape");
        if (symbolic.isPresent() && symbolic.get().size() == k) {
            long[] numbers = new long[k];
            Dim[] symbols = new Dim[k];
            for (int i = 0; i < k; i++) {
                SymbolicInt e = symbolic.get().get(i);
                if (e.isKnown()) {
                    numbers[i] = e.value();
                } else {
                    symbols[i] = e.toDim();
                }
            }
            return List.of(x.withShape(resolve(x.shape(), numbers, symbols)));
        }
        Dim[] dims = new Dim[k];
        for (int i = 0; i < k; i++) {
            dims[i] = ctx.freshSymbol("d" + i);
        }
        return List.of(x.withShape(Shape.of(dims)));
    }

    /**
     * The output shape for a target whose element {@code i} is {@code symbols[i]} when that is not null (a run-time
     * size known by name) and the number {@code target[i]} otherwise.
     */
    private Shape resolve(Shape in, long[] target, Dim[] symbols) {
        String shown = describe(target, symbols);
        Dim[] out = new Dim[target.length];
        int minusOne = -1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (symbols[i] != null) {
                out[i] = symbols[i];
            } else if (t == -1) {
                if (minusOne >= 0) {
                    throw new TypeException("shape", "has more than one -1: " + shown);
                }
                minusOne = i;
            } else if (t < -1) {
                throw new TypeException("shape", "has " + t + " at position " + i
                        + "; use sizes >= 0, -1 (inferred) or 0 (copied from x)");
            } else if (t == 0) {
                out[i] = copiedDim(in, target.length, shown, i);
            } else {
                out[i] = Dim.of(t);
            }
        }
        Factors have = Factors.of(in.dims(), "x");
        List<Dim> given = new ArrayList<>(target.length);
        for (Dim d : out) {
            if (d != null) {
                given.add(d);
            }
        }
        Factors want = Factors.of(given, "shape");
        if (minusOne >= 0) {
            out[minusOne] = inferred(in, shown, have, want);
        } else if (have.symbols.equals(want.symbols) && have.known != want.known) {
            throw new TypeException("shape", "is " + shown + ", which holds a different number of "
                    + "elements than x " + in);
        }
        return Shape.of(out);
    }

    private static String describe(long[] target, Dim[] symbols) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < target.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(symbols[i] != null ? symbols[i].toString() : Long.toString(target[i]));
        }
        return sb.append(']').toString();
    }

    private Dim copiedDim(Shape in, int length, String shown, int i) {
        if (!rightAlignedZeros) {
            if (length != in.rank()) {
                throw new TypeException("shape", "has a 0 (copy a dim of x), so it needs length " + in.rank()
                        + " (the rank of x), got " + shown + "; from iOS17 0s align from the right");
            }
            return in.dim(i);
        }
        int j = in.rank() - (length - i);
        return j >= 0 ? in.dim(j) : Dim.of(1);
    }

    private static Dim inferred(Shape in, String shown, Factors have, Factors want) {
        List<Dim> rest = new ArrayList<>(have.symbols);
        boolean covered = true;
        for (Dim s : want.symbols) {
            covered &= rest.remove(s);
        }
        if (covered && want.known != 0 && have.known % want.known == 0) {
            Dim d = Dim.of(have.known / want.known);
            for (Dim s : rest) {
                d = DimMath.mul(d, s);
            }
            return d;
        }
        if (covered && rest.isEmpty()) {
            throw new TypeException("shape", "is " + shown + ", but x " + in + " has "
                    + have.known + " elements, which the other dims (" + want.known + ") do not divide");
        }
        return DimMath.derived("reshape", in.toCompactString(), "to", shown);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        if (x.isEmpty() || ctx.value("shape").isEmpty()) {
            return Optional.empty();
        }
        long[] target = ctx.value("shape").get().toLongArray();
        Shape out = resolve(x.get().shape(), target, new Dim[target.length]);
        return Optional.of(List.of(x.get().reshape(out)));
    }

    /** A product of dims split into its known part and its symbols. */
    private record Factors(long known, List<Dim> symbols) {
        /** @throws TypeException naming {@code input} when the known dims multiply past 64 bits */
        static Factors of(List<Dim> dims, String input) {
            long k = 1;
            List<Dim> s = new ArrayList<>();
            for (Dim d : dims) {
                if (d.isKnown()) {
                    try {
                        k = Math.multiplyExact(k, d.size());
                    } catch (ArithmeticException e) {
                        throw new TypeException(input, "has dims " + dims + " whose product overflows 64 bits; no "
                                + "tensor has that many elements");
                    }
                } else {
                    s.add(d);
                }
            }
            s.sort((a, b) -> a.toString().compareTo(b.toString()));
            return new Factors(k, s);
        }
    }

    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        return Symbolic.passThrough(ctx);
    }

    @Override
    public String summary() {
        return "same elements in a new shape";
    }
}
