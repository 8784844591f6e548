package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.unary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code conv}, {@code conv_transpose} and pooling over 3 spatial dims: against direct loops, slab by slab, the adjoint
 * identity and hand-computed values.
 */
class ThreeDimensionalKernelsTest {
    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** The definition of a grouped, strided, dilated, padded 3-d convolution, as direct loops. */
    private static float[] direct(float[] x, int[] xs, float[] w, int[] ws, int groups, int[] st, int[] dil,
            int[] before, int[] os) {
        int cinG = ws[1];
        int coutG = ws[0] / groups;
        float[] y = new float[os[0] * os[1] * os[2] * os[3] * os[4]];
        int o = 0;
        for (int b = 0; b < os[0]; b++) {
            for (int oc = 0; oc < os[1]; oc++) {
                for (int od = 0; od < os[2]; od++) {
                    for (int oh = 0; oh < os[3]; oh++) {
                        for (int ow = 0; ow < os[4]; ow++, o++) {
                            double acc = 0;
                            for (int ic = 0; ic < cinG; ic++) {
                                int c = oc / coutG * cinG + ic;
                                for (int kd = 0; kd < ws[2]; kd++) {
                                    for (int kh = 0; kh < ws[3]; kh++) {
                                        for (int kw = 0; kw < ws[4]; kw++) {
                                            int id = od * st[0] - before[0] + kd * dil[0];
                                            int ih = oh * st[1] - before[1] + kh * dil[1];
                                            int iw = ow * st[2] - before[2] + kw * dil[2];
                                            if (id < 0 || ih < 0 || iw < 0 || id >= xs[2] || ih >= xs[3]
                                                    || iw >= xs[4]) {
                                                continue;
                                            }
                                            acc += x[(((b * xs[1] + c) * xs[2] + id) * xs[3] + ih) * xs[4] + iw]
                                                    * w[(((oc * cinG + ic) * ws[2] + kd) * ws[3] + kh) * ws[4] + kw];
                                        }
                                    }
                                }
                            }
                            y[o] = (float) acc;
                        }
                    }
                }
            }
        }
        return y;
    }

    @Test
    void convMatchesTheDirectLoopsWithGroupsStridesDilationsAndPadding() {
        Random r = new Random(3);
        float[] x = random(r, 2 * 4 * 5 * 6 * 7);
        float[] w = random(r, 6 * 2 * 3 * 2 * 3);
        Map<String, TensorValue> consts = new HashMap<>();
        consts.put("weight", floats(dims(6, 2, 3, 2, 3), w));
        consts.put("groups", TensorValue.scalar(2));
        consts.put("strides", TensorValue.vector(1, 2, 1));
        consts.put("dilations", TensorValue.vector(2, 1, 1));
        consts.put("pad_type", TensorValue.scalar("custom"));
        consts.put("pad", TensorValue.vector(1, 2, 0, 1, 1, 1));
        TensorValue y = unary("conv", floats(dims(2, 4, 5, 6, 7), x), consts);
        // D: (5 + 3 - 5) / 1 + 1 = 4; H: (6 + 1 - 2) / 2 + 1 = 3; W: (7 + 2 - 3) / 1 + 1 = 7
        assertThat(y.shape()).isEqualTo(Shape.of(2, 6, 4, 3, 7));
        float[] want = direct(x, new int[] {2, 4, 5, 6, 7}, w, new int[] {6, 2, 3, 2, 3}, 2, new int[] {1, 2, 1},
                new int[] {2, 1, 1}, new int[] {1, 0, 1}, new int[] {2, 6, 4, 3, 7});
        assertThat(y.toFloatArray()).containsExactly(want, within(1e-4f));
    }

    @Test
    void convTransposeMatchesOnnxsExample() {
        // ONNX's ConvTranspose 3-d example: x = 0..59 [1, 1, 3, 4, 5], all-ones 3x3x3 kernels for 2 channels
        float[] x = new float[60];
        for (int i = 0; i < 60; i++) {
            x[i] = i;
        }
        float[] w = new float[54];
        Arrays.fill(w, 1f);
        TensorValue y = unary("conv_transpose", floats(dims(1, 1, 3, 4, 5), x),
                Map.of("weight", floats(dims(1, 2, 3, 3, 3), w)));
        assertThat(y.shape()).isEqualTo(Shape.of(1, 2, 5, 6, 7));
        assertThat(Arrays.copyOfRange(y.toFloatArray(), 0, 7)).containsExactly(0, 1, 3, 6, 9, 7, 4);
        // the middle of depth 2 sums the whole 3x3x3 neighbourhood of input (1, 1, 1): 27 * 26
        assertThat(y.toFloatArray()[(2 * 6 + 2) * 7 + 2]).isEqualTo(27 * 26);
    }

