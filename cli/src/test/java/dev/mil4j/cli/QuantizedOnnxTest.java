package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quantized ONNX model converted by the command line keeps its 8-bit weights in the written ML Program. */
class QuantizedOnnxTest {
    private static final Path MODEL = TestData.path("onnx/wild/qdq_cnn.onnx");
    private static final Path WEIGHTS = Path.of("Data/com.apple.CoreML/weights/weight.bin");

    @TempDir
    Path dir;

    private long weightBytes(String target) throws Exception {
        Path out = dir.resolve(target + ".mlpackage");
        CliTest.Result r = CliTest.run("convert", MODEL.toString(), "--target", target, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return Files.size(out.resolve(WEIGHTS));
    }

    @Test
    void weightBinHoldsTheEightBitValuesFromIos16() throws Exception {
        // 2668 weights (int8 conv [4, 3, 3, 3], uint8 fc [256, 10]): 2 bytes each as fp16 at iOS15, 1 byte from iOS16
        long fp16 = weightBytes("iOS15");
        long ios16 = weightBytes("iOS16");
        long ios18 = weightBytes("iOS18");
        assertThat(fp16).isGreaterThanOrEqualTo(2 * 2668);
        assertThat(ios16).isBetween(2668L, 2668L + 1024).isLessThan(fp16 * 6 / 10);
        assertThat(ios18).isBetween(2668L, 2668L + 1024);
        CliTest.Result inspect = CliTest.run("inspect", dir.resolve("iOS16.mlpackage").toString());
        assertThat(inspect.out()).contains("constexpr_affine_dequantize");
    }
}
