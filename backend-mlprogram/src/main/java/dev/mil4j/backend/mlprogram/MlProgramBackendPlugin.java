package dev.mil4j.backend.mlprogram;

import com.google.inject.Module;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.Precision;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Contributes the {@code mlprogram} backend: {@code .mlpackage} output through {@link MlProgramBackend}. */
public final class MlProgramBackendPlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "mil4j-backend-mlprogram";
    }

    @Override
    public String version() {
        return Converter.VERSION;
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Module module() {
        return binder -> {
            Contributions.backend(binder, new Target());
            Contributions.pass(binder, new AdjustIoDtypesPass());
        };
    }

    /** The converter's view of the backend. */
    static final class Target implements Backend {
        private final MlProgramBackend backend = new MlProgramBackend();

        @Override
        public String id() {
            return ConvertOptions.MLPROGRAM;
        }

        @Override
        public String description() {
            return "Core ML ML Program (.mlpackage: MIL.proto and weight blob); iOS15 and later";
        }

        @Override
        public String fileExtension() {
            return ".mlpackage";
        }

        /** fp16 compute precision (the default) ends the pipeline with {@code common::add_fp16_cast}. */
        @Override
        public String pipeline(ConvertOptions options) {
            return options.computePrecision() == Precision.FP16 ? "default_fp16" : "default";
        }

        /** Outputs of dtypes an ML Program cannot describe are cast ({@code mlprogram::adjust_io_dtypes}). */
        @Override
        public List<String> requiredPasses(ConvertOptions options) {
            return List.of(AdjustIoDtypesPass.ID);
        }

        @Override
        public List<Diagnostic> check(Program program, ConvertOptions options) {
            return backend.check(program, options(options));
        }

        @Override
        public void write(Program program, Path output, ConvertOptions options) {
            try {
                backend.write(program, output, options(options), options.progressListener());
            } catch (UncheckedIOException e) {
                throw new ConversionException(Diagnostic.error("cannot write " + output + ": "
                        + e.getCause().getMessage()).withHint("check that the folder exists and is writable"));
            }
        }

        /** A directory holding a {@code Manifest.json} (an {@code .mlpackage}) is read back into MIL. */
        @Override
        public Optional<Program> read(Path model, OpRegistry ops) {
            if (!Files.isRegularFile(model.resolve("Manifest.json"))) {
                return Optional.empty();
            }
            try {
                return Optional.of(backend.read(model, ops));
            } catch (UncheckedIOException e) {
                throw new ConversionException(Diagnostic.error("cannot read " + model + ": " + e.getCause()
                        .getMessage()).withHint("is it a complete .mlpackage (Manifest.json, Data/...)?"));
            }
        }

        private static MlProgramOptions options(ConvertOptions options) {
            MlProgramOptions.Builder b = MlProgramOptions.builder();
            options.dimBounds().forEach(b::dimBound);
            return b.build();
        }
    }
}
