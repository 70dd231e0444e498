package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.train.Checkpoint;
import org.ruot4j.train.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruot4j simulate}: particles of a saved model at chosen times, as CSV. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a saved model from t0 cells to the given times (ODE, SDE or branching SDE); writes "
                + "CSV with columns time,particle,weight,<features>.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory.")
    Path model;

    @Option(names = "--data", paramLabel = "PATH|NAME",
            description = "Data whose t0 cells start the simulation (default: the source recorded in the model).")
    String data;

    @Option(names = "--mode", required = true, paramLabel = "ode|sde|branching", description = "Dynamics.")
    String mode;

    @Option(names = "--times", required = true, split = ",", paramLabel = "T,…", description = "Output times.")
    List<Double> times;

    @Option(names = "--cells", paramLabel = "N", defaultValue = "0",
            description = "Start from at most N t0 cells (default: all).")
    int cells;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV.")
    Path out;

    @Override
    public Integer call() {
        Path dir = EvaluateCommand.modelDir(model);
        String source = data;
        if (source == null) {
            source = Checkpoint.load(dir, ai.djl.Device.cpu()).data().source();
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        PrintWriter pw = spec.commandLine().getOut();
        try (Session s = Session.create()) {
            s.restore(dir);
            s.load(source);
            Snapshots d = s.data();
            if (d == null) {
                throw new RuotException("no data to start from");
            }
            Simulation sim = s.simulate(mode, t, cells);
            sim.writeCsv(out);
            for (int k = 0; k < t.length; k++) {
                pw.println(String.format(Locale.ROOT, "t=%s: %d particles, mass %.4f", t[k], sim.count(k), sim.mass(k)));
            }
            pw.println("wrote " + out);
        }
        pw.flush();
        return 0;
    }
}
