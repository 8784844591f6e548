package dev.mil4j.frontend.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.FuzzInputs;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import java.nio.file.Files;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes ONNX reading and translation: the model protobuf and one external data file next to it
 * ({@code external_data.bin}), the two parts of an input ({@link FuzzInputs#split}). Every failure must be a
 * {@link ConversionException}. Corpus: {@code OnnxFuzzTestInputs/load}, seeded with the repository's ONNX models.
 * {@code mappedScan} reads one model file the way a large one is read (mapped, its structure scanned and parsed, the
 * raw data of every initializer taken from the file): corpus {@code OnnxFuzzTestInputs/mappedScan}, seeded with
 * some of the same models.
 */
class OnnxFuzzTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void load(byte[] data) {
        byte[][] parts = FuzzInputs.split(data, 2);
        FuzzInputs.check(dir -> {
            Files.write(dir.resolve("model.onnx"), parts[0]);
            Files.write(dir.resolve("external_data.bin"), parts[1]);
        }, dir -> CONVERTER.load(dir.resolve("model.onnx"), ConvertOptions.builder().build()),
                ConversionException.class);
    }

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void mappedScan(byte[] data) {
        FuzzInputs.check(dir -> Files.write(dir.resolve("model.onnx"), data), dir -> {
            OnnxModelFile file = OnnxModelFile.read(dir.resolve("model.onnx"), true, 0);
            for (TensorProto t : file.proto().getGraph().getInitializerList()) {
                file.rawData(t).remaining();
            }
        }, ConversionException.class);
    }
}
