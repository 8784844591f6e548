package dev.mil4j.converter;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.common.Blocks;
import dev.mil4j.core.text.MilPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Plugins for converter tests. */
final class TestPlugins {
    private TestPlugins() {
    }

    /** A plugin made of a Guice module, with a given id and API version. */
    static Mil4jPlugin plugin(String id, int apiVersion, Module module) {
        return new Mil4jPlugin() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public int apiVersion() {
                return apiVersion;
            }

            @Override
            public Module module() {
                return module;
            }
        };
    }

    static Mil4jPlugin plugin(String id, Module module) {
        return plugin(id, Mil4jPlugin.API_VERSION, module);
    }

    /**
     * A backend that writes the program as MIL text (atomically) and rejects custom ops, like the ML Program
     * backend does: enough to test the converter's flow end to end with real files.
     */
    static final class MilTextBackend implements Backend {
        @Override
        public String id() {
            return "miltext";
        }

        @Override
        public String description() {
            return "MIL text, for tests";
        }

        @Override
        public String fileExtension() {
            return ".mil";
        }

        @Override
        public List<Diagnostic> check(Program program, ConversionOptions options) {
            List<Diagnostic> out = new ArrayList<>();
            for (var block : Blocks.all(program)) {
                for (Operation op : block.operations()) {
                    if (op.def().isCustom()) {
                        out.add(Diagnostic.error("custom op `" + op.type() + "` cannot be written as MIL text")
                                .at(op.location()).forOp(op.name(), op.type()));
                    }
                }
            }
            return out;
        }

        @Override
        public void write(Program program, Path output, ConversionOptions options) {
            List<Diagnostic> problems = check(program, options);
            if (!problems.isEmpty()) {
                throw new ConversionException(problems);
            }
            try {
                Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".mil4j-", ".tmp");
                Files.writeString(tmp, MilPrinter.print(program));
                Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A frontend that accepts nothing; enough to own a translation registry. */
    record FakeFrontend(String id) implements dev.mil4j.converter.spi.Frontend<String> {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public Class<String> translationType() {
            return String.class;
        }

        @Override
        public boolean accepts(Path model) {
            return false;
        }

        @Override
        public Program load(Path model, dev.mil4j.converter.spi.FrontendContext<String> context) {
            throw new UnsupportedOperationException("fake frontend");
        }
    }

    static Mil4jPlugin milTextBackend() {
        return plugin("test-miltext-backend", binder -> Contributions.backend(binder, new MilTextBackend()));
    }
}
