package org.ruot4j.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.ruot4j.FitRun;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.analysis.Report;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.kernel.MagicCommand.Args;
import org.ruot4j.plot.Figures;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingConfig;
import org.ruot4j.train.TrainingHistory;

/**
 * The {@code %ruot} line magic and the {@code %%ruot config} cell magic (DESIGN.md §5.3): short commands on
 * the notebook's one live {@link Session} (the variable {@code ruot}), the same calls the CLI and Java code
 * make. The grammar is the table {@link #COMMANDS}; {@link #HELP}, the argument checks and the kernel's
 * completion ({@link #complete}) are derived from it. Every command shows its result through {@code show}
 * (rendered as HTML, a chart or text) and returns nothing.
 */
final class RuotMagics {
    static final List<MagicCommand> COMMANDS = List.of(
            MagicCommand.of("load", "PATH|DATASET [--time-column C] [--features a,b,…]",
                    "read snapshots (CSV/TSV/.h5ad or a dataset name)", RuotMagics::load).args(1, 1)
                    .options("time-column", "features"),
            MagicCommand.of("preset", "NAME", "reset the configuration to a preset ("
                    + String.join(", ", TrainingConfig.presetNames()) + ")", RuotMagics::preset).args(1, 1)
                    .values(TrainingConfig::presetNames),
            MagicCommand.of("config", "[key=value …]", "show the configuration, or set keys (%%ruot config: the "
                    + "cell's lines are `key = value` settings)", RuotMagics::config).raw()
                    .values(() -> List.copyOf(new TrainingConfig().asMap().keySet())),
            MagicCommand.of("keys", "", "every configuration key with its default and meaning",
                    (m, a) -> m.show.accept(TrainingConfig.describeKeys())),
            MagicCommand.of("sigma", "S", "set the noise strength σ", RuotMagics::sigma).args(1, 1),
            MagicCommand.of("seed", "N", "set the random seed", RuotMagics::seed).args(1, 1),
            MagicCommand.of("holdout", "K", "train without time index K and evaluate there too", RuotMagics::holdOut)
                    .args(1, 1).aliases("hold-out"),
            MagicCommand.of("device", "[auto|cpu|gpu]", "show or choose the device for new models", RuotMagics::device)
                    .args(0, 1).values("auto", "cpu", "gpu"),
            MagicCommand.of("pretrain", "", "stage 1 (v, g), with a live loss chart; interrupt stops it at the next "
                    + "step", (m, a) -> m.stage("pretrain", m.session::pretrain)),
            MagicCommand.of("score", "", "stage 2 (s)", (m, a) -> m.stage("score", m.session::score)),
            MagicCommand.of("train", "", "stage 3 (v, g, s jointly)", (m, a) -> m.stage("train", m.session::train)),
            MagicCommand.of("fit", "[--out DIR [--force]]", "all three stages; with --out, the files of `ruot4j fit` "
                    + "into DIR (--force replaces a finished fit there)", RuotMagics::fit).options("out").flags("force"),
            MagicCommand.of("eval", "[--out metrics.json]", "W1, W2, TMV at every time, by ODE and SDE",
                    RuotMagics::eval).options("out").aliases("evaluate"),
            MagicCommand.of("simulate", "ode|sde|branching --times T1,T2,… [--cells N] [--out FILE.csv]",
                    "push the t0 cells forward", RuotMagics::simulate).args(1, 1).options("times", "cells", "out")
                    .values("ode", "sde", "branching"),
            MagicCommand.of("plot", "[history|data]", "the loss chart of report.html, or the data's first two "
                    + "features", RuotMagics::plot).args(0, 1).values("history", "data"),
            MagicCommand.of("save", "DIR", "write the model to DIR", RuotMagics::save).args(1, 1),
            MagicCommand.of("restore", "DIR", "read a model directory, or a fit's output directory (its model, "
                    + "seconds and data)", RuotMagics::restore).args(1, 1),
            MagicCommand.of("export", "FILE.h5ad", "per-cell growth, velocity, drift, fates as AnnData (scanpy)",
                    RuotMagics::export).args(1, 1),
            MagicCommand.of("status", "", "data, model, preset, what is running, history size, seconds",
                    (m, a) -> m.show.accept(m.session.status())),
            MagicCommand.of("help", "", "this text", (m, a) -> m.show.accept(RuotMagics.HELP)).aliases("-h", "--help", "?"));

