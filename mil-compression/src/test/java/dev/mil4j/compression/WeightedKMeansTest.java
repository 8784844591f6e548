package dev.mil4j.compression;

import static dev.mil4j.compression.TwoLinears.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Weighted k-means: 1-bit palettization of a weight whose first half sits near -1 and whose second half alternates
 * 0.5 and 1.0. Unweighted, the two entries are about -1 and 0.75; with the first half's importance 0 they are 0.5
 * and 1.0, so the important elements come back exactly.
 */
class WeightedKMeansTest {
    private static final WeightSelection ALL = WeightSelection.defaults().withMinElements(1024);
    private static final int N = 64 * 64;

    @Test
    void importancesPullTheTableToTheElementsThatMatter() {
        float[] importance = new float[N];
        Arrays.fill(importance, N / 2, N, 1f);
        float[] weighted = palettize(new PalettizationOptions(1, PalettizationOptions.Mode.KMEANS, 0, ALL)
                .withImportance(name -> name.equals("w1") ? Optional.of(importance) : Optional.empty()));
        float[] plain = palettize(new PalettizationOptions(1, PalettizationOptions.Mode.KMEANS, 0, ALL));
        float[] exact = values();
        for (int i = N / 2; i < N; i++) {
            assertThat(weighted[i]).as("element %d", i).isEqualTo(exact[i]);
            assertThat(Math.abs(plain[i] - exact[i])).as("element %d unweighted", i).isEqualTo(0.25f);
        }
        assertThat(plain[0]).isCloseTo(-1f, org.assertj.core.data.Offset.offset(0.01f));
    }

    @Test
    void importancesAreChecked() {
        PalettizationOptions o = new PalettizationOptions(1, PalettizationOptions.Mode.KMEANS, 0, ALL);
        // only w1 has importances: the error is w1's, whichever weight a worker takes first
        assertThatThrownBy(() -> palettize(o.withImportance(name -> only(name, new float[3]))))
                .hasMessageContaining("the importance of weight `w1` has 3 values for its 4096 elements");
        float[] negative = new float[N];
        negative[7] = -1;
        assertThatThrownBy(() -> palettize(o.withImportance(name -> only(name, negative))))
                .hasMessageContaining("holds -1.0; importances are finite and not negative");
        assertThatThrownBy(() -> palettize(o.withImportance(name -> only(name, new float[N]))))
                .hasMessageContaining("is zero everywhere");
        assertThatThrownBy(() -> new PalettizationOptions(1, PalettizationOptions.Mode.UNIFORM, 0, ALL)
                .withImportance(name -> Optional.empty())).hasMessageContaining("uniform palettization takes none");
    }

    private static Optional<float[]> only(String name, float[] importance) {
        return name.equals("w1") ? Optional.of(importance) : Optional.empty();
    }

    private static float[] values() {
        float[] w = new float[N];
        for (int i = 0; i < N; i++) {
            w[i] = i < N / 2 ? -1f + (i % 7) / 512f : (i % 2 == 0 ? 0.5f : 1f);
        }
        return w;
    }

    // palettizes w1 (set to values()) of the two-linear program, returns it decompressed
    private static float[] palettize(PalettizationOptions options) {
        Program p = TwoLinears.program(Opset.IOS18);
        TwoLinears.setWeight(p, "w1", values());
        new PalettizationPass(options).run(p, PassContext.withDefaults(OPS));
        return TwoLinears.weightOf(p, "l1").toFloatArray();
    }
}
