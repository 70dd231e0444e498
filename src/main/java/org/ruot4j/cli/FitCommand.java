package org.ruot4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ruot4j.FitRun;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.train.MetricsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ruot4j fit}: a shell over {@link FitRun} — options to a configured session, then the run's table. */
@Command(name = "fit", mixinStandardHelpOptions = true, customSynopsis = {
        "ruot4j fit --data=PATH|NAME [--time-column=NAME]",
        "                  [--features=NAME[,NAME...]] [--embedding=KEY]",
        "                  [--time-map=LABEL=TIME[,...]] [--preset=NAME | --config=FILE]",
        "                  [--sigma=S] [--seed=N] [--device=auto|cpu|gpu] [--hold-out=K]",
        "                  [--force] --out=DIR",
        "       ruot4j fit --resume=DIR"},
        description = "Fit velocity, growth and score to snapshots (pretrain, score, train), then evaluate. Writes "
                + "DIR/model/, DIR/metrics.json, DIR/history.csv, DIR/plots/*.png and DIR/report.html; while it "
                + "trains, DIR/fit.json and resumable checkpoints in DIR/checkpoints/. A fit that was stopped or "
                + "killed continues with --resume DIR.")
final class FitCommand extends CliCommand {
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
    @Option(names = "--force", description = "Replace a finished fit in DIR; its results stay until the new fit "
            + "completes, then the new ones are swapped in.")
    boolean force;
    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the fit whose output directory is DIR from its last checkpoint, with the settings "
                    + "saved in DIR/fit.json (give no other options); the result equals an uninterrupted run's on CPU.")
    Path resume;

    @Override
    public Integer call() {
        if (resume != null) {
            if (input.data != null || preset != null || configFile != null || sigma != null || seed != null
                    || device != null || holdOut != null || force || (out != null && !out.equals(resume))) {
                throw new RuotException("--resume DIR continues with the settings saved in " + resume.resolve("fit.json")
                        + "; give no other options");
            }
            return report(resume, Interrupted.hinting(resume,
                    () -> FitRun.resume(resume, this::note, List.of(ProgressBar.forStderr()))));
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=DIR' (or --resume=DIR)");
        }
        String data = input.data(spec);
        if (preset != null && configFile != null) {
            throw new RuotException("give either --preset or --config, not both (a config file may set 'preset = NAME')");
        }
        try (Session s = Session.create()) {
            // every setting is checked before the run creates DIR: a refused fit leaves nothing behind
            s.preset(preset == null ? org.ruot4j.train.AutoSettings.PRESET : preset);
            if (configFile != null) {
                s.config(org.ruot4j.train.TrainingConfig.requireUniqueKeys(readConfig(configFile), configFile.toString()));
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
            s.addListener(ProgressBar.forStderr());
            FitRun run = FitRun.of(s, out).force(force).notes(this::note);
            return report(out, Interrupted.hinting(out, run::run));
        }
    }

    private int report(Path dir, MetricsReport r) {
        out().printf("%s%nwrote %s, %s, %s, %s%n", r.toTable(), dir.resolve("model"),
                dir.resolve("metrics.json"), dir.resolve("history.csv"), dir.resolve("report.html")).flush();
        return 0;
    }

    void note(String line) {
        err().println("ruot4j: " + line);
        err().flush();
    }

    static String readConfig(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new RuotException(file + ": cannot read the config file: " + e.getMessage());
        }
    }
}
