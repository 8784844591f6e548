package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code aten::scaled_dot_product_attention} (the hand-written TorchScript of {@code sdpa.pt}: plain, causal, float
 * mask with scale 0.5, bool mask) becomes Core ML's {@code scaled_dot_product_attention} op at iOS18 and its
 * decomposition below; both compute what PyTorch recorded.
 */
class FusedAttentionTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new TorchFrontendPlugin()).build();

    @ParameterizedTest
    @EnumSource(value = Opset.class, names = {"IOS17", "IOS18"})
    void theOpFromIos18TheDecompositionBelowBothMatchPyTorch(Opset target) {
        TorchFixture f = TorchFixture.read(TorchFixture.OWN.resolve("sdpa.pt"));
        Program program = CONVERTER.load(f.model(), f.options().toBuilder().minimumDeploymentTarget(target).build());
        var plugins = CONVERTER.plugins();
        PassManager.of(plugins.passes(), plugins.ops()).run(program, plugins.passes().pipeline("default"));

        List<String> types = new ArrayList<>();
        for (Operation op : program.main().body().operations()) {
            types.add(op.type());
        }
        if (target == Opset.IOS18) {
            assertThat(types).filteredOn("scaled_dot_product_attention"::equals).hasSize(4);
            assertThat(types).doesNotContain("softmax");
        } else {
            assertThat(types).filteredOn("softmax"::equals).hasSize(4);
            assertThat(types).doesNotContain("scaled_dot_product_attention");
        }
        List<TensorValue> out = List.copyOf(CONVERTER.run(program, TorchFixture.feeds(f.inputs())).values());
        assertThat(out).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(Closeness.fp32(out.get(i), f.outputs().get(i)).ok()).as("output %d at %s: %s", i, target,
                    Closeness.fp32(out.get(i), f.outputs().get(i))).isTrue();
        }
    }
}
