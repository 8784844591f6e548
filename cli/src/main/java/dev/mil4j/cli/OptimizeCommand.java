package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.PassReport;
import dev.mil4j.core.text.MilPrinter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j optimize MODEL}: translates a model to MIL, runs a pass pipeline and prints the program to standard
 * output; progress, timings ({@code -v}) and the pass table ({@code --report}) go to standard error.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Translate a model to MIL, run a pass pipeline on it and print the MIL text.")
final class OptimizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the source model")
    Path model;

    @Option(names = "--pipeline", defaultValue = "default", paramLabel = "NAME",
            description = "the pipeline to run (default: ${DEFAULT-VALUE}); `empty` prints the translation")
    String pipeline;

    @Option(names = "--pipeline-remove", paramLabel = "PASS", description = "remove a pass from the pipeline")
    List<String> remove = new ArrayList<>();

    @Option(names = "--input", paramLabel = "NAME:DIMS[:DTYPE]", description = "an input's name, shape and dtype")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--elide", paramLabel = "N", defaultValue = "-1",
            description = "print constants of more than N elements as <N elements>")
    long elide;

    @Option(names = "--report", description = "print the per-pass timing and statistics to stderr")
    boolean report;

    @Mixin
    OutputOptions output;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        ProgressDisplay display = output.display();
        Converter converter = plugins.converter();
        ConvertOptions.Builder options = ConvertOptions.builder().progressListener(display);
        for (String in : inputs) {
            try {
                options.input(InputType.parse(in));
            } catch (IllegalArgumentException e) {
                throw new Mil4j.UsageException(e.getMessage());
            }
        }
        PassPipeline p;
        try {
            p = converter.plugins().passes().pipeline(pipeline);
            for (String r : remove) {
                p = p.remove(r);
            }
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
        Program program;
        PassReport r;
        try (display) {
            program = converter.load(model, options.build());
            long start = System.nanoTime();
            display.stageStarted(ProgressListener.PASSES);
            r = PassManager.of(converter.plugins().passes(), converter.plugins().ops())
                    .verifyingEachPass(true).withListener(ProgressListener.passListener(display)).run(program, p);
            display.stageFinished(ProgressListener.PASSES, System.nanoTime() - start);
            if (report) {
                display.message(r.render().stripTrailing());
            }
        }
        spec.commandLine().getOut().print(elide >= 0 ? MilPrinter.eliding(elide).format(program)
                : MilPrinter.print(program));
        return Mil4j.OK;
    }
}
