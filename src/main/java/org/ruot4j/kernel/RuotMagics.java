package org.ruot4j.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingConfig;
import org.ruot4j.train.TrainingHistory;

/**
 * The {@code %ruot} line magic and the {@code %%ruot config} cell magic (DESIGN.md §5.3): short commands on
 * the notebook's one live {@link Session} (the variable {@code ruot}), the same calls the CLI and Java code
 * make. Every command shows its result through {@code show} (rendered as HTML, a chart or text) and returns
 * nothing.
 */
final class RuotMagics {
    static final String HELP = String.join("\n",
            "%ruot — drive the notebook's session `ruot` (an org.ruot4j.Session; Java code can use it too)",
            "",
            "  %ruot load PATH|DATASET [--time-column C] [--features a,b,…]   read snapshots (CSV/TSV/.h5ad or a dataset name)",
            "  %ruot preset NAME                 reset the configuration to a preset (" + String.join(", ",
                    TrainingConfig.presetNames()) + ")",
            "  %ruot config [key=value …]        show the configuration, or set keys",
            "  %%ruot config                     (cell magic) the cell's lines are `key = value` settings",
            "  %ruot keys                        every configuration key with its default and meaning",
            "  %ruot sigma S | seed N | holdout K   shortcuts for common settings",
            "  %ruot device [auto|cpu|gpu]       show or choose the device for new models",
            "  %ruot pretrain | score | train    run one stage, with a live loss chart (interrupt stops it at the next step)",
            "  %ruot fit                         all three stages",
            "  %ruot eval [--out metrics.json]   W1, W2, TMV at every time, by ODE and SDE",
            "  %ruot simulate ode|sde|branching --times T1,T2,… [--cells N] [--out FILE.csv]",
            "  %ruot plot [history|data]         loss curves of the session, or the data's first two features",
            "  %ruot save DIR | restore DIR      write or read a model checkpoint",
            "  %ruot export FILE.h5ad            per-cell growth, velocity, drift, fates as AnnData (scanpy)",
            "  %ruot status                      data, model, preset, what is running, history size, seconds",
            "  %ruot help                        this text",
            "",
            "Also: %jars PATH…, %classpath [PATH…], %maven group:artifact:version (from the local Maven repository).");

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

