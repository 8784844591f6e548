package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Signal windows (opset 17): {@code HannWindow}, {@code HammingWindow} and {@code BlackmanWindow} of a size that may
 * be a run-time value, {@code a0 - a1 cos(2 pi n / D) + a2 cos(4 pi n / D)} over {@code n = 0 .. size-1} with
 * {@code D = size} when {@code periodic} (the default) and {@code size - 1} otherwise.
 */
final class SignalTranslations {
    private SignalTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("BlackmanWindow", 17, (n, c) -> window(n, c, 0.42, 0.5, 0.08)),
                OnnxTranslations.of("HammingWindow", 17, (n, c) -> window(n, c, 25.0 / 46, 21.0 / 46, 0)),
                OnnxTranslations.of("HannWindow", 17, (n, c) -> window(n, c, 0.5, 0.5, 0)));
    }

    private static List<Var> window(OnnxNode n, OnnxTranslationContext c, double a0, double a1, double a2) {
        Builder b = c.builder();
        Var size = c.input(0);
        size = size.tensorType().isScalar() ? size : TensorOps.reshape(b, size);
        Var sizeF = MathOps.cast(b, size, DType.FP32);
        Var index = MathOps.range1d(b, b.constant(TensorValue.scalar(0f)), sizeF, b.constant(TensorValue.scalar(1f)));
        Var denominator = n.intAttribute("periodic", 1) != 0 ? sizeF : MathOps.add(b, sizeF, -1);
        Var angle = MathOps.realDiv(b, MathOps.mul(b, index, 2 * Math.PI), denominator);
        Var w = MathOps.add(b, MathOps.mul(b, MathOps.cos(b, angle), -a1), a0);
        if (a2 != 0) {
            w = MathOps.add(b, w, MathOps.mul(b, MathOps.cos(b, MathOps.mul(b, angle, 2)), a2));
        }
        int type = (int) n.intAttribute("output_datatype", 1);
        DType d = OnnxTypes.computeDtype(type).orElseThrow(() -> c.error("has output_datatype "
                + OnnxTypes.name(type) + ", which has no MIL equivalent"));
        return List.of(d == DType.FP32 ? w : MathOps.cast(b, w, d));
    }
}
