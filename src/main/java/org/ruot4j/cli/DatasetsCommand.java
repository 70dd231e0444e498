package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ruot4j.data.Dataset;
import org.ruot4j.data.DatasetRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ruot4j datasets list | fetch NAME…}: the published datasets and the local cache. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the published datasets (cache: RUOT4J_DATA or ~/.cache/ruot4j) or download them. A dataset "
                + "name works wherever a data path does (--data emt).",
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.FetchCommand.class})
final class DatasetsCommand extends CliCommand.Group {
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Name, dimension, time points, cache state and download URL of each dataset.")
    static final class ListCommand extends CliCommand {
        @Override
        public Integer call() {
            DatasetRegistry reg = DatasetRegistry.standard();
            PrintWriter out = out();
            out.println(render(reg));
            out.flush();
            return 0;
        }

        static String render(DatasetRegistry reg) {
            StringBuilder sb = new StringBuilder();
            String row = "%-20s %4s  %-10s %-15s %s%n";
            sb.append(String.format(Locale.ROOT, row, "name", "D", "times", "cached", "url"));
            for (Dataset d : reg.datasets()) {
                String state = reg.state(d);
                String cached = switch (state) {
                    case "missing" -> "no";
                    case "verified", "pinned" -> "yes";
                    default -> state;
                };
                sb.append(String.format(Locale.ROOT, row, d.name(), d.dim(), d.times(), cached, d.urls().get(0)));
            }
            sb.append("cache: ").append(reg.cacheDir()).append(" (set RUOT4J_DATA to move it)\n");
            List<String> unknown = reg.datasets().stream().filter(d -> !d.checksumKnown()).map(Dataset::name).toList();
            if (!unknown.isEmpty()) {
                sb.append("checksum pinned at first fetch: ").append(String.join(", ", unknown)).append('\n');
            }
            return sb.toString().stripTrailing();
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download datasets into the cache (verified by SHA-256); a verified cached copy is kept. "
                    + "With --from FILE, take a file you downloaded yourself instead (checked the same way, then cached).")
    static final class FetchCommand extends CliCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Dataset names (see `ruot4j datasets list`).")
        List<String> names;

        @picocli.CommandLine.Option(names = "--from", paramLabel = "FILE",
                description = "A copy of the dataset's file you already have (one NAME only); nothing is downloaded.")
        Path from;

        @Override
        public Integer call() {
            DatasetRegistry reg = DatasetRegistry.standard();
            PrintWriter out = out();
            if (from != null && names.size() != 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--from FILE takes exactly one dataset NAME, got " + names.size());
            }
            for (String name : names) {
                Path p = from != null ? reg.importFile(name, from) : reg.fetch(name);
                out.println(name + ": " + p + " (SHA-256 " + DatasetRegistry.sha256(p) + ")");
                out.flush();
            }
            return 0;
        }
    }
}
