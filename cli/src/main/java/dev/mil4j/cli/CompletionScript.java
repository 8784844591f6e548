package dev.mil4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the bash completion script of the {@code mil4j} command, generated from the same picocli model the command
 * runs with: {@code CompletionScript FILE} (the distribution's build calls it).
 */
public final class CompletionScript {
    private CompletionScript() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompletionScript FILE");
            System.exit(Mil4j.USAGE);
        }
        Path file = Path.of(args[0]);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, script());
    }

    /** The bash completion script of {@code mil4j}. */
    static String script() {
        return AutoComplete.bash("mil4j", new CommandLine(new Mil4j(StderrTerminal.NONE)));
    }
}
