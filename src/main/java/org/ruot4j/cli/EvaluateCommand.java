package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.DataSources;
import org.ruot4j.data.Snapshots;
import org.ruot4j.train.Evaluator;
import org.ruot4j.train.MetricsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ruot4j evaluate}: W1, W2, TMV of a saved model against data (DESIGN.md §4). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, customSynopsis = {
        "ruot4j evaluate --model=DIR --data=PATH|NAME [--time-column=NAME]",
        "                       [--features=NAME[,NAME...]] [--embedding=KEY]",
        "                       [--time-map=LABEL=TIME[,...]] [--mode=ode|sde]",
        "                       [--out=FILE]"},
        description = "Evaluate a saved model against snapshots: W1, W2 and TMV at every time after t0.")
final class EvaluateCommand extends CliCommand {
    @Mixin
    ModelOption model;

    @Mixin
    DataOptions input;

    @Option(names = "--mode", paramLabel = "ode|sde", description = "Print only this mode (metrics.json has both).")
    String mode;

    @Option(names = "--out", paramLabel = "FILE", description = "Write metrics.json here.")
    Path out;

    @Override
    public Integer call() {
        if (mode != null && !mode.equalsIgnoreCase("ode") && !mode.equalsIgnoreCase("sde")) {
            throw new RuotException("--mode: expected ode or sde, got '" + mode + "'");
        }
        Snapshots s = DataSources.load(input.data(spec), input.readOptions());
        PrintWriter pw = out();
        try (Session session = Session.create()) {
            session.restore(model.dir());
            session.load(s);
            MetricsReport r = session.evaluate();
            if (mode == null) {
                pw.println(r.toTable());
            } else {
                MetricsReport.Series se = mode.equalsIgnoreCase("ode") ? r.ode() : r.sde();
                pw.println(String.format(Locale.ROOT, "%-8s %9s %9s %9s", "time", "W1", "W2", "TMV"));
                double[] t = r.times();
                for (int k = 1; k < t.length; k++) {
                    pw.println(String.format(Locale.ROOT, "%-8s %9.4f %9.4f %9.4f", t[k], se.w1()[k], se.w2()[k],
                            se.tmv()[k]));
                }
            }
            if (out != null) {
                r.write(out);
                pw.println("wrote " + out);
            }
        }
        pw.flush();
        return 0;
    }

    static Class<?> evaluator() {
        return Evaluator.class;
    }
}
