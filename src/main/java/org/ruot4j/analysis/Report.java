package org.ruot4j.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.ruot4j.AtomicFiles;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.GroundTruth;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.plot.Figures;
import org.ruot4j.train.Evaluator;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingHistory;
import tech.tablesaw.api.Table;

/**
 * The fit report: {@code report.html}, one self-contained file (figures embedded as base64 PNG, no scripts, no
 * external resources) with the data summary, the configuration, the loss curves, the metrics table, the main
 * figures, the analyses (growth, landscape, drift, fates, gene regulation, and the error against the truth for
 * synthetic data) and the timings; and every figure as {@code plots/NAME.png} at 150 dpi. Both are written
 * atomically. A figure that cannot be drawn for these data (e.g. a landscape without a potential) is left out
 * with its reason written in the report, so a finished fit always gets its report.
 */
public final class Report {
    /** File name of the report in the output directory. */
    public static final String FILE = "report.html";
    /**
     * Resolution of plots/*.png and of the embedded images: 150 dpi makes a 720 × 540-point chart 1500 × 1125
     * pixels, sharp on a high-density screen and in print at 10 inches; 300 dpi (Figures.savePng) took four
     * times as long to render, longer than a quick fit. Re-export single charts at 300 dpi when needed.
     */
    static final int PLOT_DPI = 150;
    /** The most cells per time the figures and analyses of a report use. */
    static final int FIGURE_CELLS = 2000;

    private Report() {
    }

    /** What was written: the report, the figures by file stem, and the figures left out with their reasons. */
    public record Written(Path html, Map<String, Path> plots, Map<String, String> skipped) {
    }

    private record Figure(String name, String caption, Chart<?, ?> chart) {
    }