    /** {@code %ruot <command> <args…>}. */
    void line(List<String> words) {
        if (words.isEmpty()) {
            show.accept(HELP);
            return;
        }
        String cmd = words.get(0).toLowerCase(Locale.ROOT);
        Args a = Args.parse(words.subList(1, words.size()));
        switch (cmd) {
            case "help", "-h", "--help", "?" -> show.accept(HELP);
            case "load" -> {
                a.check("load", 1, 1, "time-column", "features");
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
            case "preset" -> {
                a.check("preset", 1, 1);
                session.preset(a.positional(0));
                show.accept(session.config());
            }
            case "config" -> {
                List<String> settings = words.subList(1, words.size());
                if (!settings.isEmpty()) {
                    // `%ruot config a=1 b=2` sets two keys; `%ruot config a = 1` (spaced) sets one.
                    session.config(settings.contains("=") ? String.join(" ", settings) : String.join("\n", settings));
                }
                show.accept(session.config());
            }
            case "keys" -> show.accept(TrainingConfig.describeKeys());
            case "sigma" -> {
                a.check("sigma", 1, 1);
                session.sigma(parseDouble("sigma", a.positional(0)));
                show.accept("σ = " + session.config().get("sigma"));
            }
            case "seed" -> {
                a.check("seed", 1, 1);
                session.seed(parseLong("seed", a.positional(0)));
                show.accept("seed = " + session.config().get("seed"));
            }
            case "holdout", "hold-out" -> {
                a.check("holdout", 1, 1);
                session.holdOut((int) parseLong("holdout", a.positional(0)));
                show.accept(session.status());
            }
            case "device" -> {
                a.check("device", 0, 1);
                if (a.positionals() == 1) {
                    session.device(a.positional(0));
                }
                show.accept("device = " + session.config().get("device"));
            }
            case "pretrain", "score", "train", "fit" -> {
                a.check(cmd, 0, 0);
                TrainingHistory rows = switch (cmd) {
                    case "pretrain" -> session.pretrain();
                    case "score" -> session.score();
                    case "train" -> session.train();
                    default -> session.fit();
                };
                show.accept(stageSummary(cmd, rows, session.wasCancelled()));
            }
            case "eval", "evaluate" -> {
                a.check("eval", 0, 0, "out");
                MetricsReport r = session.evaluate();
                if (a.has("out")) {
                    r.write(Path.of(a.get("out")));
                }
                show.accept(r);
            }
            case "simulate" -> {
                a.check("simulate", 1, 1, "times", "cells", "out");
                if (!a.has("times")) {
                    throw new RuotException("%ruot simulate: give --times T1,T2,… (increasing, from t0)");
                }
                Simulation sim = session.simulate(a.positional(0), parseTimes(a.get("times")),
                        a.has("cells") ? (int) parseLong("cells", a.get("cells")) : 0);
                if (a.has("out")) {
                    sim.writeCsv(Path.of(a.get("out")));
                }
                show.accept(sim);
            }
            case "plot" -> {
                a.check("plot", 0, 1);
                String what = a.positionals() == 0 ? "history" : a.positional(0).toLowerCase(Locale.ROOT);
                switch (what) {
                    case "history" -> show.accept(Charts.history(session.history()));
                    case "data" -> {
                        if (session.data() == null) {
                            throw new RuotException("%ruot plot data: no data loaded (use %ruot load first)");
                        }
                        show.accept(Charts.data(session.data()));
                    }
                    default -> throw new RuotException("%ruot plot: unknown plot '" + what + "'; expected history or data");
                }
            }
            case "save" -> {
                a.check("save", 1, 1);
                session.save(Path.of(a.positional(0)));
                show.accept("saved the model to " + Path.of(a.positional(0)).toAbsolutePath().normalize());
            }
            case "restore" -> {
                a.check("restore", 1, 1);
                session.restore(Path.of(a.positional(0)));
                show.accept(session.status());
            }
            case "export" -> {
                a.check("export", 1, 1);
                session.export(Path.of(a.positional(0)));
                show.accept("wrote " + Path.of(a.positional(0)).toAbsolutePath().normalize() + " (AnnData: per-cell results)");
            }
            case "status" -> {
                a.check("status", 0, 0);
                show.accept(session.status());
            }
            default -> throw new RuotException("%ruot: unknown command '" + words.get(0) + "'; %ruot help lists them");
        }
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

    static String stageSummary(String stage, TrainingHistory rows, boolean cancelled) {
        List<TrainingHistory.Row> r = rows.rows();
        StringBuilder sb = new StringBuilder(stage);
        if (r.isEmpty()) {
            sb.append(": no epochs completed");
        } else {
            TrainingHistory.Row last = r.get(r.size() - 1);
            double seconds = 0;
            for (TrainingHistory.Row row : r) {
                seconds = Math.max(seconds, row.seconds());
            }
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

    /** Positional words and {@code --name value} / {@code --name=value} options of a magic command. */
    static final class Args {
        private final List<String> positional = new ArrayList<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        static Args parse(List<String> words) {
            Args a = new Args();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (w.startsWith("--") && w.length() > 2) {
                    int eq = w.indexOf('=');
                    if (eq > 0) {
                        a.options.put(w.substring(2, eq), w.substring(eq + 1));
                    } else if (i + 1 < words.size()) {
                        a.options.put(w.substring(2), words.get(++i));
                    } else {
                        throw new RuotException("%ruot: option " + w + " needs a value");
                    }
                } else {
                    a.positional.add(w);
                }
            }
            return a;
        }

        /** Fails with one line unless the count of positionals and the option names fit the command. */
        void check(String cmd, int minPos, int maxPos, String... allowed) {
            if (positional.size() < minPos || positional.size() > maxPos) {
                String expected = minPos == maxPos ? Integer.toString(minPos) : minPos + " to " + maxPos;
                throw new RuotException("%ruot " + cmd + ": expected " + expected + " argument"
                        + (maxPos == 1 ? "" : "s") + ", got " + positional.size() + " (%ruot help shows the usage)");
            }
            List<String> ok = List.of(allowed);
            for (String name : options.keySet()) {
                if (!ok.contains(name)) {
                    throw new RuotException("%ruot " + cmd + ": unknown option --" + name
                            + (ok.isEmpty() ? " (it takes none)" : "; expected one of --" + String.join(", --", ok)));
                }
            }
        }

        int positionals() {
            return positional.size();
        }

        String positional(int i) {
            return positional.get(i);
        }

        boolean has(String option) {
            return options.containsKey(option);
        }

        String get(String option) {
            return options.get(option);
        }
    }
}
