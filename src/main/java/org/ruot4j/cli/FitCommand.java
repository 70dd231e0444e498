package org.ruot4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.train.FitCheckpoints;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.TrainingDivergedException;
import org.ruot4j.train.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruot4j fit}: all three stages on a data set, writing model/, metrics.json, history.csv, plots/ and report.html. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit velocity, growth and score to snapshots (pretrain, score, train), then evaluate. Writes "
                + "DIR/model/, DIR/metrics.json, DIR/history.csv, DIR/plots/*.png and DIR/report.html; while it "
                + "trains, DIR/fit.json and resumable checkpoints in DIR/checkpoints/ (every checkpoint.every epochs "
                + "and after each stage). A fit that was stopped or killed continues with --resume DIR.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "auto | simulation | emt | gaussian | hematopoiesis | quick (default: auto, settings derived "
                    + "from the data and printed; the named presets reproduce the papers' settings).")
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

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required unless --resume).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the fit whose output directory is DIR from its last checkpoint, with the settings "
                    + "saved in DIR/fit.json (give no other options); the result equals an uninterrupted run's on CPU.")
    Path resume;

    @Override
    public Integer call() {
        if (resume != null) {
            return resume();
        }
        if (out == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--out=DIR' (or --resume=DIR)");
        }
        String data = input.data(spec);
        if (preset != null && configFile != null) {
            throw new RuotException("give either --preset or --config, not both (a config file may set 'preset = NAME')");
        }
        try (OutputLock lock = OutputLock.acquire(out); Session s = Session.create()) {
            noteTakeOver(spec, lock);
            s.preset(preset == null ? org.ruot4j.train.AutoSettings.PRESET : preset);
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
            s.load(data, input.readOptions());
            if (holdOut != null) {
                s.holdOut(holdOut);
            }
            printAutoSettings(s);
            // checkpoints of an earlier fit into this directory must never be resumed with these settings
            new FitCheckpoints(out.resolve(CHECKPOINTS)).deleteAll();
            FitSettings.of(s, data, input, holdOut).write(out);
            s.checkpointTo(out.resolve(CHECKPOINTS));
            fitCheckpointed(s, out);
        }
        return 0;
    }

    /** True when DIR/metrics.json was written after DIR/fit.json, i.e. by the fit those settings started. */
    private static boolean completedAfterSettings(Path dir) {
        try {
            Path m = dir.resolve("metrics.json");
            return Files.exists(m) && Files.getLastModifiedTime(m).compareTo(
                    Files.getLastModifiedTime(dir.resolve(FitSettings.FILE))) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Directory of the resumable checkpoints inside the output directory. */
    static final String CHECKPOINTS = "checkpoints";

    /** {@code fit --resume DIR}: the session of DIR/fit.json, continued from DIR's latest checkpoint. */
    private Integer resume() {
        if (input.data != null || preset != null || configFile != null || sigma != null || seed != null
                || device != null || holdOut != null || (out != null && !out.equals(resume))) {
            throw new RuotException("--resume DIR continues with the settings saved in " + resume.resolve(FitSettings.FILE)
                    + "; give no other options");
        }
        Path dir = resume;
        FitSettings settings = FitSettings.read(dir);
        try (OutputLock lock = OutputLock.acquire(dir); Session s = Session.create()) {
            noteTakeOver(spec, lock);
            settings.applyTo(s);
            printAutoSettings(s);
            s.checkpointTo(dir.resolve(CHECKPOINTS));
            if (s.resumeFrom(dir.resolve(CHECKPOINTS))) {
                spec.commandLine().getErr().println("ruot4j: resuming " + dir + " from its last checkpoint");
            } else if (completedAfterSettings(dir)) {
                throw new RuotException(dir + ": this fit is complete (" + dir.resolve("metrics.json")
                        + " exists); nothing to resume");
            } else {
                spec.commandLine().getErr().println("ruot4j: " + dir + " has no checkpoint yet; starting the fit from "
                        + "the beginning");
            }
            spec.commandLine().getErr().flush();
            fitCheckpointed(s, dir);
        }
        return 0;
    }

    /**
     * {@link #fitAndWrite} with a progress bar for a session that writes checkpoints into DIR/checkpoints: those are
     * deleted once the outputs are written; then the metrics table and the files written are printed. When the
     * training diverges, the last good model and the history so far are still written to DIR/model and
     * DIR/history.csv before the error is reported.
     */
    private void fitCheckpointed(Session s, Path out) {
        s.addListener(ProgressBar.forStderr());
        MetricsReport r;
        try {
            r = fitAndWrite(s, out);
        } catch (TrainingDivergedException e) {
            s.save(out.resolve("model"));
            s.history().writeCsv(out.resolve("history.csv"));
            throw new RuotException(e.getMessage() + "; the last good model and the history were written to "
                    + out.resolve("model") + " and " + out.resolve("history.csv"));
        }
        new FitCheckpoints(out.resolve(CHECKPOINTS)).deleteAll();
        PrintWriter pw = spec.commandLine().getOut();
        pw.println(r.toTable());
        pw.println("wrote " + out.resolve("model") + ", " + out.resolve("metrics.json") + ", "
                + out.resolve("history.csv") + ", " + out.resolve("report.html"));
        pw.flush();
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

    /** Prints the auto preset's derived settings (one line per key, with its reason) on stderr. */
    private void printAutoSettings(Session s) {
        java.util.List<String> lines = s.autoSettingsReport();
        if (!lines.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            lines.forEach(err::println);
            err.flush();
        }
    }

    /** Tells on stderr that the lock of a fit that died was taken over (its output may be incomplete). */
    static void noteTakeOver(CommandSpec spec, OutputLock lock) {
        if (lock.tookOverFrom() != null) {
            spec.commandLine().getErr().println("ruot4j: note: took over the stale lock of a fit that ended without "
                    + "releasing it (" + lock.tookOverFrom() + ")");
        }
    }

    static String readConfig(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read the config file: " + e.getMessage());
        }
    }
}
