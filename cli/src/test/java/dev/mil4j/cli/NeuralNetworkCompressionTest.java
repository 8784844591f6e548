package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.WeightParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuralNetworkCompressionTest {
    private static final Path FEATURES = TestData.path("coremltools-features");

    @TempDir
    Path dir;

    private List<WeightParams> weights(Path model) throws Exception {
        return ModelFiles.readModel(model).getNeuralNetwork().getLayersList().stream()
                .filter(NeuralNetworkLayer::hasInnerProduct).map(l -> l.getInnerProduct().getWeights()).toList();
    }

    @Test
    void quantizesAnMlmodelTo8BitLinear() throws Exception {
        Path out = dir.resolve("q8.mlmodel");
        CliTest.Result r = CliTest.run("compress", FEATURES.resolve("mlp256_nn.mlmodel").toString(), "-o",
                out.toString(), "--quantize", "int8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote " + out, "6 of 6 weights quantized", "linear_1.weights (65536 values)",
                "linear_1.bias (256 values)");
        // coremltools' quantize_weights(nbits=8) makes 77491 bytes, biases quantized as one channel each
        assertThat(Files.size(out)).isEqualTo(77_491L);
        for (WeightParams w : weights(out)) {
            assertThat(w.getQuantization().getNumberOfBits()).isEqualTo(8);
            assertThat(w.getQuantization().hasLinearQuantization()).isTrue();
            assertThat(w.getFloatValueCount()).isZero();
        }
        CliTest.Result inspect = CliTest.run("inspect", out.toString());
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("8-bit linear");
    }

    @Test
    void palettizesAnMlmodelWithPackedIndices() throws Exception {
        Path out = dir.resolve("lut4.mlmodel");
        CliTest.Result r = CliTest.run("compress", FEATURES.resolve("mlp256_nn.mlmodel").toString(), "-o",
                out.toString(), "--palettize", "4", "--min-weight-size", "3000");
        assertThat(r.code()).as(r.err()).isZero();
        List<WeightParams> w = weights(out);
        assertThat(w.get(0).getQuantization().getLookupTableQuantization().getFloatValueCount()).isEqualTo(16);
        assertThat(w.get(0).getRawValue().size()).isEqualTo(4096 / 2);
        assertThat(w.get(1).getRawValue().size()).isEqualTo(65536 / 2);
        assertThat(w.get(2).hasQuantization()).as("2560 values, under --min-weight-size 3000").isFalse();
        assertThat(CliTest.run("inspect", out.toString()).out()).contains("4-bit lookup table");
    }

    @Test
    void refusesWhatANeuralNetworkCannotStore() {
        String in = FEATURES.resolve("mlp256_nn.mlmodel").toString();
        String out = dir.resolve("x.mlmodel").toString();
        CliTest.Result prune = CliTest.run("compress", in, "-o", out, "--prune", "0.5");
        assertThat(prune.code()).isEqualTo(Mil4j.USAGE);
        assertThat(prune.err()).contains("no sparse weights");
        CliTest.Result int4 = CliTest.run("compress", in, "-o", out, "--quantize", "int4");
        assertThat(int4.err()).contains("8-bit linear: use --quantize int8");
        CliTest.Result bits = CliTest.run("compress", in, "-o", out, "--palettize", "9");
        assertThat(bits.err()).contains("1 to 8 bits, not 9");
        CliTest.Result pkg = CliTest.run("compress", in, "-o", dir.resolve("x.mlpackage").toString(), "--quantize",
                "int8");
        assertThat(pkg.err()).contains("name the output OUT.mlmodel");
    }
}
