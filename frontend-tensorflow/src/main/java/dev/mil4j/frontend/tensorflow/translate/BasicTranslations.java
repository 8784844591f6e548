package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTensors;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.DataType;

/**
 * Graph plumbing and basic ops: {@code Placeholder}, {@code Const}, {@code Identity}, {@code IdentityN},
 * {@code NoOp}, {@code Cast}, {@code Fill}, {@code Range}, {@code Shape}, {@code Size}, {@code Rank}.
 */
final class BasicTranslations {
    private BasicTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("Cast", BasicTranslations::cast),
                TfTranslations.of("Const", BasicTranslations::constant),
                TfTranslations.of("Fill", (n, c) -> one(c.builder().op("fill").input("shape", c.input(0))
                        .input("value", c.constInput(1, "value")).output())),
                TfTranslations.of("Identity", (n, c) -> one(c.input(0)), "StopGradient", "Snapshot"),
                TfTranslations.of("IdentityN", BasicTranslations::identityN),
                TfTranslations.of("NoOp", (n, c) -> List.of()),
                TfTranslations.of("Placeholder", (n, c) -> one(c.placeholderInput().orElseThrow(() ->
                        c.error("is a placeholder that is not a function input")))),
                TfTranslations.of("Range", (n, c) -> one(c.builder().op("range_1d").input("start", c.input(0))
                        .input("end", c.input(1)).input("step", c.input(2)).output())),
                TfTranslations.of("Rank", (n, c) -> one(c.builder().constant(
                        TensorValue.scalar(Emit.rank(c.input(0)))))),
                TfTranslations.of("Shape", (n, c) -> one(c.builder().op("shape").input("x", c.input(0)).output())),
                TfTranslations.of("Size", BasicTranslations::size));
    }

    private static List<Var> constant(TfNode n, TfTranslationContext c) {
        TensorValue v;
        try {
            v = TfTensors.toValue(n.tensorAttr("value").orElseThrow(() -> c.error("has no tensor `value`")));
        } catch (IllegalArgumentException e) {
            throw c.error("its value " + e.getMessage());
        }
        return one(c.builder().constant(v, n.name().replaceAll("[^A-Za-z0-9_]", "_")));
    }

    private static List<Var> identityN(TfNode n, TfTranslationContext c) {
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < c.inputCount(); i++) {
            out.add(c.input(i));
        }
        return out;
    }

    private static List<Var> cast(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        DataType to = n.typeAttr("DstT").orElseThrow(() -> c.error("has no DstT attribute"));
        DType target = TfTensors.dtype(to).orElseThrow(() -> c.error("casts to " + TfTensors.name(to)
                + ", which has no MIL equivalent"));
        if (target == Emit.dtype(x)) {
            return one(x);
        }
        return one(c.builder().op("cast").input("x", x).input("dtype", TensorValue.scalar(target.milName()))
                .output());
    }

    private static List<Var> size(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Shape s = x.tensorType().shape();
        if (s.isStatic()) {
            return one(c.builder().constant(TensorValue.scalar(Math.toIntExact(s.elementCount().getAsLong()))));
        }
        Var shape = c.builder().op("shape").input("x", x).output();
        return one(c.builder().op("reduce_prod").input("x", shape).input("keep_dims", TensorValue.scalar(false))
                .output());
    }
}
