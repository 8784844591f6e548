package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static dev.mil4j.interpreter.KernelTesting.unary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The n-d indexing, reversing, windowing, block-moving and box-suppression kernels on run-time inputs. */
class NdKernelsTest {
    private static final TensorValue X23 = floats(dims(2, 3), 1, 2, 3, 4, 5, 6);

    private static TensorValue ints(long[] shape, int... v) {
        return TensorValue.ofInts(Shape.of(shape), v);
    }

    private static TensorValue iota(long... shape) {
        float[] v = new float[(int) Shape.of(shape).elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return floats(shape, v);
    }

    private static Map<String, TensorValue> map(Object... kv) {
        Map<String, TensorValue> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (TensorValue) kv[i + 1]);
        }
        return m;
    }

    @Test
    void gatherNdAndScatterNd() {
        TensorValue g = run("gather_nd", map("x", X23, "indices", ints(dims(2, 2), 1, 2, 0, 0)), Map.of()).get(0);
        assertThat(g.shape()).isEqualTo(Shape.of(2));
        assertThat(g.toFloatArray()).containsExactly(6, 1);
        TensorValue rows = run("gather_nd", map("x", X23, "indices", ints(dims(1, 1), -1)), Map.of()).get(0);
        assertThat(rows.shape()).isEqualTo(Shape.of(1, 3));
        assertThat(rows.toFloatArray()).containsExactly(4, 5, 6);
        TensorValue s = run("scatter_nd", map("data", X23, "updates", floats(dims(3), 10, 20, 30)),
                map("indices", ints(dims(3, 2), 0, 1, 1, 2, 0, 1))).get(0);
        assertThat(s.toFloatArray()).containsExactly(1, 42, 3, 4, 5, 26);
        TensorValue half = run("scatter_nd", map("data", X23.cast(DType.FP16),
                "updates", floats(dims(1, 3), 7, 8, 9).cast(DType.FP16)),
                map("indices", ints(dims(1, 1), 1), "mode", TensorValue.scalar("update"))).get(0);
        assertThat(half.dtype()).isEqualTo(DType.FP16);
        assertThat(half.toFloatArray()).containsExactly(1, 2, 3, 7, 8, 9);
    }

    @Test
    void reverseReverseSequenceAndSlidingWindows() {
        assertThat(unary("reverse", X23, Map.of("axes", TensorValue.vector(0))).toFloatArray())
                .containsExactly(4, 5, 6, 1, 2, 3);
        assertThat(unary("reverse", X23, Map.of()).toFloatArray()).containsExactly(6, 5, 4, 3, 2, 1);
        TensorValue seq = run("reverse_sequence", map("x", floats(dims(2, 4), 1, 2, 3, 4, 5, 6, 7, 8),
                "lengths", TensorValue.vector(3, 1)), Map.of("seq_axis", TensorValue.scalar(1))).get(0);
        assertThat(seq.toFloatArray()).containsExactly(3, 2, 1, 4, 5, 6, 7, 8);
        TensorValue w = unary("sliding_windows", floats(dims(5), 1, 2, 3, 4, 5), map("axis", TensorValue.scalar(0),
                "size", TensorValue.scalar(3), "stride", TensorValue.scalar(1)));
        assertThat(w.shape()).isEqualTo(Shape.of(3, 3));
        assertThat(w.toFloatArray()).containsExactly(1, 2, 3, 2, 3, 4, 3, 4, 5);
    }

    @Test
    void sliceUpdateWritesTheSlice() {
        TensorValue u = run("slice_update", Opset.IOS18, map("x", X23, "update", floats(dims(2, 1), 10, 20)),
                map("begin", TensorValue.vector(0, 2), "end", TensorValue.vector(2, 3))).get(0);
        assertThat(u.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(u.toFloatArray()).containsExactly(1, 2, 10, 4, 5, 20);
    }

    @Test
    void cropAndResizeNearestNeighbor() {
        TensorValue c = unary("crop", iota(1, 3, 4), map("crop_height", TensorValue.vector(1, 0),
                "crop_width", TensorValue.vector(1, 1)));
        assertThat(c.shape()).isEqualTo(Shape.of(1, 2, 2));
        assertThat(c.toFloatArray()).containsExactly(5, 6, 9, 10);
        TensorValue r = unary("resize_nearest_neighbor", iota(1, 2, 2), map("target_size_height", TensorValue.scalar(3),
                "target_size_width", TensorValue.scalar(4)));
        // rows floor(i * 2 / 3) = 0, 0, 1; columns floor(j * 2 / 4) = 0, 0, 1, 1
        assertThat(r.toFloatArray()).containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3);
    }

    @Test
    void spaceToBatchAndBatchToSpaceAreInverse() {
        TensorValue x = iota(2, 1, 2, 4);
        Map<String, TensorValue> block = map("block_shape", TensorValue.vector(1, 2),
                "paddings", ints(dims(2, 2), 0, 0, 1, 1));
        TensorValue s = unary("space_to_batch", x, block);
        assertThat(s.shape()).isEqualTo(Shape.of(4, 1, 2, 3));
        // batch (offset 0, image 0): columns 0, 2, 4 of the padded rows [0, 0, 1, 2, 3, 0]
        assertThat(java.util.Arrays.copyOf(s.toFloatArray(), 6)).containsExactly(0, 1, 3, 0, 5, 7);
        TensorValue back = unary("batch_to_space", s, map("block_shape", TensorValue.vector(1, 2),
                "crops", ints(dims(2, 2), 0, 0, 1, 1)));
        assertThat(back.shape()).isEqualTo(x.shape());
        assertThat(back.toFloatArray()).containsExactly(x.toFloatArray());
    }

    private static final TensorValue BOXES = floats(dims(1, 4, 4), 0, 0, 2, 2, 0.1f, 0, 2, 2, 5, 5, 2, 2,
            10, 10, 2, 2);

    private static Map<String, TensorValue> nmsParams(boolean perClass) {
        return map("iou_threshold", TensorValue.scalar(0.5f), "score_threshold", TensorValue.scalar(0.1f),
                "max_boxes", TensorValue.scalar(3), "per_class_suppression", TensorValue.scalar(perClass));
    }

    @Test
    void nonMaximumSuppressionDropsOverlapsAndLowScoresAndPads() {
        List<TensorValue> out = run("non_maximum_suppression", map("boxes", BOXES,
                "scores", floats(dims(1, 4, 1), 0.9f, 0.8f, 0.7f, 0.05f)), nmsParams(false));
        assertThat(out.get(0).toFloatArray()).containsExactly(0, 0, 2, 2, 5, 5, 2, 2, 0, 0, 0, 0);
        assertThat(out.get(1).toFloatArray()).containsExactly(0.9f, 0.7f, 0);
        assertThat(out.get(2).toIntArray()).containsExactly(0, 2, -1);
        assertThat(out.get(3).toIntArray()).containsExactly(2);
        // per class: box 1's best class differs from box 0's, so it survives
        List<TensorValue> perClass = run("non_maximum_suppression", map("boxes", BOXES,
                "scores", floats(dims(1, 4, 2), 0.9f, 0, 0, 0.8f, 0.7f, 0, 0.05f, 0)), nmsParams(true));
        assertThat(perClass.get(2).toIntArray()).containsExactly(0, 1, 2);
        assertThat(perClass.get(3).toIntArray()).containsExactly(3);
    }

    @Test
    void nonMaximumSuppressionIos17PutsBoxesLastAndKeepsEveryScore() {
        TensorValue boxes = floats(dims(1, 4, 3), 0, 0.1f, 5, 0, 0, 5, 2, 2, 2, 2, 2, 2);
        List<TensorValue> out = run("non_maximum_suppression", Opset.IOS17, map("boxes", boxes,
                "scores", floats(dims(1, 1, 3), 0.01f, 0.8f, 0.02f)), map("iou_threshold", TensorValue.scalar(0.5f),
                "max_boxes", TensorValue.scalar(2)));
        assertThat(out).hasSize(3);
        assertThat(out.get(2).toIntArray()).containsExactly(1, 2);
        assertThat(out.get(0).shape()).isEqualTo(Shape.of(1, 4, 2));
        assertThat(out.get(0).toFloatArray()).containsExactly(0.1f, 5, 0, 5, 2, 2, 2, 2);
    }
}
