package dev.mil4j.cli;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j custom-layer-stub OP -o DIR}: writes the Swift {@code MLCustomLayer} class skeleton of a custom op,
 * from its binding: class name, parameters read from the dictionary with their types, inputs in binding order.
 */
@Command(name = "custom-layer-stub", mixinStandardHelpOptions = true,
        description = "Write the Swift MLCustomLayer skeleton of a custom op.")
final class CustomLayerStubCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OP", description = "the custom op's name")
    String op;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "the folder to write to")
    Path dir;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        OpRegistry ops = plugins.converter().plugins().ops();
        OpDef def = ops.customOps().stream().filter(d -> d.name().equals(op)).reduce((a, b) -> b)
                .orElseThrow(() -> new Mil4j.UsageException("no custom op named '" + op + "'; custom ops: "
                        + (ops.customOps().isEmpty() ? "(none: load the plugin that defines it with --plugin)"
                                : String.join(", ", ops.customOps().stream().map(OpDef::name).distinct()
                                        .toList()))));
        SwiftStub stub = SwiftStub.of(def);
        Path file = dir.resolve(stub.fileName());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, stub.source());
        } catch (IOException e) {
            throw new Mil4j.UsageException("cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + file);
        return Mil4j.OK;
    }
}
