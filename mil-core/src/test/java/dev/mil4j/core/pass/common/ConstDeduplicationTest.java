package dev.mil4j.core.pass.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deduplication by sampled fingerprint, then full comparison (ConstIndex). */
class ConstDeduplicationTest {
    private static final int N = 4096; // 2048 words: the fingerprint samples every 32nd

    private final OpRegistry registry = TestOps.registry();

    /** A tensor equal to all others at the sampled words: only element {@code 3} (word 1, not sampled) differs. */
    private static TensorValue variant(float k) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = i % 7;
        }
        v[3] = k;
        return TensorValue.ofFloats(Shape.of(N), v);
    }

    @Test
    void tensorsAlikeAtTheSamplesAreComparedInFullBeforeAndAfterTheirGroupIsHashed() {
        assertThat(ConstIndex.fingerprint(variant(1))).isEqualTo(ConstIndex.fingerprint(variant(2)));
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, Map.of());
        Builder b = Builder.atEnd(f.body(), registry);
        List<Var> consts = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            consts.add(b.constant(variant(k), "c" + k));
        }
        Var early = b.constant(variant(2), "again2"); // found while the group is a list
        for (int k = 6; k < 12; k++) {
            consts.add(b.constant(variant(k), "c" + k)); // 12 different tensors: the group is hashed after 9
        }
        Var late = b.constant(variant(10), "again10"); // found after the group was hashed
        Var other = b.constant(TensorValue.ofFloats(Shape.of(N / 2, 2), variant(2).toFloatArray()), "reshaped");
        List<Var> users = new ArrayList<>();
        for (Var c : List.of(consts.get(2), consts.get(10), early, late, other)) {
            users.add(b.op("relu").input("x", c).output());
        }
        new ConstDeduplicationPass().run(p, PassContext.withDefaults(registry));

        List<String> names = new ArrayList<>();
        for (Operation o : f.body().operations()) {
            if (o.type().equals("const")) {
                names.add(o.name());
            }
        }
        assertThat(names).contains("c0", "c11", "reshaped").doesNotContain("again2", "again10").hasSize(13);
        assertThat(users.get(2).producer().orElseThrow().inputVars()).containsExactly(consts.get(2));
        assertThat(users.get(3).producer().orElseThrow().inputVars()).containsExactly(consts.get(10));
        assertThat(users.get(4).producer().orElseThrow().inputVars()).containsExactly(other);
    }

    @Test
    void fingerprintsSeeTheLastBytesAndSmallTensorsWhole() {
        assertThat(ConstIndex.fingerprint(TensorValue.ofFloats(Shape.of(3), 1, 2, 3)))
                .isNotEqualTo(ConstIndex.fingerprint(TensorValue.ofFloats(Shape.of(3), 1, 2, 4)));
        float[] a = new float[N + 1];
        float[] c = a.clone();
        c[N] = 1;
        assertThat(ConstIndex.fingerprint(TensorValue.ofFloats(Shape.of(N + 1), a)))
                .isNotEqualTo(ConstIndex.fingerprint(TensorValue.ofFloats(Shape.of(N + 1), c)));
    }
}
