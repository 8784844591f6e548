package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Small real architectures ({@code testdata/torch-models}, made by its {@code make_models.py} with PyTorch 1.13 and
 * torchvision 0.14: MobileNetV2 traced and scripted, ShuffleNetV2 scripted, module containers scripted, a
 * TransformerEncoder traced) convert
 * from TorchScript (the frontend, then the {@code default} pipeline) and, run in the reference interpreter in fp32,
 * match the outputs PyTorch recorded: {@code |actual - expected| <= 1e-4 + 1e-4 |expected|} per element.
 */
class TorchModelsParityTest {
    @TestFactory
    Stream<DynamicTest> convertedModelsMatchPytorch() {
        return TorchFixture.all(TestData.path("torch-models")).stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> {
                    Program program = TorchParityTest.convert(f);
                    List<TensorValue> actual = TorchParityTest.run(program, f.inputs());
                    assertThat(actual).as(f.name() + " outputs").hasSize(f.outputs().size());
                    for (int j = 0; j < actual.size(); j++) {
                        TensorValue a = actual.get(j);
                        TensorValue e = f.outputs().get(j);
                        assertThat(a.shape()).as(f.name() + " output" + j + " shape").isEqualTo(e.shape());
                        double worst = 0;
                        long count = e.shape().elementCount().orElseThrow();
                        for (long i = 0; i < count; i++) {
                            double want = e.getDouble(i);
                            double err = Math.abs(a.getDouble(i) - want);
                            worst = Math.max(worst, err / (1e-4 + 1e-4 * Math.abs(want)));
                        }
                        System.out.printf("%s output%d: worst error / tolerance %.4f%n", f.name(), j, worst);
                        assertThat(worst).as(f.name() + " output" + j + " worst error / tolerance")
                                .isLessThanOrEqualTo(1.0);
                    }
                }));
    }
}
