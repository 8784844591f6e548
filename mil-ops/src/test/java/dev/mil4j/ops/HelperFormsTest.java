package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The helper forms the TensorFlow and ONNX translations use: which parameters each binds (optional ones only when
 * they say something) and in which order its consts are made, which the frontends' golden programs depend on.
 */
class HelperFormsTest {
    private final Function f = new Program().addFunction("main", Opset.IOS16,
            Map.of("x", new TensorType(DType.FP16, Shape.of(1, 4, 8, 8))));
    private final Builder b = Builder.atEnd(f.body(), StandardOps.newRegistry());
    private final Var x = f.inputs().get(0);

    /** The names of the consts made so far, in block order. */
    private List<String> consts() {
        return f.body().operationList().stream().filter(op -> op.type().equals("const")).map(Operation::name)
                .toList();
    }

    @Test
    void scalarOperandsTakeTheDtypeOfX() {
        Var y = MathOps.mul(b, x, -1);
        Operation mul = y.producer().orElseThrow();
        assertThat(mul.requireInput("y").value()).contains(TensorValue.fromDoubles(DType.FP16, Shape.scalar(), -1));
        Var r = MathOps.reciprocal(b, x);
        Operation div = r.producer().orElseThrow();
        assertThat(div.type()).isEqualTo("real_div");
        assertThat(div.requireInput("x").value()).contains(TensorValue.fromDoubles(DType.FP16, Shape.scalar(), 1));
        assertThat(div.requireInput("y")).isSameAs(x);
    }

    @Test
    void reduceByNameBindsKeepDimsFirstAndAxesOnlyWhenGiven() {
        Var all = ReductionOps.reduce(b, "reduce_sum", x, false);
        assertThat(all.producer().orElseThrow().input("axes")).isEmpty();
        assertThat(all.type()).hasToString("fp16[]");
        Var some = ReductionOps.reduce(b, "reduce_max", x, true, 2, 3);
        assertThat(some.type()).hasToString("fp16[1, 4, 1, 1]");
        assertThat(consts()).containsExactly("reduce_sum_keep_dims", "reduce_max_keep_dims", "reduce_max_axes");
    }

    @Test
    void convBindsPadOnlyForCustomPadding() {
        Var w = b.constant(TensorValue.fromDoubles(DType.FP16, Shape.of(2, 4, 3, 3), new double[72]), "w");
        Var same = NnOps.conv(b, x, w, Optional.empty(), new int[] {1, 1}, "same", new int[] {1, 1}, 1, new int[0]);
        assertThat(same.producer().orElseThrow().input("pad")).isEmpty();
        assertThat(same.type()).hasToString("fp16[1, 2, 8, 8]");
        Var custom = NnOps.conv(b, x, w, Optional.empty(), new int[] {1, 1}, "custom", new int[] {1, 1}, 1,
                new int[] {1, 1, 1, 1});
        assertThat(custom.type()).hasToString("fp16[1, 2, 8, 8]");
        List<String> names = consts();
        assertThat(names.subList(names.size() - 5, names.size())).containsExactly("conv_strides_0",
                "conv_pad_type_0", "conv_dilations_0", "conv_groups_0", "conv_pad");
    }

    @Test
    void sliceByIndexBindsTheSqueezeMaskOnlyWhenItSqueezes() {
        boolean[] none = new boolean[4];
        boolean[] all = {true, true, true, true};
        Var kept = TensorOps.sliceByIndex(b, x, new int[4], new int[4], new int[] {1, 1, 1, 1}, all, all, none);
        assertThat(kept.producer().orElseThrow().input("squeeze_mask")).isEmpty();
        Var squeezed = TensorOps.sliceByIndex(b, x, new int[] {0, 0, 0, 0}, new int[] {1, 4, 8, 8},
                new int[] {1, 1, 1, 1}, none, all, new boolean[] {true, false, false, false});
        assertThat(squeezed.type()).hasToString("fp16[4, 8, 8]");
    }

    @Test
    void splitAlongBindsTheAxisFirst() {
        List<Var> parts = TensorOps.splitAlong(b, x, 1, new int[] {1, 3});
        assertThat(parts).extracting(v -> v.type().toString()).containsExactly("fp16[1, 1, 8, 8]", "fp16[1, 3, 8, 8]");
        assertThat(consts()).containsExactly("split_axis", "split_split_sizes");
    }

    @Test
    void padInConstantModeFillsAScalarOfTheDtypeOfX() {
        Var y = TensorOps.pad(b, x, new int[] {0, 0, 0, 0, 1, 1, 2, 2}, "constant", 7);
        Operation pad = y.producer().orElseThrow();
        assertThat(pad.requireInput("constant_val").value())
                .contains(TensorValue.fromDoubles(DType.FP16, Shape.scalar(), 7));
        assertThat(y.type()).hasToString("fp16[1, 4, 10, 12]");
        Var reflect = TensorOps.pad(b, x, new int[] {0, 0, 0, 0, 1, 1, 1, 1}, "reflect", 0);
        assertThat(reflect.producer().orElseThrow().input("constant_val")).isEmpty();
    }
}
