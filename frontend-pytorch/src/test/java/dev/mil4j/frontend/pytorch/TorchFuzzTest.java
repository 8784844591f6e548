package dev.mil4j.frontend.pytorch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.FuzzInputs;
import dev.mil4j.core.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes TorchScript loading: the zip reader, the unpickler of {@code data.pkl} and {@code constants.pkl}, the
 * TorchScript code parser, graph building and translation, with input shapes from the input as well (the
 * {@code --input} form). Every failure must be a {@link ConversionException}.
 *
 * <p>{@code archive}: an input is the archive's bytes and the inputs' shapes, one per line. {@code entry}: an input
 * replaces one entry of {@code torch/mlp.pt} (its name relative to the archive's root folder, its new content, and the
 * shapes), so mutations reach past the zip structure. Corpora: {@code TorchFuzzTestInputs/archive} and
 * {@code TorchFuzzTestInputs/entry}, seeded with the repository's TorchScript models.
 */
class TorchFuzzTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new TorchFrontendPlugin()).build();

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void archive(byte[] data) {
        byte[][] parts = FuzzInputs.split(data, 2);
        FuzzInputs.check(dir -> Files.write(dir.resolve("model.pt"), parts[0]),
                dir -> CONVERTER.load(dir.resolve("model.pt"), options(parts[1])), ConversionException.class);
    }

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void entry(byte[] data) {
        byte[][] parts = FuzzInputs.split(data, 3);
        String name = "mlp/" + new String(parts[0], StandardCharsets.UTF_8);
        FuzzInputs.check(dir -> replaced(TestData.path("torch/mlp.pt"), name, parts[1], dir.resolve("model.pt")),
                dir -> CONVERTER.load(dir.resolve("model.pt"), options(parts[2])), ConversionException.class);
    }

    /**
     * The inputs' shapes, one {@code --input} per line; lines that do not parse are left out, and so are all of them
     * when {@link ConvertOptions.Builder#build} refuses them together (its documented check: two inputs giving one
     * symbol different ranges, found by a campaign). The parser and that check are the options' own contract,
     * fuzzed through the CLI by {@code InputOptionFuzzTest}; here only what reaches the archive reader matters.
     */
    private static ConvertOptions options(byte[] shapes) {
        ConvertOptions.Builder options = ConvertOptions.builder().framework("pytorch");
        for (String line : new String(shapes, StandardCharsets.UTF_8).split("\n")) {
            try {
                options.input(InputType.parse(line));
            } catch (IllegalArgumentException e) {
                // the parser is fuzzed on its own (InputTypeFuzzTest); here only shapes it accepts matter
            }
        }
        try {
            return options.build();
        } catch (IllegalArgumentException e) {
            return ConvertOptions.builder().framework("pytorch").build();
        }
    }

    /** Copies an archive, with the entry {@code name} given {@code content} (added when the archive lacks it). */
    private static void replaced(Path archive, String name, byte[] content, Path copy) throws IOException {
        try (ZipFile in = new ZipFile(archive.toFile()); OutputStream file = Files.newOutputStream(copy);
                ZipOutputStream out = new ZipOutputStream(file)) {
            boolean found = false;
            for (Enumeration<? extends ZipEntry> all = in.entries(); all.hasMoreElements(); ) {
                ZipEntry e = all.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(name)) {
                    out.write(content);
                    found = true;
                } else {
                    in.getInputStream(e).transferTo(out);
                }
                out.closeEntry();
            }
            if (!found) {
                out.putNextEntry(new ZipEntry(name));
                out.write(content);
                out.closeEntry();
            }
        }
    }
}
