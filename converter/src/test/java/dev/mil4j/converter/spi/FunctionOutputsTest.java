package dev.mil4j.converter.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionOutputsTest {
    @Test
    void anInputOrARepeatedOutputGetsAnIdentityOfItsOwn() {
        Function f = new Program().addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2)));
        Builder b = Builder.atEnd(f.body(), StandardOps.newRegistry());
        Var x = f.inputs().get(0);
        Var y = ActivationOps.relu(b, x);
        List<Var> outs = new ArrayList<>();
        for (Var v : List.of(x, y, y)) {
            outs.add(FunctionOutputs.distinct(b, v, outs));
        }
        assertThat(outs.get(0).producer().orElseThrow().type()).isEqualTo("identity");
        assertThat(outs.get(1)).isSameAs(y);
        assertThat(outs.get(2)).isNotSameAs(y);
        assertThat(outs.get(2).producer().orElseThrow().requireInput("x")).isSameAs(y);
        f.setOutputs(outs);
        assertThat(outs).doesNotHaveDuplicates();
    }

    @Test
    void theIdentityTakesTheGivenNameAndAnOwnedOutputKeepsItsOwn() {
        Function f = new Program().addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2)));
        Builder b = Builder.atEnd(f.body(), StandardOps.newRegistry());
        Var x = f.inputs().get(0);
        assertThat(FunctionOutputs.distinct(b, x, List.of(), "scores").name()).isEqualTo("scores");
        Var y = ActivationOps.relu(b, x);
        assertThat(FunctionOutputs.distinct(b, y, List.of(), "other")).isSameAs(y);
        assertThat(FunctionOutputs.needsIdentity(y, List.of(y))).isTrue();
    }
}
