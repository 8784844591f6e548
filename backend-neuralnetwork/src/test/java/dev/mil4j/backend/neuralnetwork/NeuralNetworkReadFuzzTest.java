package dev.mil4j.backend.neuralnetwork;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.file.Files;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes reading a NeuralNetwork {@code .mlmodel} back into MIL (what {@code mil4j run} and {@code verify} do with
 * one): the protobuf is decoded and every layer, weight form and interface record is translated. Every failure must
 * be a {@link ConversionException}. Corpus: {@code NeuralNetworkReadFuzzTestInputs/readBack}, seeded with the
 * repository's NeuralNetwork models made by coremltools (plain, classifier, image input, flexible shapes, fp16,
 * lookup-table quantized, a custom layer).
 */
class NeuralNetworkReadFuzzTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new NeuralNetworkBackendPlugin()).build();

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void readBack(byte[] data) {
        FuzzInputs.check(dir -> Files.write(dir.resolve("model.mlmodel"), data),
                dir -> CONVERTER.readBack(dir.resolve("model.mlmodel")), ConversionException.class);
    }
}