    /**
     * Writes {@code out/report.html} and {@code out/plots/*.png} for the session's fitted model.
     *
     * @param metrics the evaluation of the fit (its seconds are the timings)
     * @param truth the known dynamics of synthetic data, or null
     */
    public static Written write(Session session, MetricsReport metrics, Path out, GroundTruth truth) {
        long start = System.nanoTime();
        Snapshots observed = session.data();
        RuotModel model = session.model();
        if (observed == null || model == null) {
            throw new RuotException("report: the session needs data and a fitted model");
        }
        // figures and analyses on at most FIGURE_CELLS cells per time (a seeded sample, said in the report): on 10^5
        // cells the pushes, growth map, stream plot and Jacobians of every cell took longer than the fit
        boolean sampled = Arrays.stream(observed.counts()).anyMatch(n -> n > FIGURE_CELLS);
        Snapshots data = sampled ? observed.subsample(FIGURE_CELLS, session.config().seed()) : observed;
        Fields fields = Fields.of(model);
        long seed = session.config().seed();
        double step = session.config().getDouble("eval.step");
        int d = data.dim();
        boolean plane = d >= 2;
        int last = data.numTimes() - 1;
        double tLast = data.time(last);
        List<Figure> figs = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        StringBuilder analyses = new StringBuilder();

        // ---- training and accuracy
        TrainingHistory history = historyOf(session, out);
        add(figs, skipped, "loss_curves", "Every loss term of every stage (log scale); dotted lines separate stages.",
                () -> lossChart(history));
        add(figs, skipped, "metrics", "W1, W2 and TMV at each time for the ODE and the SDE prediction.",
                () -> Figures.metrics(metrics));
        if (plane) {
            add(figs, skipped, "snapshots", "The observed cells, coloured by time.", () -> Figures.snapshots(data));
            for (boolean sde : new boolean[] {false, true}) {
                String mode = sde ? "SDE" : "ODE";
                add(figs, skipped, "predicted_" + mode.toLowerCase(Locale.ROOT), "t0 cells pushed to the last time by the "
                        + mode + " against the data there; marker size: particle weight.", () -> {
                            Evaluator.Prediction p = Evaluator.predict(model, data, sde, step, seed);
                            return Figures.predictedVsObserved(data, last, p.at(last), 0, 1);
                        });
            }
        }
        double[] fine = fineTimes(data.time(0), tLast, 40);
        Simulation ode = guarded(skipped, "weights", () -> session.simulate("ode", fine, 200));
        Simulation sde = guarded(skipped, "trajectories", () -> session.simulate("sde", fine, 200));
        if (plane && sde != null) {
            add(figs, skipped, "trajectories", "SDE paths of up to 100 t0 cells over the snapshots; darker: larger "
                    + "final weight (classes relative to the mean weight).", () -> Figures.trajectories(sde, data, 0, 1, 100));
        }
        if (ode != null) {
            add(figs, skipped, "weights", "Particle weights along the ODE paths: mean, median and 10%–90% band.",
                    () -> Figures.particleWeights(ode, false, false));
        }

        // ---- analyses
        GrowthMap gm = model.hasGrowth() ? guarded(skipped, "growth_map", () -> GrowthMap.compute(fields, data))
                : null;
        if (gm != null) {
            if (plane) {
                add(figs, skipped, "growth_map", "Learned growth rate g at every observed cell (all times).",
                        () -> gm.chart(0, 1));
            }
            analyses.append("<h3>Growth by time</h3>\n<p>Learned growth rate g at the observed cells: fractions "
                    + "proliferating (g &gt; " + GrowthMap.DEFAULT_TOLERANCE + "), balanced (|g| ≤ "
                    + GrowthMap.DEFAULT_TOLERANCE + ") and dying (g &lt; −" + GrowthMap.DEFAULT_TOLERANCE
                    + ").</p>\n").append(table(gm.summary(), 3));
        } else if (!model.hasGrowth()) {
            skipped.put("growth_map", "the model has no growth (g ≡ 0)");
        }
        if (plane && model.hasScore()) {
            add(figs, skipped, "landscape", d == 2 ? "−s at the last time in the plane of the two features."
                    : "−s at the last time in the plane of the first two principal components (other directions at "
                    + "the mean).", () -> (d == 2 ? Landscape.inFeatures(fields, data, tLast, 0, 1)
                            : Landscape.inPcaPlane(fields, data, tLast)).chart());
        } else if (plane) {
            skipped.put("landscape", "the model has no potential s (fitted without noise)");
        }
        if (plane) {
            double tMid = data.time(last / 2);
            double[][] all = allCells(data);
            add(figs, skipped, "drift_arrows", "v, ∇s and v + ∇s at cells of t = " + fmt(tMid) + ".",
                    () -> DriftFields.compute(fields, tMid, data.points(last / 2), data.features()).arrows(0, 1, 120));
            add(figs, skipped, "streamlines", "Streamlines of the SDE drift at t = " + fmt(tMid) + " over all cells.",
                    () -> DriftFields.streamlines(fields, tMid, all, data.features(), 0, 1));
        }
        FateProbabilities.Labels fateLabels = null;
        if (last >= 1 && data.count(last) >= 2) {
            try {
                FateProbabilities.Labels labels = FateProbabilities.kMeansLabels(data, 2, seed);
                fateLabels = labels;
                double[][] starts = data.subsample(100, seed).points(0);
                FateProbabilities fp = FateProbabilities.compute(fields, data.time(0), starts, data, labels,
                        new FateProbabilities.Options(20, Math.max(step, 0.02), seed, false));
                add(figs, skipped, "fate_probabilities", "From up to 100 t0 cells, 20 SDE paths each to t = "
                        + fmt(tLast) + "; fates: k-means (k = 2) of the last time's cells.", fp::chart);
                analyses.append("<h3>Gene regulation estimate</h3>\n<p>Mean Jacobian ∂v<sub>target</sub>/∂x"
                        + "<sub>regulator</sub> of the learned velocity over the cells of each state (positive: "
                        + "activates, negative: inhibits; the diagonal includes each gene's own decay).</p>\n");
                analyses.append(regulation("progenitors (t = " + fmt(data.time(0)) + " cells)", fields,
                        data.time(0), data.points(0), data.features()));
                for (String fate : labels.fates()) {
                    List<double[]> members = new ArrayList<>();
                    for (int i = 0; i < labels.cells().length; i++) {
                        if (labels.labels()[i].equals(fate)) {
                            members.add(labels.cells()[i]);
                        }
                    }
                    analyses.append(regulation(fate + " at t = " + fmt(tLast), fields, tLast,
                            members.toArray(new double[0][]), data.features()));
                }
            } catch (RuntimeException e) {
                skipped.put("fate_probabilities", message(e));
            }
        }
        FateProbabilities.Labels labelsForPaths = fateLabels;
        String[] pathFates = fateLabels == null || sde == null ? null
                : guarded(skipped, "trend", () -> GeneTrends.fateOfParticles(sde, labelsForPaths));
        for (int j = 0; j < Math.min(d, 2) && sde != null; j++) {
            int feature = j;
            String name = data.features().get(j);
            if (pathFates != null) {
                Map<String, Integer> sizes = new LinkedHashMap<>();
                for (String f : pathFates) {
                    sizes.merge(f, 1, Integer::sum);
                }
                add(figs, skipped, "trend_" + safe(name), "Mean and ± sd of " + name + " along the SDE paths, "
                        + "grouped by the fate each path ends in.", () -> GeneTrends.chart(
                                GeneTrends.byGroup(sde, feature, pathFates), sizes));
            } else {
                add(figs, skipped, "trend_" + safe(name), "Weighted mean, ± sd and 10%–90% range of " + name
                        + " along the SDE paths.", () -> GeneTrends.of(sde, feature).chart());
            }
        }
        TruthComparison tc = truth == null ? null
                : guarded(skipped, "truth comparison", () -> TruthComparison.compute(fields, truth, data));
        if (tc != null) {
            analyses.append("<h3>Learned against true dynamics</h3>\n<p>At the observed cells of each time: RMSE of "
                    + "the learned growth rate against the true one; RMSE of the learned SDE drift v + ∇s against the "
                    + "true drift b, and that error relative to the RMS of b; how often the learned g has the sign of "
                    + "the true g, balanced: the mean of that fraction over the cells whose true g &lt; 0 and over "
                    + "those whose true g ≥ 0 (a model that grows everywhere scores 0.5).</p>\n").append(table(tc.toTable(), 4));
        }

        // ---- files
        Path plotDir = out.resolve("plots");
        try {
            Files.createDirectories(plotDir);
        } catch (java.io.IOException e) {
            throw new RuotException(plotDir + ": cannot create the plot directory: " + e.getMessage());
        }
        Map<String, Path> plots = new LinkedHashMap<>();
        Map<String, String> embedded = new LinkedHashMap<>();
        List<Figure> drawn = new ArrayList<>();
        for (Figure f : figs) {
            // one rendering serves both the file and the report (rendering dominates the report's time)
            byte[] png = guarded(skipped, f.name(), () -> Figures.pngBytes(f.chart(), PLOT_DPI));
            if (png == null) {
                continue;
            }
            drawn.add(f);
            Path file = plotDir.resolve(f.name() + ".png");
            AtomicFiles.write(file, png);
            plots.put(f.name(), file);
            embedded.put(f.name(), Base64.getEncoder().encodeToString(png));
        }
        double reportSeconds = (System.nanoTime() - start) / 1e9;
        if (sampled) {
            analyses.insert(0, "<p class=\"note\">Figures and analyses use a seeded sample of at most " + FIGURE_CELLS
                    + " cells per time; the accuracy table uses the evaluation protocol's cells.</p>\n");
        }
        String html = html(session, observed, metrics, history, drawn, embedded, skipped, analyses.toString(),
                reportSeconds);
        Path file = out.resolve(FILE);
        AtomicFiles.writeString(file, html);
        return new Written(file, plots, skipped);
    }

