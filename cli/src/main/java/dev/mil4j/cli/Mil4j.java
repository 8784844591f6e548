package dev.mil4j.cli;

import dev.mil4j.converter.PluginException;
import dev.mil4j.core.diag.ConversionException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mil4j} command. Exit codes: 0 success, 1 when conversion diagnostics stop the work (all printed),
 * 2 for usage errors (bad options, unusable plugins).
 */
@Command(name = "mil4j", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Core ML model conversion for the JVM.",
        subcommands = {ConvertCommand.class, CompressCommand.class, RunCommand.class, VerifyCommand.class,
            MergeCommand.class, EditCommand.class, InspectCommand.class, OptimizeCommand.class, OpsCommand.class,
            PluginsCommand.class, CustomLayerStubCommand.class})
public final class Mil4j implements Runnable {
    public static final int OK = 0;
    public static final int DIAGNOSTICS = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final StderrTerminal terminal;

    Mil4j(StderrTerminal terminal) {
        this.terminal = terminal;
    }

    /** What the error stream is: the process's standard error as detected by {@link #main}, else plain lines. */
    StderrTerminal terminal() {
        return terminal;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: convert, compress, run, verify, merge, edit, "
                + "inspect, optimize, ops, plugins, custom-layer-stub");
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(new PrintWriter(System.out, true), err, StderrTerminal.detect(System.getenv(), err::println),
                args));
    }

    /**
     * Runs the command in-process with the given streams; returns the exit code. {@code err} gets plain lines, no
     * progress redrawn in place.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, StderrTerminal.NONE, args);
    }

    static int run(PrintWriter out, PrintWriter err, StderrTerminal terminal, String... args) {
        CommandLine cl = new CommandLine(new Mil4j(terminal));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConversionException ce) {
                commandLine.getErr().println(ce.getMessage());
                return DIAGNOSTICS;
            }
            if (e instanceof PluginException || e instanceof UsageException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return USAGE;
            }
            throw e;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // the command's data is unreachable once the stack has unwound, so there is room to say what to do
            err.println(outOfMemoryMessage(e, Runtime.getRuntime().maxMemory() >> 20, args));
            code = DIAGNOSTICS;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * What to say when a command ran out of memory: give the JVM more heap, unless one array was asked for that is
     * larger than any heap allows (then a shape or size in the input is absurd, and more heap cannot help).
     */
    static String outOfMemoryMessage(OutOfMemoryError e, long maxMiB, String... args) {
        String command = "`mil4j " + String.join(" ", args) + "`";
        if (String.valueOf(e.getMessage()).contains("exceeds VM limit")) {
            return "error: " + command + " asked for an array larger than the JVM allows (" + e.getMessage()
                    + "); nothing was written. A shape or size in the model or the options is far too large:"
                    + " check the --input shapes and the model";
        }
        return "error: the JVM ran out of heap memory (" + e.getMessage() + "; at most " + maxMiB + " MiB) while"
                + " running " + command + "; nothing was written. Give it more heap, for example"
                + " MIL4J_JAVA_OPTS=-Xmx" + Math.max(2 * maxMiB, 512) + "m ./mil4j ...";
    }

    /** A usage problem found while running a command (exit code 2). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
