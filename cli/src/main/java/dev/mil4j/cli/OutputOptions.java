package dev.mil4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -q} and {@code -v}: how much a command says on standard error. By default, a progress display on a
 * terminal, then a summary line and warnings; {@code -q}, errors only; {@code -v}, also each stage's time.
 */
final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-q", "--quiet"}, description = "print errors only")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "also print the time of each stage (load, translate, passes, "
            + "check, write)")
    boolean verbose;

    /** The display for this run of the command, on its error stream. */
    ProgressDisplay display() {
        if (quiet && verbose) {
            throw new Mil4j.UsageException("-q and -v contradict each other; give one");
        }
        ProgressDisplay.Level level = quiet ? ProgressDisplay.Level.QUIET
                : verbose ? ProgressDisplay.Level.VERBOSE : ProgressDisplay.Level.NORMAL;
        StderrTerminal terminal = mixee.root().userObject() instanceof Mil4j m ? m.terminal() : StderrTerminal.NONE;
        return new ProgressDisplay(mixee.commandLine().getErr(), terminal, level, System::nanoTime);
    }
}
