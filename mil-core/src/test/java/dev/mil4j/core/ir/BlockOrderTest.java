package dev.mil4j.core.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.common.Blocks;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Block#isBefore} and {@link Block#hasNestedBlocks} stay true to the block through every mutation. */
class BlockOrderTest {
    private final OpRegistry registry = TestOps.registry();

    @Test
    void isBeforeFollowsAppendsInsertsMovesAndErasures() {
        Function f = new Program().addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2)));
        Var x = f.inputs().get(0);
        Block body = f.body();
        Builder end = Builder.atEnd(body, registry);
        Operation a = end.op("relu").input("x", x).build();
        Operation c = end.op("relu").input("x", a.output()).build();
        assertThat(body.isBefore(a, c)).isTrue();
        assertThat(body.isBefore(c, a)).isFalse();
        assertThat(body.isBefore(a, a)).isFalse();

        Operation b = Builder.before(c, registry).op("relu").input("x", a.output()).build();
        assertThat(body.operationList()).containsExactly(a, b, c);
        assertThat(body.isBefore(a, b)).isTrue();
        assertThat(body.isBefore(b, c)).isTrue();
        assertThat(body.isBefore(c, b)).isFalse();

        body.move(c, Optional.of(b));
        assertThat(body.operationList()).containsExactly(a, c, b);
        assertThat(body.isBefore(c, b)).isTrue();
        assertThat(body.isBefore(b, c)).isFalse();

        Operation d = end.op("relu").input("x", b.output()).build();
        assertThat(body.isBefore(b, d)).isTrue();
        body.erase(d);
        assertThatThrownBy(() -> body.isBefore(a, d)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blocksWalkFindsNestedBlocksOnlyWhileTheirOpIsThere() {
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15,
                Map.of("p", TensorType.scalar(DType.BOOL), "x", TensorType.of(DType.FP32, 2)));
        Var p = f.inputs().stream().filter(v -> v.name().equals("p")).findFirst().orElseThrow();
        Var x = f.inputs().stream().filter(v -> v.name().equals("x")).findFirst().orElseThrow();
        Builder b = Builder.atEnd(f.body(), registry);
        b.op("relu").input("x", x).build();
        assertThat(f.body().hasNestedBlocks()).isFalse();
        assertThat(Blocks.all(program)).containsExactly(f.body());

        Operation cond = b.op("cond").input("pred", p)
                .block(Map.of(), (inner, in) -> List.of(inner.op("relu").input("x", x).output()))
                .block(Map.of(), (inner, in) -> List.of(inner.constant(TensorValue.ofFloats(
                        dev.mil4j.core.types.Shape.of(2), 1, 2))))
                .build();
        assertThat(f.body().hasNestedBlocks()).isTrue();
        assertThat(Blocks.all(program)).containsExactly(f.body(), cond.blocks().get(0), cond.blocks().get(1));

        f.body().erase(cond);
        assertThat(f.body().hasNestedBlocks()).isFalse();
        assertThat(Blocks.all(program)).containsExactly(f.body());
    }
}
