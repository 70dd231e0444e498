package org.ruot4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ruot4j.DidYouMean;
import org.ruot4j.RuotException;
import org.ruot4j.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ruot4j config keys [KEY…] | presets [NAME…]}: the settings a {@code --config FILE}, a {@code %%ruot config}
 * cell or {@code Session.config(…)} accepts, read from {@link TrainingConfig} itself so the listing cannot drift
 * from what the parser takes.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "List the configuration keys (with default and meaning) or the presets (with the values they set).",
        subcommands = {ConfigCommand.KeysCommand.class, ConfigCommand.PresetsCommand.class})
final class ConfigCommand extends CliCommand.Group {
    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "Every key as `name  default  meaning`; with KEY…, only those (a mistyped key gets a "
                    + "suggestion).")
    static final class KeysCommand extends CliCommand {
        @Parameters(arity = "0..*", paramLabel = "KEY", description = "Keys to show (default: all).")
        List<String> keys;

        @Override
        public Integer call() {
            String all = TrainingConfig.describeKeys();
            PrintWriter out = out();
            if (keys == null || keys.isEmpty()) {
                out.print(all);
            } else {
                Set<String> known = new TrainingConfig().asMap().keySet();
                for (String k : keys) {
                    if (!known.contains(k)) {
                        throw new RuotException("unknown config key '" + k + "'" + DidYouMean.suffix(k, known)
                                + " (`ruot4j config keys` lists every key)");
                    }
                    all.lines().filter(l -> l.split("\\s+", 2)[0].equals(k)).forEach(out::println);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "presets", mixinStandardHelpOptions = true,
            description = "Every preset (or the named ones) with the keys it sets; the other keys keep their defaults "
                    + "(`ruot4j config keys`).")
    static final class PresetsCommand extends CliCommand {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Presets to show (default: all).")
        List<String> names;

        @Override
        public Integer call() {
            List<String> all = TrainingConfig.presetNames();
            List<String> show = new ArrayList<>();
            if (names == null || names.isEmpty()) {
                show.addAll(all);
            } else {
                for (String n : names) {
                    String l = n.toLowerCase(Locale.ROOT);
                    if (!all.contains(l)) {
                        throw new RuotException("unknown preset '" + n + "'" + DidYouMean.suffix(l, all)
                                + "; presets: " + String.join(", ", all));
                    }
                    show.add(l);
                }
            }
            PrintWriter out = out();
            for (String p : show) {
                out.println(p + (p.equals(new TrainingConfig().presetName()) ? " (the default)" : "") + ":");
                for (Map.Entry<String, String> e : TrainingConfig.presetOverrides(p).entrySet()) {
                    out.println(String.format(Locale.ROOT, "  %-24s = %s", e.getKey(), e.getValue()));
                }
            }
            out.flush();
            return 0;
        }
    }
}
