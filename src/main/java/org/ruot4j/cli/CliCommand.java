package org.ruot4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every ruot4j subcommand has: picocli's model of the command, injected, whose writers the command prints
 * to (so a caller of {@link Main#run} that sets its own writers sees all of it).
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The command line's standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The command line's error output: progress, warnings, usage. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * A command that only groups subcommands ({@code config}, {@code datasets}): called without one, it shows its
     * usage on the error output and exits with picocli's usage-error code 2.
     */
    abstract static class Group extends CliCommand {
        @Override
        public Integer call() {
            spec.commandLine().usage(err());
            return 2;
        }
    }
}
