package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ruot4j.FitRun;
import org.ruot4j.Session;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.train.FateGrowthCheck;
import org.ruot4j.train.MetricsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ruot4j quickstart}: a synthetic two-gene toggle switch whose fates grow at different rates, fitted with
 * the {@code quick} preset on the CPU by a {@link FitRun}; prints the metrics table and how often the learned growth
 * rate has the sign of the true one at the last time's cells.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Fit a synthetic gene network (toggle switch with growth) end to end on the CPU in minutes. "
                + "Writes the files of `fit` (but fit.json: the data are made in memory) into DIR; the results of an "
                + "earlier quickstart there are replaced once the new fit completes.")
final class QuickstartCommand extends CliCommand {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "quickstart-out",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Replace a fit written by `ruot4j fit` in DIR too.")
    boolean force;

    /** The quickstart data: 400 cells at t = 0…4; fate 2 divides, fate 1 dies (g ≈ +0.45 and ≈ −0.4). */
    static SyntheticDataset data(long seed) {
        return ToggleSwitch.builder().cells(400).times(0, 1, 2, 3, 4).sigma(0.1).seed(seed).maxCellsPerTime(600)
                .deathRate(0.2, 0.4).build().generate();
    }

    @Override
    public Integer call() {
        PrintWriter pw = out();
        SyntheticDataset ds = data(seed);
        pw.println("quickstart: " + ds.snapshots());
        pw.flush();
        // an earlier quickstart (no fit.json) is replaced; the output of `ruot4j fit` only with --force
        boolean replace = force || !Files.exists(out.resolve("fit.json"));
        try (Session s = Session.create().preset("quick").device("cpu").seed(seed)) {
            s.load(ds.snapshots());
            s.addListener(ProgressBar.forStderr());
            MetricsReport r = FitRun.of(s, out).truth(ds.truth()).force(replace).notes(l -> {
                err().println("ruot4j: " + l);
                err().flush();
            }).run();
            pw.println(r.toTable());
            FateGrowthCheck.Result g = FateGrowthCheck.compare(s.model(), ds.snapshots(), ds.truth());
            pw.println(String.format(Locale.ROOT, "growth sign accuracy at t=%s: %.1f%% of %d cells", fmt(g.time()),
                    100 * g.signAccuracy(), g.cellCount()));
            pw.println(g.summary());
            pw.println(String.format(Locale.ROOT, "time: %.1f s; wrote %s", r.seconds().get("total"), out.toAbsolutePath()));
        }
        pw.flush();
        return 0;
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }
}
