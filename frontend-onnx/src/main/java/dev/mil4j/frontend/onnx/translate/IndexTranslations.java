package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.List;

/**
 * Index-driven data movement: {@code GatherND}, {@code ScatterND} and {@code ReverseSequence} map one to one onto
 * MIL's {@code gather_nd}, {@code scatter_nd} and {@code reverse_sequence} (indices and lengths are int32 in MIL; the
 * frontend narrows ONNX's int64 ones when it reads them).
 */
final class IndexTranslations {
    private IndexTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("GatherND", 11, IndexTranslations::gatherNd),
                Builtin.of("ReverseSequence", 10, IndexTranslations::reverseSequence),
                Builtin.of("ScatterND", 11, IndexTranslations::scatterNd));
    }

    /** {@code batch_dims} (opset 12) needs iOS16's {@code gather_nd}. */
    private static List<Var> gatherNd(OnnxNode n, OnnxTranslationContext c) {
        long batchDims = n.intAttribute("batch_dims", 0);
        var op = c.builder().op("gather_nd").input("x", c.input(0)).input("indices", c.input(1));
        if (batchDims != 0) {
            if (c.builder().function().opset().compareTo(Opset.IOS16) < 0) {
                throw c.error("has batch_dims=" + batchDims + ", which MIL's gather_nd takes from iOS16 on",
                        "convert with a minimum deployment target of iOS16 or later (--target iOS16)");
            }
            op.input("batch_dims", TensorValue.scalar((int) batchDims));
        }
        return one(op.output());
    }

    /** ONNX's {@code reduction} (opset 16) is {@code mode} in MIL: none is {@code update}. */
    private static List<Var> scatterNd(OnnxNode n, OnnxTranslationContext c) {
        String reduction = n.stringAttribute("reduction", "none");
        String mode = switch (reduction) {
            case "none" -> "update";
            case "add", "mul", "max", "min" -> reduction;
            default -> throw c.error("has reduction `" + reduction + "`; expected none, add, mul, max or min");
        };
        return one(c.builder().op("scatter_nd").input("data", c.input(0)).input("indices", c.input(1))
                .input("updates", c.input(2)).input("mode", TensorValue.scalar(mode)).output());
    }

    private static List<Var> reverseSequence(OnnxNode n, OnnxTranslationContext c) {
        return one(c.builder().op("reverse_sequence").input("x", c.input(0)).input("lengths", c.input(1))
                .input("seq_axis", TensorValue.scalar((int) n.intAttribute("time_axis", 0)))
                .input("batch_axis", TensorValue.scalar((int) n.intAttribute("batch_axis", 1))).output());
    }
}
