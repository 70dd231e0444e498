package org.ruot4j.cli;

import com.google.gson.Gson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.ruot4j.data.DataSources;
import org.ruot4j.data.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ruot4j info}: what a data file or dataset holds (DESIGN.md §5.1, JSON layout §5.2). */
@Command(name = "info", mixinStandardHelpOptions = true, customSynopsis = {
        "ruot4j info --data=PATH|NAME [--time-column=NAME]",
        "                   [--features=NAME[,NAME...]] [--embedding=KEY]",
        "                   [--time-map=LABEL=TIME[,...]] [--json]"},
        description = "Show the time points, cells per time, dimension, features and relative masses of a data file "
                + "(.csv, .tsv, .h5ad) or a registered dataset.")
final class InfoCommand extends CliCommand {
    @Mixin
    DataOptions input;

    @Option(names = "--json", description = "Print JSON: {\"times\", \"counts\", \"dim\", \"features\", \"relative_mass\"}.")
    boolean json;

    @Override
    public Integer call() {
        Snapshots s = DataSources.load(input.data(spec), input.readOptions());
        PrintWriter out = out();
        out.println(json ? json(s) : table(s));
        out.flush();
        return 0;
    }

    /** {@code {"times": […], "counts": […], "dim": D, "features": […], "relative_mass": […]}} */
    static String json(Snapshots s) {
        Gson gson = new Gson();
        StringBuilder sb = new StringBuilder("{\"times\": [");
        for (int k = 0; k < s.numTimes(); k++) {
            sb.append(k == 0 ? "" : ", ").append(number(s.time(k)));
        }
        sb.append("], \"counts\": [");
        for (int k = 0; k < s.numTimes(); k++) {
            sb.append(k == 0 ? "" : ", ").append(s.count(k));
        }
        sb.append("], \"dim\": ").append(s.dim()).append(", \"features\": [");
        for (int j = 0; j < s.dim(); j++) {
            sb.append(j == 0 ? "" : ", ").append(gson.toJson(s.features().get(j)));
        }
        sb.append("], \"relative_mass\": [");
        for (int k = 0; k < s.numTimes(); k++) {
            sb.append(k == 0 ? "" : ", ").append(number(s.relativeMass(k)));
        }
        return sb.append("]}").toString();
    }

    static String table(Snapshots s) {
        StringBuilder sb = new StringBuilder();
        sb.append("data:        ").append(s.source()).append('\n');
        sb.append("time points: ").append(s.numTimes()).append('\n');
        sb.append("cells:       ").append(s.totalCount()).append('\n');
        sb.append("dimension:   D = ").append(s.dim()).append('\n');
        sb.append("features:    ").append(featureList(s.features())).append('\n');
        int w = "time".length();
        for (int k = 0; k < s.numTimes(); k++) {
            w = Math.max(w, number(s.time(k)).length());
        }
        String row = "%" + w + "s  %8s  %13s%n";
        sb.append(String.format(Locale.ROOT, row, "time", "cells", "relative mass"));
        for (int k = 0; k < s.numTimes(); k++) {
            sb.append(String.format(Locale.ROOT, row, number(s.time(k)), s.count(k),
                    String.format(Locale.ROOT, "%.4f", s.relativeMass(k))));
        }
        return sb.toString().stripTrailing();
    }

    private static String featureList(List<String> f) {
        if (f.size() <= 12) {
            return String.join(", ", f);
        }
        return String.join(", ", f.subList(0, 10)) + ", … , " + f.get(f.size() - 1);
    }

    /** Integral values without a fraction (0, not 0.0); others in full precision. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
