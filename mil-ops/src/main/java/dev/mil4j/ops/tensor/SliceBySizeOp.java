package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.List;
import java.util.Optional;

/**
 * {@code slice_by_size(x, begin, size)}: the block of {@code x} starting at {@code begin} with extent {@code size}.
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code begin} and
 * {@code size}, int32 vectors of length {@code rank(x)} (iOS17: int8, int16, int32), const or not; {@code size[i] = -1}
 * takes everything from {@code begin[i]} on. Output: {@code x}'s dtype; an extent {@code size[i] = -1} from a const
 * {@code begin} over a symbol {@code S} is {@code S_minus_b}; other unknown extents are fresh symbols unique to this
 * op. Folds when all inputs are const.
 */
public final class SliceBySizeOp extends OpDef {
    /** The iOS15 definition. */
    public static SliceBySizeOp ios15() {
        return new SliceBySizeOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes (for {@code x} and its index inputs). */
    public static SliceBySizeOp ios17() {
        return new SliceBySizeOp(Opset.IOS17);
    }

    private SliceBySizeOp(Opset since) {
        super("slice_by_size", since, since.compareTo(Opset.IOS17) >= 0
                ? InputSpec.builder().tensor("x", "T").tensor("begin", "U").tensor("size", "U")
                        .domain("T", Domains.IOS17_DATA).domain("U", Domains.IOS17_INDEX).build()
                : InputSpec.builder().tensor("x", "T").tensor("begin", DType.INT32).tensor("size", DType.INT32)
                        .domain("T", Domains.IOS15_DATA).build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(outShape(ctx, x.shape())));
    }

    private static Shape outShape(InferenceContext ctx, Shape in) {
        int rank = in.rank();
        for (String name : new String[] {"begin", "size"}) {
            int len = Args.vectorLength(ctx, name);
            if (len != rank) {
                throw new TypeException(name, "has " + len + " entries, but x has rank " + rank);
            }
        }
        long[] begin = ctx.value("begin").map(TensorValue::toLongArray).orElse(null);
        long[] size = ctx.value("size").map(TensorValue::toLongArray).orElse(null);
        Dim[] out = new Dim[rank];
        for (int i = 0; i < rank; i++) {
            Dim d = in.dim(i);
            if (size != null && size[i] < -1) {
                throw new TypeException("size", "has " + size[i] + " at dim " + i + "; use a size >= 0 or -1");
            }
            if (begin != null && (begin[i] < 0 || d.isKnown() && begin[i] > d.size())) {
                throw new TypeException("begin", "is " + begin[i] + " at dim " + i + ", out of range for size " + d);
            }
            if (size != null && size[i] >= 0) {
                if (begin != null && d.isKnown() && begin[i] + size[i] > d.size()) {
                    throw new TypeException("size", "is " + size[i] + " at dim " + i + ", past the end of size " + d
                            + " from begin " + begin[i]);
                }
                out[i] = Dim.of(size[i]);
            } else if (size != null && begin != null) {
                out[i] = DimMath.add(d, -begin[i]);
            } else {
                out[i] = ctx.freshSymbol("d" + i);
            }
        }
        return Shape.of(out);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty() || ctx.value("begin").isEmpty() || ctx.value("size").isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        Shape outShape = outShape(ctx, x.shape());
        if (!Values.foldable(outShape)) {
            return Optional.empty();
        }
        long[] begin = ctx.value("begin").get().toLongArray();
        long[] in = x.shape().toLongArray();
        long[] out = outShape.toLongArray();
        long[] strides = TensorIndex.strides(in);
        long[] idx = new long[in.length];
        long[] src = new long[Math.toIntExact(outShape.elementCount().orElseThrow())];
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, out, idx);
            long s = 0;
            for (int k = 0; k < in.length; k++) {
                s += (begin[k] + idx[k]) * strides[k];
            }
            src[i] = s;
        }
        return Optional.of(List.of(Values.take(x, outShape, src)));
    }

    @Override
    public String summary() {
        return "block of a tensor given by its start and size";
    }
}
