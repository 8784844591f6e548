package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.List;

/**
 * {@code TopK} ({@code k} an attribute before opset 10, an input after; {@code largest}/{@code sorted} from 11) and
 * {@code Resize} of the last two dims (nearest with integer scales; linear with any coordinate mode that MIL's
 * {@code resize_bilinear} sampling modes express).
 */
final class TopKResizeTranslations {
    private TopKResizeTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Resize", 11, TopKResizeTranslations::resize),
                Builtin.of("TopK", 1, (n, c) -> topk(n, c, n.intAttribute("k").orElseThrow(() -> c.error("has no k")))),
                Builtin.of("TopK", 10, (n, c) -> topk(n, c, c.constInput(1, "k").getLong(0))));
    }

    private static List<Var> topk(OnnxNode n, OnnxTranslationContext c, long k) {
        Var x = c.input(0);
        int axis = Emit.axis(c, n.intAttribute("axis", -1), Emit.rank(x));
        return c.builder().op("topk").input("x", x).input("k", TensorValue.scalar(Math.toIntExact(k)))
                .input("axis", TensorValue.scalar(axis))
                .input("ascending", TensorValue.scalar(n.intAttribute("largest", 1) == 0)).outputs();
    }

    private static List<Var> resize(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int rank = Emit.rank(x);
        long[] in = Emit.staticShape(c, x, "Resize");
        double[] scales = new double[rank];
        long[] out = new long[rank];
        if (c.hasInput(3)) {
            long[] sizes = Emit.longs(c.constInput(3, "sizes"));
            if (sizes.length != rank) {
                throw c.error("has " + sizes.length + " sizes for rank " + rank);
            }
            for (int i = 0; i < rank; i++) {
                out[i] = sizes[i];
                scales[i] = (double) sizes[i] / in[i];
            }
        } else {
            TensorValue s = c.constInput(2, "scales");
            if (s.elementCount() != rank) {
                throw c.error("has " + s.elementCount() + " scales for rank " + rank);
            }
            for (int i = 0; i < rank; i++) {
                scales[i] = s.getDouble(i);
                out[i] = (long) Math.floor(in[i] * scales[i]);
            }
        }
        for (int i = 0; i < rank - 2; i++) {
            if (out[i] != in[i]) {
                throw c.error("resizes dim " + i + ", but only the last two dims can be resized");
            }
        }
        String mode = n.stringAttribute("mode", "nearest");
        String coords = n.stringAttribute("coordinate_transformation_mode", "half_pixel");
        int h = rank - 2;
        int w = rank - 1;
        if (mode.equals("nearest")) {
            if (scales[h] != Math.rint(scales[h]) || scales[w] != Math.rint(scales[w])) {
                throw c.error("resizes by nearest neighbour with non-integer scales " + scales[h] + ", " + scales[w]);
            }
            return one(c.builder().op("upsample_nearest_neighbor").input("x", x)
                    .input("scale_factor_height", TensorValue.scalar((float) scales[h]))
                    .input("scale_factor_width", TensorValue.scalar((float) scales[w])).output());
        }
        if (mode.equals("linear")) {
            String sampling = switch (coords) {
                case "align_corners" -> "STRICT_ALIGN_CORNERS";
                case "asymmetric" -> "DEFAULT";
                case "half_pixel", "pytorch_half_pixel" -> "UNALIGN_CORNERS";
                default -> throw c.error("has coordinate_transformation_mode `" + coords + "`, which MIL's "
                        + "resize_bilinear cannot express");
            };
            return one(c.builder().op("resize_bilinear").input("x", x)
                    .input("target_size_height", TensorValue.scalar((int) out[h]))
                    .input("target_size_width", TensorValue.scalar((int) out[w]))
                    .input("sampling_mode", TensorValue.scalar(sampling)).output());
        }
        throw c.error("has mode `" + mode + "`; supported: nearest, linear");
    }
}