    @Test
    void convTransposeIsTheAdjointOfConvWithGroupsStridesDilationsAndPadding() {
        // <conv_transpose(x, w), z> == <x, conv(z, w)>: the same weights [Cin, Cout/groups, K] read as conv's
        // [Cout', Cin'/groups, K]
        Random r = new Random(7);
        float[] x = random(r, 2 * 4 * 3 * 4 * 3);
        float[] w = random(r, 4 * 3 * 2 * 3 * 2);
        Map<String, TensorValue> geometry = new HashMap<>();
        geometry.put("weight", floats(dims(4, 3, 2, 3, 2), w));
        geometry.put("groups", TensorValue.scalar(2));
        geometry.put("strides", TensorValue.vector(2, 1, 2));
        geometry.put("dilations", TensorValue.vector(1, 2, 1));
        geometry.put("pad_type", TensorValue.scalar("custom"));
        geometry.put("pad", TensorValue.vector(1, 0, 0, 1, 1, 1));
        TensorValue y = unary("conv_transpose", floats(dims(2, 4, 3, 4, 3), x), geometry);
        // D: (3 - 1) 2 + 2 - 1 = 5; H: 3 + 4 + 1 - 1 = 7; W: 4 + 2 - 2 = 4; channels 3 * 2
        assertThat(y.shape()).isEqualTo(Shape.of(2, 6, 5, 7, 4));
        float[] z = random(r, 2 * 6 * 5 * 7 * 4);
        TensorValue back = unary("conv", floats(dims(2, 6, 5, 7, 4), z), geometry);
        assertThat(back.shape()).isEqualTo(Shape.of(2, 4, 3, 4, 3));
        double left = 0;
        float[] yv = y.toFloatArray();
        for (int i = 0; i < z.length; i++) {
            left += yv[i] * (double) z[i];
        }
        double right = 0;
        float[] bv = back.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            right += x[i] * (double) bv[i];
        }
        assertThat(left).isCloseTo(right, within(1e-3 * Math.abs(right)));
    }

    @Test
    void unfoldingOutputDepthsInSlabsGivesTheColumnsOfTheWhole() {
        Volume v = new Volume(new int[] {4, 3, 3}, new int[] {4, 3, 3}, new int[] {3, 2, 2}, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {1, 1, 0}, new int[] {1, 0, 1});
        float[] x = random(new Random(5), 2 * v.inSize());
        int rows = 2 * v.kernelSize();
        int plane = v.outPlane();
        float[] whole = new float[rows * v.outSize()];
        v.im2col(x, 0, 2, 0, 4, whole);
        float[] first = new float[rows * plane];
        float[] rest = new float[rows * 3 * plane];
        v.im2col(x, 0, 2, 0, 1, first);
        v.im2col(x, 0, 2, 1, 4, rest);
        for (int row = 0; row < rows; row++) {
            float[] joined = new float[v.outSize()];
            System.arraycopy(first, row * plane, joined, 0, plane);
            System.arraycopy(rest, row * 3 * plane, joined, plane, 3 * plane);
            assertThat(joined).as("row " + row).containsExactly(Arrays.copyOfRange(whole, row * v.outSize(),
                    (row + 1) * v.outSize()));
        }
    }

    private static Map<String, TensorValue> pool(int k, String padType, int... pad) {
        Map<String, TensorValue> m = new HashMap<>();
        m.put("kernel_sizes", TensorValue.vector(k, k, k));
        m.put("strides", TensorValue.vector(1, 1, 1));
        m.put("pad_type", TensorValue.scalar(padType));
        if (pad.length > 0) {
            m.put("pad", TensorValue.vector(pad));
        }
        return m;
    }

    @Test
    void poolingOverThreeDims() {
        float[] iota = new float[27];
        for (int i = 0; i < 27; i++) {
            iota[i] = i;
        }
        TensorValue x = floats(dims(1, 1, 3, 3, 3), iota);
        TensorValue max = unary("max_pool", x, pool(2, "valid"));
        assertThat(max.shape()).isEqualTo(Shape.of(1, 1, 2, 2, 2));
        assertThat(max.toFloatArray()).containsExactly(13, 14, 16, 17, 22, 23, 25, 26);
        Map<String, TensorValue> avg = pool(2, "valid");
        avg.put("exclude_padding_from_average", TensorValue.scalar(false));
        // the 2x2x2 window at the origin averages 0, 1, 3, 4, 9, 10, 12, 13
        assertThat(unary("avg_pool", x, avg).toFloatArray()[0]).isEqualTo(6.5f);
        float[] ones = new float[8];
        Arrays.fill(ones, 1f);
        TensorValue cube = floats(dims(1, 1, 2, 2, 2), ones);
        Map<String, TensorValue> padded = pool(3, "custom", 1, 1, 1, 1, 1, 1);
        padded.put("exclude_padding_from_average", TensorValue.scalar(true));
        assertThat(unary("avg_pool", cube, padded).toFloatArray()).containsOnly(1f);
        padded.put("exclude_padding_from_average", TensorValue.scalar(false));
        assertThat(unary("avg_pool", cube, padded).toFloatArray()).containsOnly(8 / 27f);
    }
}