    private interface ChartMaker {
        Chart<?, ?> make();
    }

    private static void add(List<Figure> figs, Map<String, String> skipped, String name, String caption,
            ChartMaker maker) {
        try {
            figs.add(new Figure(name, caption, maker.make()));
        } catch (RuntimeException e) {
            // a figure that cannot be drawn must not cost the user the rest of a finished fit's output
            skipped.put(name, message(e));
        }
    }

    /** The value, or null with the reason recorded under {@code name} when computing it failed. */
    private static <T> T guarded(Map<String, String> skipped, String name, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (RuntimeException e) {
            skipped.put(name, message(e));
            return null;
        }
    }

    private static String message(RuntimeException e) {
        return e instanceof RuotException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String regulation(String state, Fields fields, double t, double[][] cells, List<String> features) {
        if (cells.length == 0) {
            return "";
        }
        // 2·D shifted copies of every cell are evaluated at once: 200 cells per state keep that batch small
        double[][] used = cells.length <= 200 ? cells : java.util.Arrays.copyOf(cells, 200);
        GeneRegulation g = GeneRegulation.average(fields, t, used, features);
        Table tb = g.toTable(0);
        return "<h4>" + esc(state) + ", "
                + (used.length < cells.length ? "first " + used.length + " of " : "") + cells.length + " cells</h4>\n" + table(tb.first(Math.min(tb.rowCount(),
                12)), 3);
    }

    /** history.csv from the output directory when it is there (what fit wrote), else the session's. */
    private static TrainingHistory historyOf(Session s, Path out) {
        Path csv = out.resolve("history.csv");
        return Files.isRegularFile(csv) ? TrainingHistory.readCsv(csv) : s.history();
    }

    /** The report's loss chart (plots/loss_curves.png): every term of every stage; {@code %ruot plot} shows it too. */
    public static org.knowm.xchart.XYChart lossChart(TrainingHistory h) {
        return Figures.lossCurves(h);
    }

    static double[][] allCells(Snapshots s) {
        List<double[]> all = new ArrayList<>();
        for (int k = 0; k < s.numTimes(); k++) {
            all.addAll(List.of(s.points(k)));
        }
        return all.toArray(new double[0][]);
    }

    private static double[] fineTimes(double t0, double t1, int n) {
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = t0 + (t1 - t0) * i / n;
        }
        t[n] = t1;
        return t;
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_-]", "_");
        return s.isEmpty() ? "feature" : s;
    }

    /** A time for titles: integers without ".0". */
    static String fmt(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t)
                : String.format(Locale.ROOT, "%.4g", t);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A Tablesaw table as HTML; numbers with {@code digits} significant decimals. */
    static String table(Table t, int digits) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        for (String c : t.columnNames()) {
            sb.append("<th>").append(esc(c)).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                Object v = t.column(c).get(r);
                String cell;
                if (v instanceof Double x && t.column(c).name().equals("time")) {
                    cell = fmt(x);
                } else if (v instanceof Double x) {
                    cell = Double.isFinite(x) ? String.format(Locale.ROOT, "%." + digits + "f", x) : "–";
                } else {
                    cell = String.valueOf(v);
                }
                boolean num = v instanceof Number;
                sb.append(num ? "<td class=\"n\">" : "<td>").append(esc(cell)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>\n").toString();
    }

    private static String html(Session s, Snapshots data, MetricsReport metrics, TrainingHistory history,
            List<Figure> figs, Map<String, String> embedded, Map<String, String> skipped, String analyses,
            double reportSeconds) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ruot4j report: ")
                .append(esc(data.source())).append("</title>\n<style>\n")
                .append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px auto;max-width:1240px;color:#222;"
                        + "line-height:1.4}\nh1{font-size:26px;margin-bottom:4px}h2{border-bottom:1px solid #ccc;"
                        + "padding-bottom:4px;margin-top:32px}\ntable{border-collapse:collapse;margin:8px 0 16px}"
                        + "th,td{border:1px solid #ccc;padding:3px 9px;font-size:13px}th{background:#f2f2f2}"
                        + "td.n{text-align:right;font-variant-numeric:tabular-nums}\n.figs{display:grid;"
                        + "grid-template-columns:1fr 1fr;gap:18px}figure{margin:0}figure img{width:100%;"
                        + "border:1px solid #ddd}figcaption{font-size:13px;color:#444}\npre{background:#f7f7f7;"
                        + "padding:8px;font-size:12px;columns:2}.note{color:#666;font-size:13px}\n")
                .append("</style></head><body>\n");
        h.append("<h1>ruot4j fit report</h1>\n<p class=\"note\">Data: ").append(esc(data.source()))
                .append(" · model: ").append(esc(s.status().model())).append("</p>\n");

        h.append("<h2>Data</h2>\n<p>D = ").append(data.dim()).append(" features: ")
                .append(esc(String.join(", ", data.features()))).append("</p>\n<table><thead><tr><th>time</th>"
                        + "<th>cells</th><th>relative mass</th></tr></thead><tbody>\n");
        for (int k = 0; k < data.numTimes(); k++) {
            h.append(String.format(Locale.ROOT, "<tr><td class=\"n\">%s</td><td class=\"n\">%d</td>"
                    + "<td class=\"n\">%.3f</td></tr>%n", fmt(data.time(k)), data.count(k), data.relativeMass(k)));
        }
        h.append("</tbody></table>\n");

        h.append("<h2>Accuracy</h2>\n<p>Lower is better. W1, W2: Wasserstein distances between the predicted and "
                + "the observed cells; TMV: |predicted − observed relative mass|.</p>\n")
                .append(metrics.toHtml().replace("<td>", "<td class=\"n\">")).append('\n');

        h.append("<h2>Figures</h2>\n<div class=\"figs\">\n");
        for (Figure f : figs) {
            h.append("<figure><img alt=\"").append(esc(f.name())).append("\" src=\"data:image/png;base64,")
                    .append(embedded.get(f.name())).append("\"><figcaption><b>").append(esc(f.name()))
                    .append("</b>: ").append(esc(f.caption())).append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
        if (!skipped.isEmpty()) {
            h.append("<p class=\"note\">Not drawn: ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, String> e : skipped.entrySet()) {
                parts.add("<b>" + esc(e.getKey()) + "</b> (" + esc(e.getValue()) + ")");
            }
            h.append(String.join("; ", parts)).append("</p>\n");
        }

        h.append("<h2>Analyses</h2>\n").append(analyses);

        h.append("<h2>Timings</h2>\n<table><thead><tr><th>stage</th><th>seconds</th></tr></thead><tbody>\n");
        Map<String, Double> sec = new LinkedHashMap<>(metrics.seconds());
        for (String k : new String[] {"pretrain", "score", "train", "total"}) {
            Double v = sec.get(k);
            if (v != null && Double.isFinite(v)) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"n\">%.1f</td></tr>%n", k, v));
            }
        }
        h.append(String.format(Locale.ROOT, "<tr><td>this report</td><td class=\"n\">%.1f</td></tr>%n",
                reportSeconds));
        h.append("</tbody></table>\n<p class=\"note\">").append(history.size())
                .append(" training rows recorded (history.csv).</p>\n");

        h.append("<h2>Configuration</h2>\n<pre>").append(esc(s.config().toText())).append("</pre>\n");
        h.append("</body></html>\n");
        return h.toString();
    }
}
