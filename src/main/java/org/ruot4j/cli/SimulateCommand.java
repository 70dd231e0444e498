package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.DataSources;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.StepProgress;
import org.ruot4j.dynamics.TimeGrid;
import org.ruot4j.train.Checkpoint;
import org.ruot4j.train.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ruot4j simulate}: particles of a saved model at chosen times, as CSV. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a saved model from t0 cells to the given times (ODE, SDE or branching SDE); writes "
                + "CSV with columns time,particle,weight,<features> (the model's features, matched by name to the "
                + "data's columns).")
final class SimulateCommand extends CliCommand {
    @Mixin
    ModelOption model;

    // --data is optional here: without it the t0 cells come from the source recorded in the model
    @Mixin
    DataOptions input;

    @Option(names = "--mode", required = true, paramLabel = "ode|sde|branching", description = "Dynamics.")
    String mode;

    @Option(names = "--times", required = true, split = ",", paramLabel = "T,…",
            description = "Output times: strictly increasing, none before t0.")
    List<Double> times;

    @Option(names = "--cells", paramLabel = "N",
            description = "Start from N (≥ 2) t0 cells drawn at random with the model's seed (default: all).")
    Integer cells;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "" + TimeGrid.DEFAULT_MAX_STEPS,
            description = "Refuse runs of more than N integration steps from t0 (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        if (cells != null && cells < 2) {
            throw new RuotException("--cells: expected a whole number >= 2 (t0 cells to start from), got " + cells
                    + " (leave it out to start from all t0 cells)");
        }
        if (maxSteps < 1) {
            throw new RuotException("--max-steps: expected a whole number >= 1, got " + maxSteps);
        }
        Path dir = model.dir();
        Checkpoint.DataInfo fitted = fittedOn(dir);
        String source = input.data != null ? input.data : fitted.source();
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        PrintWriter pw = out();
        PrintWriter err = err();
        try (Session s = Session.create()) {
            s.restore(dir);
            Snapshots d = DataSources.load(source, input.readOptions());
            s.load(d);
            double step = s.config().getDouble("eval.step");
            long steps = TimeGrid.check(s.data().time(0), t, step, maxSteps);
            double[] observed = fitted.times().length > 0 ? fitted.times() : s.data().times();
            String warning = TimeGrid.extrapolationWarning(t, observed[0], observed[observed.length - 1]);
            if (warning != null) {
                err.println("ruot4j: warning: " + warning);
                err.flush();
            }
            SimulationProgress progress = new SimulationProgress(err, s.data().time(0), t[t.length - 1], steps);
            Simulation sim = StepProgress.during(progress, () -> s.simulate(mode, t, cells == null ? 0 : cells,
                    maxSteps));
            sim.writeCsv(out);
            for (int k = 0; k < t.length; k++) {
                pw.println(String.format(Locale.ROOT, "t=%s: %d particles, mass %.4f", t[k], sim.count(k), sim.mass(k)));
            }
            pw.println("wrote " + out);
        }
        pw.flush();
        return 0;
    }

    /** What the model in {@code dir} was fitted on (its parameters are read to check the directory, then freed). */
    private static Checkpoint.DataInfo fittedOn(Path dir) {
        Checkpoint.Loaded l = Checkpoint.load(dir, ai.djl.Device.cpu());
        l.model().close();
        return l.data();
    }
}
