package dev.mil4j.frontend.tensorflow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes TensorFlow reading and translation. {@code graphDef}: a frozen {@code .pb}. {@code savedModel}: a SavedModel
 * directory whose {@code saved_model.pb}, {@code variables/variables.index} and
 * {@code variables/variables.data-00000-of-00001} are the three parts of an input ({@link FuzzInputs#split}), so the
 * checkpoint reader (table, bundle entries, shards) is fuzzed too. Every failure must be a
 * {@link ConversionException}. Corpora: {@code TfFuzzTestInputs/graphDef} and {@code TfFuzzTestInputs/savedModel},
 * seeded with the module's test graphs.
 */
class TfFuzzTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new TfFrontendPlugin()).build();

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void graphDef(byte[] bytes) {
        FuzzInputs.check(dir -> Files.write(dir.resolve("model.pb"), bytes),
                dir -> CONVERTER.load(dir.resolve("model.pb"), ConvertOptions.builder().build()),
                ConversionException.class);
    }

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void savedModel(byte[] data) {
        byte[][] parts = FuzzInputs.split(data, 3);
        FuzzInputs.check(dir -> {
            Path variables = Files.createDirectories(dir.resolve("saved").resolve("variables"));
            Files.write(variables.resolveSibling("saved_model.pb"), parts[0]);
            Files.write(variables.resolve("variables.index"), parts[1]);
            Files.write(variables.resolve("variables.data-00000-of-00001"), parts[2]);
        }, dir -> CONVERTER.load(dir.resolve("saved"), ConvertOptions.builder().build()), ConversionException.class);
    }
}
