package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.TensorList;
import dev.mil4j.interpreter.Value;
import dev.mil4j.interpreter.ValueKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernels of the list ops: {@code make_list}, {@code list_read}, {@code list_write}, {@code list_length},
 * {@code list_gather} (stacks the chosen elements) and {@code list_scatter} (writes slices of a tensor). Lists are
 * immutable values ({@link TensorList}); a write returns a new list.
 */
final class ListKernels {
    private ListKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("list_gather", ListKernels::gather, KernelRegistry.BUILT_IN);
        r.register("list_length", ctx -> List.of(TensorValue.scalar(ctx.listInput("ls").length())),
                KernelRegistry.BUILT_IN);
        r.register("list_read", ctx -> List.of(ctx.listInput("ls").get(ctx.input("index").scalarLong())),
                KernelRegistry.BUILT_IN);
        r.register("list_scatter", (ValueKernel) ListKernels::scatter, KernelRegistry.BUILT_IN);
        r.register("list_write", (ValueKernel) ListKernels::write, KernelRegistry.BUILT_IN);
        r.register("make_list", (ValueKernel) ListKernels::make, KernelRegistry.BUILT_IN);
    }

    private static List<Value> make(KernelContext ctx) {
        ListType declared = (ListType) ctx.outputTypes().get(0);
        int length = Math.toIntExact(ctx.input("init_length").scalarLong());
        boolean dynamic = ctx.constBoolean("dynamic_length");
        return List.of(TensorList.empty(declared.elementType(), dynamic, length));
    }

    private static List<Value> write(KernelContext ctx) {
        TensorList ls = ctx.listInput("ls");
        return List.of(ls.with(ctx.input("index").scalarLong(), ctx.input("value")));
    }

    private static List<Value> scatter(KernelContext ctx) {
        TensorList ls = ctx.listInput("ls");
        long[] indices = ctx.input("indices").toLongArray();
        TensorValue value = ctx.input("value");
        long[] vs = Tensors.shape(value);
        long[] elem = java.util.Arrays.copyOfRange(vs, 1, vs.length);
        long[] start = new long[vs.length];
        long[] size = vs.clone();
        size[0] = 1;
        for (int i = 0; i < indices.length; i++) {
            start[0] = i;
            TensorValue slice = SliceKernels.strided(value, start, SliceKernels.filled(vs.length, 1), size);
            ls = ls.with(indices[i], slice.reshape(Shape.of(elem)));
        }
        return List.of(ls);
    }

    private static List<TensorValue> gather(KernelContext ctx) {
        TensorList ls = ctx.listInput("ls");
        long[] indices = ctx.input("indices").toLongArray();
        List<TensorValue> parts = new ArrayList<>();
        long[] elem = null;
        for (long i : indices) {
            TensorValue e = ls.get(i);
            elem = Tensors.shape(e);
            long[] one = new long[elem.length + 1];
            one[0] = 1;
            System.arraycopy(elem, 0, one, 1, elem.length);
            parts.add(e.reshape(Shape.of(one)));
        }
        if (parts.isEmpty()) {
            TensorType t = ls.elementType();
            if (!ls.elementShape().isStatic()) {
                throw new IllegalArgumentException("gathering no elements of a list whose element shape "
                        + ls.elementShape() + " is unknown");
            }
            List<Dim> dims = new ArrayList<>(List.of(Dim.of(0)));
            dims.addAll(ls.elementShape().dims());
            return List.of(TensorValue.fromDoubles(t.dtype() == DType.STRING ? DType.FP32 : t.dtype(),
                    Shape.of(dims)));
        }
        long[] out = new long[elem.length + 1];
        out[0] = parts.size();
        System.arraycopy(elem, 0, out, 1, elem.length);
        return List.of(Tensors.concat(parts, 0, out));
    }
}