    static final String HELP = help();

    private final Session session;
    private final Consumer<Object> show;

    /**
     * @param session the notebook's session
     * @param show displays a value under the cell with the kernel's renderers
     */
    RuotMagics(Session session, Consumer<Object> show) {
        this.session = session;
        this.show = show;
    }

    private static String help() {
        StringBuilder sb = new StringBuilder("%ruot — drive the notebook's session `ruot` (an org.ruot4j.Session; Java "
                + "code can use it too)\n\n");
        int width = 36; // a longer usage gets its help on the next line
        for (MagicCommand c : COMMANDS) {
            String use = c.synopsis().length() > width ? c.synopsis() + "\n" + " ".repeat(width) : c.synopsis();
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s   %s%n", use, c.help()));
        }
        sb.append(String.format(Locale.ROOT, "  %-" + width + "s   %s%n", "%%ruot config", "(cell magic) the cell's "
                + "lines are `key = value` settings"));
        return sb.append("\nAlso: %jars PATH…, %classpath [PATH…], %maven group:artifact:version (from the local Maven "
                + "repository).").toString();
    }

    static MagicCommand command(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return COMMANDS.stream().filter(c -> c.answersTo(w)).findFirst().orElseThrow(() -> new RuotException(
                "%ruot: unknown command '" + word + "'; %ruot help lists them"));
    }

    /** {@code %ruot <command> <args…>}. */
    void line(List<String> words) {
        if (words.isEmpty()) {
            show.accept(HELP);
            return;
        }
        MagicCommand c = command(words.get(0));
        c.handler().run(this, c.parse(words.subList(1, words.size())));
    }

    /** {@code %%ruot config}: the body is {@code key = value} lines. */
    void cell(List<String> words, String body) {
        if (words.size() != 1 || !words.get(0).equalsIgnoreCase("config")) {
            throw new RuotException("%%ruot: the cell magic takes one command, config (got '" + String.join(" ", words)
                    + "')");
        }
        session.config(body);
        show.accept(session.config());
    }

    /** Completions of the text after {@code %ruot}: command names, then what the command's row allows. */
    static List<String> complete(String rest) {
        List<String> words = new ArrayList<>(List.of(rest.strip().split("\\s+", -1)));
        if (rest.isBlank()) {
            words.clear();
        }
        String partial = rest.endsWith(" ") || words.isEmpty() ? "" : words.remove(words.size() - 1);
        if (words.isEmpty()) {
            return COMMANDS.stream().map(MagicCommand::name).filter(n -> n.startsWith(partial)).toList();
        }
        MagicCommand c = COMMANDS.stream().filter(x -> x.answersTo(words.get(0))).findFirst().orElse(null);
        return c == null ? List.of() : c.complete(words.subList(1, words.size()), partial);
    }

    /** The word being completed in {@code rest} (what the completions replace). */
    static String partial(String rest) {
        String[] w = rest.strip().split("\\s+", -1);
        return rest.isBlank() || rest.endsWith(" ") ? "" : w[w.length - 1];
    }

    // ---------------------------------------------------------------- handlers

    private void load(Args a) {
        ReadOptions o = ReadOptions.defaults();
        if (a.has("time-column")) {
            o = o.withTimeColumn(a.get("time-column"));
        }
        if (a.has("features")) {
            o = o.withFeatures(List.of(a.get("features").split(",")));
        }
        session.load(a.positional(0), o);
        show.accept(session.data());
    }

    private void preset(Args a) {
        session.preset(a.positional(0));
        show.accept(session.config());
    }

    private void config(Args a) {
        List<String> settings = a.words();
        if (!settings.isEmpty()) {
            // `%ruot config a=1 b=2` sets two keys; `%ruot config a = 1` (spaced) sets one.
            session.config(settings.contains("=") ? String.join(" ", settings) : String.join("\n", settings));
        }
        show.accept(session.config());
    }

    private void sigma(Args a) {
        session.sigma(parseDouble("sigma", a.positional(0)));
        show.accept("σ = " + session.config().get("sigma"));
    }

    private void seed(Args a) {
        session.seed(parseLong("seed", a.positional(0)));
        show.accept("seed = " + session.config().get("seed"));
    }

