package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ruot4j.Session;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.train.GrowthCheck;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ruot4j quickstart}: a synthetic two-gene toggle switch whose fates grow at different rates, fitted with
 * the {@code quick} preset on the CPU; prints the metrics table and how often the learned growth rate has the
 * sign of the true one at the last time's cells.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Fit a synthetic gene network (toggle switch with growth) end to end on the CPU in minutes.")
final class QuickstartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "quickstart-out",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The quickstart data: 400 cells at t = 0…4; fate 2 divides, fate 1 dies (g ≈ +0.45 and ≈ −0.4). */
    static SyntheticDataset data(long seed) {
        return ToggleSwitch.builder().cells(400).times(0, 1, 2, 3, 4).sigma(0.1).seed(seed).maxCellsPerTime(600)
                .deathRate(0.2, 0.4).build().generate();
    }

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        SyntheticDataset ds = data(seed);
        pw.println("quickstart: " + ds.snapshots());
        pw.flush();
        try (OutputLock lock = OutputLock.acquire(out);
                Session s = Session.create().preset("quick").device("cpu").seed(seed)) {
            FitCommand.noteTakeOver(spec, lock);
            s.load(ds.snapshots());
            s.addListener(ProgressBar.forStderr());
            MetricsReport r = FitCommand.fitAndWrite(s, out, ds.truth());
            pw.println(r.toTable());
            GrowthCheck.Result g = GrowthCheck.compare(s.model(), ds);
            pw.println(String.format(Locale.ROOT,
                    "growth sign accuracy at t=%s: %.1f%% of %d cells (fate 1 true g=%.3f learned %.3f; fate 2 true "
                            + "g=%.3f learned %.3f)", fmt(g.time()), 100 * g.signAccuracy(), g.cells(), g.trueFate1(),
                    g.learnedFate1(), g.trueFate2(), g.learnedFate2()));
            pw.println(org.ruot4j.train.FateGrowthCheck.compare(s.model(), ds.snapshots(), ds.truth()).summary());
            pw.println(String.format(Locale.ROOT, "time: %.1f s; wrote %s", r.seconds().get("total"), out.toAbsolutePath()));
        }
        pw.flush();
        return 0;
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }
}
