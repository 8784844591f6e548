package dev.mil4j.converter;

import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilSyntaxException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code mil} frontend: reads MIL text files ({@code .mil}), the form {@code MilPrinter} writes, as a stream of
 * UTF-8 (bytes that are not UTF-8 are reported at their line). It translates nothing, so it takes no translations.
 */
final class MilTextFrontend implements Frontend<Void> {
    static final long MAX_BYTES = 256L << 20;

    @Override
    public String id() {
        return "mil";
    }

    @Override
    public String description() {
        return "MIL text (.mil), as mil4j prints it";
    }

    @Override
    public Class<Void> translationType() {
        return Void.class;
    }

    @Override
    public boolean accepts(Path model) {
        return Files.isRegularFile(model) && model.getFileName().toString().endsWith(".mil");
    }

    @Override
    public Program load(Path model, FrontendContext<Void> context) {
        if (Files.exists(model) && !Files.isRegularFile(model)) {
            throw new ConversionException(Diagnostic.error(model + " is not a regular file (a directory, device or "
                    + "pipe); MIL text is read from a .mil file"));
        }
        try {
            if (Files.size(model) > MAX_BYTES) {
                throw new ConversionException(Diagnostic.error(model + " is larger than " + (MAX_BYTES >> 20)
                        + " MiB; MIL text is for small programs"));
            }
            try (Reader text = new Utf8Reader(Files.newInputStream(model))) {
                return MilParser.parse(text, context.ops());
            }
        } catch (MilSyntaxException e) {
            throw new ConversionException(Diagnostic.error(e.getMessage())
                    .at(new Location("mil", "", "", model.toString(), e.line())));
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read " + model + ": " + e.getMessage()));
        }
    }
}