    private void holdOut(Args a) {
        session.holdOut((int) parseLong("holdout", a.positional(0)));
        show.accept(session.status());
    }

    private void device(Args a) {
        if (a.positionals() == 1) {
            session.device(a.positional(0));
        }
        show.accept("device = " + session.config().get("device"));
    }

    private void stage(String name, java.util.function.Supplier<TrainingHistory> run) {
        show.accept(stageSummary(name, run.get(), session.wasCancelled()));
    }

    private void fit(Args a) {
        if (!a.has("out")) {
            if (a.has("force")) {
                throw new RuotException("%ruot fit: --force goes with --out DIR");
            }
            stage("fit", session::fit);
            return;
        }
        Path out = Path.of(a.get("out"));
        MetricsReport r = FitRun.of(session, out).force(a.has("force")).notes(show::accept).run();
        show.accept(r);
        show.accept("wrote " + out.toAbsolutePath().normalize() + ": model/, metrics.json, history.csv, report.html, "
                + "plots/");
    }

    private void eval(Args a) {
        MetricsReport r = session.evaluate();
        if (a.has("out")) {
            r.write(Path.of(a.get("out")));
        }
        show.accept(r);
    }

    private void simulate(Args a) {
        if (!a.has("times")) {
            throw new RuotException("%ruot simulate: give --times T1,T2,… (increasing, from t0)");
        }
        double[] times = parseTimes(a.get("times"));
        if (session.data() != null) { // the same warning as `ruot4j simulate`, shown before the work
            String warning = org.ruot4j.dynamics.TimeGrid.extrapolationWarning(times, session.data().time(0),
                    session.data().times()[session.data().times().length - 1]);
            if (warning != null) {
                show.accept("warning: " + warning);
            }
        }
        Simulation sim = session.simulate(a.positional(0), times,
                a.has("cells") ? (int) parseLong("cells", a.get("cells")) : 0);
        if (a.has("out")) {
            sim.writeCsv(Path.of(a.get("out")));
        }
        show.accept(sim);
    }

    private void plot(Args a) {
        String what = a.positionals() == 0 ? "history" : a.positional(0).toLowerCase(Locale.ROOT);
        switch (what) {
            case "history" -> show.accept(Report.lossChart(session.history()));
            case "data" -> {
                if (session.data() == null) {
                    throw new RuotException("%ruot plot data: no data loaded (use %ruot load first)");
                }
                show.accept(Figures.snapshots(session.data()));
            }
            default -> throw new RuotException("%ruot plot: unknown plot '" + what + "'; expected history or data");
        }
    }

    private void save(Args a) {
        session.save(Path.of(a.positional(0)));
        show.accept("saved the model to " + Path.of(a.positional(0)).toAbsolutePath().normalize());
    }

    private void export(Args a) {
        Path out = Path.of(a.positional(0));
        session.export(out);
        show.accept("wrote " + out.toAbsolutePath().normalize() + " (AnnData: per-cell results)");
    }

    private void restore(Args a) {
        session.restore(Path.of(a.positional(0)));
        show.accept(session.status());
    }

    static String stageSummary(String stage, TrainingHistory rows, boolean cancelled) {
        List<TrainingHistory.Row> r = rows.rows();
        StringBuilder sb = new StringBuilder(stage);
        if (r.isEmpty()) {
            sb.append(": no epochs completed");
        } else {
            TrainingHistory.Row last = r.get(r.size() - 1);
            sb.append(": ").append(r.size()).append(r.size() == 1 ? " epoch" : " epochs");
            sb.append("; last (").append(last.stage()).append(" epoch ").append(last.epoch()).append("): ")
                    .append(Renderers.lossesText(last.losses()));
        }
        if (cancelled) {
            sb.append("\ninterrupted: stopped at a step boundary; the model keeps its last completed step and the "
                    + "history keeps the epochs done");
        }
        return sb.toString();
    }

    private static double[] parseTimes(String s) {
        String[] parts = s.split(",");
        double[] t = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            t[i] = parseDouble("times", parts[i].strip());
        }
        return t;
    }

    private static double parseDouble(String what, String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new RuotException("%ruot " + what + ": expected a number, got '" + s + "'");
        }
    }

    private static long parseLong(String what, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new RuotException("%ruot " + what + ": expected an integer, got '" + s + "'");
        }
    }
}
