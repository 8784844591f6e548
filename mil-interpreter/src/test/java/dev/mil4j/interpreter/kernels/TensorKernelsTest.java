package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static dev.mil4j.interpreter.KernelTesting.unary;
import static dev.mil4j.interpreter.KernelTesting.variadic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape, slicing, joining and indexing kernels against hand-computed values. */
class TensorKernelsTest {
    private static final TensorValue X23 = floats(dims(2, 3), 1, 2, 3, 4, 5, 6);
    private static final TensorValue X24 = floats(dims(2, 4), 0, 1, 2, 3, 4, 5, 6, 7);

    @Test
    void reshapeAndTranspose() {
        TensorValue r = unary("reshape", X23, Map.of("shape", TensorValue.vector(3, -1)));
        assertThat(r.shape()).isEqualTo(Shape.of(3, 2));
        TensorValue t = unary("transpose", X23, Map.of("perm", TensorValue.vector(1, 0)));
        assertThat(t.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(t.toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(unary("expand_dims", X23, Map.of("axes", TensorValue.vector(0))).shape())
                .isEqualTo(Shape.of(1, 2, 3));
        assertThat(unary("squeeze", floats(dims(1, 3, 1), 1, 2, 3), Map.of()).shape()).isEqualTo(Shape.of(3));
    }

    @Test
    void concatStackAndSplit() {
        TensorValue a = floats(dims(1, 2), 1, 2);
        TensorValue b = floats(dims(1, 2), 3, 4);
        TensorValue c = variadic("concat", "values", List.of(a, b), Map.of("axis", TensorValue.scalar(1)));
        assertThat(c.shape()).isEqualTo(Shape.of(1, 4));
        assertThat(c.toFloatArray()).containsExactly(1, 2, 3, 4);
        TensorValue i = variadic("concat", "values", List.of(a, b), Map.of("axis", TensorValue.scalar(1),
                "interleave", TensorValue.scalar(true)));
        assertThat(i.toFloatArray()).containsExactly(1, 3, 2, 4);
        TensorValue s = variadic("stack", "values", List.of(floats(dims(2), 1, 2), floats(dims(2), 3, 4)),
                Map.of("axis", TensorValue.scalar(1)));
        assertThat(s.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(s.toFloatArray()).containsExactly(1, 3, 2, 4);
        List<TensorValue> parts = run("split", Map.of("x", floats(dims(4), 1, 2, 3, 4)), Map.of(
                "split_sizes", TensorValue.vector(1, 3), "axis", TensorValue.scalar(0)));
        assertThat(parts.get(0).toFloatArray()).containsExactly(1);
        assertThat(parts.get(1).toFloatArray()).containsExactly(2, 3, 4);
    }

    @Test
    void sliceByIndexWithNegativeStrideMasksAndSqueeze() {
        Map<String, TensorValue> p = new LinkedHashMap<>();
        p.put("begin", TensorValue.vector(0, 3));
        p.put("end", TensorValue.vector(2, 0));
        p.put("stride", TensorValue.vector(1, -1));
        p.put("end_mask", TensorValue.ofBools(Shape.of(2), false, true));
        TensorValue r = unary("slice_by_index", X24, p);
        assertThat(r.shape()).isEqualTo(Shape.of(2, 4));
        assertThat(r.toFloatArray()).containsExactly(3, 2, 1, 0, 7, 6, 5, 4);
        Map<String, TensorValue> q = new LinkedHashMap<>();
        q.put("begin", TensorValue.vector(1, 1));
        q.put("end", TensorValue.vector(2, -1));
        q.put("squeeze_mask", TensorValue.ofBools(Shape.of(2), true, false));
        TensorValue s = unary("slice_by_index", X24, q);
        assertThat(s.shape()).isEqualTo(Shape.of(2));
        assertThat(s.toFloatArray()).containsExactly(5, 6);
        TensorValue bySize = unary("slice_by_size", X24, Map.of("begin", TensorValue.vector(1, 1),
                "size", TensorValue.vector(1, -1)));
        assertThat(bySize.shape()).isEqualTo(Shape.of(1, 3));
        assertThat(bySize.toFloatArray()).containsExactly(5, 6, 7);
    }

    @Test
    void gatherTileAndSelect() {
        Map<String, TensorValue> g = new LinkedHashMap<>();
        g.put("x", floats(dims(3, 2), 1, 2, 3, 4, 5, 6));
        g.put("indices", TensorValue.vector(-1, 0));
        TensorValue gathered = run("gather", g, Map.of("axis", TensorValue.scalar(0))).get(0);
        assertThat(gathered.toFloatArray()).containsExactly(5, 6, 1, 2);
        TensorValue tiled = unary("tile", floats(dims(1, 2), 1, 2), Map.of("reps", TensorValue.vector(2, 2)));
        assertThat(tiled.shape()).isEqualTo(Shape.of(2, 4));
        assertThat(tiled.toFloatArray()).containsExactly(1, 2, 1, 2, 1, 2, 1, 2);
        Map<String, TensorValue> sel = new LinkedHashMap<>();
        sel.put("cond", TensorValue.ofBools(Shape.of(2), true, false));
        sel.put("a", floats(dims(2), 1, 2));
        sel.put("b", floats(dims(1), 10));
        assertThat(run("select", sel, Map.of()).get(0).toFloatArray()).containsExactly(1, 10);
    }

    @Test
    void padModes() {
        TensorValue x = floats(dims(3), 1, 2, 3);
        TensorValue pad = TensorValue.vector(2, 1);
        assertThat(unary("pad", x, Map.of("pad", pad)).toFloatArray()).containsExactly(0, 0, 1, 2, 3, 0);
        assertThat(unary("pad", x, Map.of("pad", pad, "mode", TensorValue.scalar("reflect"))).toFloatArray())
                .containsExactly(3, 2, 1, 2, 3, 2);
        assertThat(unary("pad", x, Map.of("pad", pad, "mode", TensorValue.scalar("replicate"))).toFloatArray())
                .containsExactly(1, 1, 1, 2, 3, 3);
        assertThat(unary("pad", x, Map.of("pad", pad, "constant_val", TensorValue.scalar(9f))).toFloatArray())
                .containsExactly(9, 9, 1, 2, 3, 9);
    }

    @Test
    void depthToSpaceAndTopk() {
        TensorValue d = unary("depth_to_space", floats(dims(1, 4, 1, 1), 1, 2, 3, 4),
                Map.of("block_size", TensorValue.scalar(2)));
        assertThat(d.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(d.toFloatArray()).containsExactly(1, 2, 3, 4);
        List<TensorValue> top = run("topk", Map.of("x", floats(dims(3), 1, 3, 2)), Map.of("k", TensorValue.scalar(2)));
        assertThat(top.get(0).toFloatArray()).containsExactly(3, 2);
        assertThat(top.get(1).toIntArray()).containsExactly(1, 2);
    }

    @Test
    void oneHot() {
        // depth 3 along the new last axis; 3 is out of range, so its vector is all off
        TensorValue h = run("one_hot", Map.of("indices", TensorValue.vector(1, 3)),
                Map.of("one_hot_vector_size", TensorValue.scalar(3))).get(0);
        assertThat(h.dtype()).isEqualTo(DType.INT32);
        assertThat(h.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(h.toIntArray()).containsExactly(0, 1, 0, 0, 0, 0);
        TensorValue first = run("one_hot", Map.of("indices", TensorValue.vector(0, 2)), Map.of(
                "one_hot_vector_size", TensorValue.scalar(3), "axis", TensorValue.scalar(0),
                "on_value", TensorValue.scalar(5f), "off_value", TensorValue.scalar(-1f))).get(0);
        assertThat(first.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(first.toFloatArray()).containsExactly(5, -1, -1, -1, -1, 5);
    }

    @Test
    void scatterAddsAndUpdatesSlices() {
        TensorValue add = run("scatter", Map.of("data", floats(dims(3, 2), 1, 2, 3, 4, 5, 6)), Map.of(
                "indices", TensorValue.vector(2, 0), "updates", floats(dims(2, 2), 10, 20, 30, 40))).get(0);
        assertThat(add.toFloatArray()).containsExactly(31, 42, 3, 4, 15, 26);
        // along axis 1, -1 is the last column
        TensorValue upd = run("scatter", Map.of("data", X23), Map.of("indices", TensorValue.vector(0, -1),
                "updates", floats(dims(2, 2), 7, 8, 9, 10), "axis", TensorValue.scalar(1),
                "mode", TensorValue.scalar("update"))).get(0);
        assertThat(upd.toFloatArray()).containsExactly(7, 2, 8, 9, 5, 10);
        TensorValue half = run("scatter", Map.of("data", X23.cast(DType.FP16)), Map.of(
                "indices", TensorValue.vector(1), "updates", floats(dims(1, 3), 3, 3, 3).cast(DType.FP16),
                "mode", TensorValue.scalar("div"))).get(0);
        assertThat(half.dtype()).isEqualTo(DType.FP16);
        // 4/3 and 5/3 rounded to fp16
        assertThat(half.toFloatArray()).containsExactly(1, 2, 3, 1.3330078f, 1.6669922f, 2);
    }

    @Test
    void scatterAlongAxis() {
        TensorValue add = run("scatter_along_axis", Map.of("data", X23), Map.of(
                "indices", TensorValue.ofInts(Shape.of(2, 1), 2, 0), "updates", floats(dims(2, 1), 10, 20),
                "axis", TensorValue.scalar(1))).get(0);
        assertThat(add.toFloatArray()).containsExactly(1, 2, 13, 24, 5, 6);
        TensorValue max = run("scatter_along_axis", Map.of("data", X23), Map.of(
                "indices", TensorValue.ofInts(Shape.of(1, 3), 1, 0, 1), "updates", floats(dims(1, 3), 0, 9, 7),
                "mode", TensorValue.scalar("max"))).get(0);
        assertThat(max.toFloatArray()).containsExactly(1, 9, 3, 4, 5, 7);
    }
}
