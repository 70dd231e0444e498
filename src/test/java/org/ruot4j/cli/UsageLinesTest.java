package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.cli.CliRun.run;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruot4j.cli.CliRun.Result;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The usage lines of the commands that need data show {@code --data} as required, and, being written by hand,
 * name every option the command has (so they cannot drift from the options), and fit 80 columns unwrapped.
 */
class UsageLinesTest {
    @Test
    void commandsThatNeedDataShowItAsRequiredAndNameEveryOption() {
        for (Object command : List.of(new EvaluateCommand(), new InfoCommand(), new ExportCommand(), new FitCommand())) {
            CommandLine cl = new CommandLine(command);
            String name = cl.getCommandName();
            Result h = run(name, "--help");
            assertEquals(0, h.code(), name);
            String synopsis = String.join("\n", cl.getCommandSpec().usageMessage().customSynopsis());
            String shown = h.out().substring(0, h.out().indexOf(cl.getCommandSpec().usageMessage().description()[0]
                    .substring(0, 20)));
            assertTrue(shown.startsWith("Usage: ruot4j " + name + " ") && shown.contains("--data=PATH|NAME")
                    && !shown.contains("[--data"), shown);
            assertTrue(synopsis.contains("--data=PATH|NAME") && !synopsis.contains("[--data"), name + ": " + synopsis);
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                assertTrue(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(o.longestName()) + "(=|]|\\s|$)",
                        java.util.regex.Pattern.MULTILINE).matcher(synopsis).find(), name + ": the usage line lacks "
                        + o.longestName() + ":\n" + synopsis);
            }
            assertFalse(synopsis.contains("…..."), synopsis);
            // picocli wraps a line wider than its 80 columns and starts the rest at column 0: every shown line of
            // the synopsis fits, and every line after the first is indented under the command
            String[] lines = shown.strip().split("\n");
            for (int i = 0; i < lines.length; i++) {
                assertTrue(lines[i].length() <= 80, name + ": usage line wider than 80 columns: " + lines[i]);
                assertTrue(i == 0 || lines[i].startsWith("       "), name + ": wrapped usage line: " + lines[i]);
            }
        }
    }
}
