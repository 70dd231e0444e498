package org.ruot4j.cli;

import java.util.List;

/** The registry of subcommands: one place to add a command class. */
final class Subcommands {
    private Subcommands() {
    }

    static List<Object> all() {
        return List.of(new InfoCommand(), new DatasetsCommand(), new FitCommand(), new QuickstartCommand(),
                new EvaluateCommand(), new SimulateCommand(), new org.ruot4j.kernel.KernelCommand(),
                new ExportCommand(), new ImportDeepRuotCommand(), new ConfigCommand(), new GradeCommand());
    }
}
