package org.ruot4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.train.MetricsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruot4j fit}: all three stages on a data set, writing model/, metrics.json, history.csv, plots/ and report.html. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit velocity, growth and score to snapshots (pretrain, score, train), then evaluate. Writes "
                + "DIR/model/, DIR/metrics.json, DIR/history.csv, DIR/plots/*.png and DIR/report.html.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH|NAME", description = "Data file or dataset name.")
    String data;

    @Option(names = "--time-column", paramLabel = "NAME", defaultValue = ReadOptions.DEFAULT_TIME_COLUMN,
            description = "Time column (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--features", split = ",", paramLabel = "A,B,…", description = "Feature columns to use.")
    List<String> features;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "simulation | emt | gaussian | hematopoiesis | quick (default: simulation).")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "A file of 'key = value' lines.")
    Path configFile;

    @Option(names = "--sigma", paramLabel = "S", description = "Noise strength σ > 0 (overrides the preset).")
    Double sigma;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
    Long seed;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", description = "Device (default cpu).")
    String device;

    @Option(names = "--hold-out", paramLabel = "K",
            description = "Train without time index K (1 ≤ K < number of times), evaluate there too.")
    Integer holdOut;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() {
        if (preset != null && configFile != null) {
            throw new RuotException("give either --preset or --config, not both (a config file may set 'preset = NAME')");
        }
        PrintWriter pw = spec.commandLine().getOut();
        try (Session s = Session.create()) {
            s.preset(preset == null ? "simulation" : preset);
            if (configFile != null) {
                s.config(readConfig(configFile));
            }
            if (sigma != null) {
                s.sigma(sigma);
            }
            if (seed != null) {
                s.seed(seed);
            }
            if (device != null) {
                s.device(device);
            }
            s.load(data, ReadOptions.defaults().withTimeColumn(timeColumn).withFeatures(features));
            if (holdOut != null) {
                s.holdOut(holdOut);
            }
            s.addListener(ProgressBar.forStderr());
            MetricsReport r = fitAndWrite(s, out);
            pw.println(r.toTable());
            pw.println("wrote " + out.resolve("model") + ", " + out.resolve("metrics.json") + ", "
                    + out.resolve("history.csv") + ", " + out.resolve("report.html"));
        }
        pw.flush();
        return 0;
    }

    /** Runs all stages, evaluates and writes DIR/model, DIR/metrics.json, DIR/history.csv and the report. */
    static MetricsReport fitAndWrite(Session s, Path out) {
        return fitAndWrite(s, out, null);
    }

    /** As {@link #fitAndWrite(Session, Path)}; with the known truth of synthetic data the report compares to it. */
    static MetricsReport fitAndWrite(Session s, Path out, org.ruot4j.data.synthetic.GroundTruth truth) {
        s.fit();
        MetricsReport r = s.evaluate();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new RuotException(out + ": cannot create the output directory: " + e.getMessage());
        }
        s.save(out.resolve("model"));
        r.write(out.resolve("metrics.json"));
        s.history().writeCsv(out.resolve("history.csv"));
        org.ruot4j.analysis.Report.write(s, r, out, truth); // report.html and plots/*.png
        return r;
    }

    static String readConfig(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read the config file: " + e.getMessage());
        }
    }
}
