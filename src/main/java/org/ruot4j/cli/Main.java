package org.ruot4j.cli;

import java.io.PrintWriter;
import org.ruot4j.RuotException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ruot4j} command line (DESIGN.md §5.1). Every subcommand is a thin shell over the library:
 * it parses options, calls the same objects the notebook uses and prints their results. Errors the user can
 * fix ({@link RuotException}) are printed as one line and give exit code 1.
 */
@Command(name = "ruot4j", mixinStandardHelpOptions = true, version = "ruot4j 0.1.0",
        description = "Learn cell-population dynamics (velocity, growth, noise) from snapshots by regularized "
                + "unbalanced optimal transport.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Object sub : Subcommands.all()) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable e = ex;
            while (!(e instanceof RuotException) && e.getCause() != null) {
                e = e.getCause();
            }
            PrintWriter err = cmd.getErr();
            if (e instanceof RuotException) {
                err.println("ruot4j: " + e.getMessage());
            } else {
                err.println("ruot4j: internal error: " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }
}
