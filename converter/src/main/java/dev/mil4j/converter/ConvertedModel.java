package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.PassReport;
import java.nio.file.Path;
import java.util.List;

/**
 * A converted model, checked by its backend and ready to be saved. Not thread-safe: one per conversion.
 */
public final class ConvertedModel {
    private final Program program;
    private final Backend backend;
    private final ConvertOptions options;
    private final PassReport passReport;
    private final List<Diagnostic> warnings;

    ConvertedModel(Program program, Backend backend, ConvertOptions options, PassReport passReport,
            List<Diagnostic> warnings) {
        this.program = requireNonNull(program, "program is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.options = requireNonNull(options, "options is null");
        this.passReport = requireNonNull(passReport, "passReport is null");
        this.warnings = List.copyOf(warnings);
    }

    /** The MIL program after the pipeline. */
    public Program program() {
        return program;
    }

    public Backend backend() {
        return backend;
    }

    public ConvertOptions options() {
        return options;
    }

    /** Per-pass timings and statistics. */
    public PassReport passReport() {
        return passReport;
    }

    /** Diagnostics that did not stop the conversion. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /**
     * Writes the model (atomically: on failure nothing is left at {@code output}).
     *
     * @throws dev.mil4j.core.diag.ConversionException with every problem found
     */
    public void save(Path output) {
        Stages stages = Stages.writing(options.progressListener(), program);
        stages.start(ProgressListener.WRITE);
        backend.write(program, output, options.toBuilder().progressListener(stages).build());
        stages.finish();
    }
}
