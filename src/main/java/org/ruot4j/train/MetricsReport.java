package org.ruot4j.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-time accuracy of a fitted model (DESIGN.md §4): for each observed time t_k, W1, W2 and TMV by the ODE and
 * by the SDE; entry 0 (t0) is NaN (null in JSON). {@link #toJson()} gives metrics.json exactly per §5.2.
 */
public final class MetricsReport {
    /** W1, W2 and TMV per time for one mode. */
    public record Series(double[] w1, double[] w2, double[] tmv) {
    }

    private final String dataset;
    private final int dim;
    private final double[] times;
    private final double sigma;
    private final Series ode;
    private final Series sde;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    /** ODE accuracy against the cells held back from training (null when none were). */
    private Series validation;
    /** Cells per time the exact metrics used, and of how many, when some time was subsampled; else null. */
    private int[] sampledCounts;
    private int[] totalCounts;
    private long sampleSeed;

    public MetricsReport(String dataset, int dim, double[] times, double sigma, Series ode, Series sde) {
        this.dataset = dataset;
        this.dim = dim;
        this.times = times.clone();
        this.sigma = sigma;
        this.ode = ode;
        this.sde = sde;
        for (String k : new String[] {"pretrain", "score", "train", "total"}) {
            seconds.put(k, Double.NaN);
        }
    }

    public String dataset() {
        return dataset;
    }

    public int dim() {
        return dim;
    }

    public double[] times() {
        return times.clone();
    }

    public double sigma() {
        return sigma;
    }

    public Series ode() {
        return ode;
    }

    public Series sde() {
        return sde;
    }

    /** The ODE accuracy against the held-back cells, or null when every cell trained. */
    public Series validation() {
        return validation;
    }

    /** Sets the ODE accuracy against the held-back cells (written as the {@code validation} block). */
    public MetricsReport validation(Series s) {
        this.validation = s;
        return this;
    }

    /** Sets the seconds of a stage ("pretrain", "score", "train", "total"). */
    public MetricsReport seconds(String stage, double s) {
        seconds.put(stage, s);
        return this;
    }

    public Map<String, Double> seconds() {
        return Map.copyOf(seconds);
    }

    /**
     * Records that the metrics were computed on a seeded sample: {@code used[k]} of {@code of[k]} cells at each time
     * (metrics.json gains {"sampled": {"cells": […], "of": […], "seed": S}} and the table a note).
     */
    public MetricsReport sampled(int[] used, int[] of, long seed) {
        this.sampledCounts = used.clone();
        this.totalCounts = of.clone();
        this.sampleSeed = seed;
        return this;
    }

    /** Cells per time used by the metrics when they were subsampled, else null. */
    public int[] sampledCounts() {
        return sampledCounts == null ? null : sampledCounts.clone();
    }

    /** One line saying which times were scored on a sample, or "" when every cell was used. */
    public String samplingNote() {
        if (sampledCounts == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("note: exact W1/W2 on a seeded sample (seed " + sampleSeed + ") of");
        for (int k = 0; k < sampledCounts.length; k++) {
            sb.append(k == 0 ? " " : ", ").append(sampledCounts[k]).append('/').append(totalCounts[k])
                    .append(" cells at t=").append(fmt(times[k]));
        }
        return sb.append(" (eval.max_cells)").toString();
    }

    private static JsonArray array(double[] v) {
        JsonArray a = new JsonArray();
        for (double d : v) {
            if (Double.isFinite(d)) {
                a.add(d);
            } else {
                a.add(JsonNull.INSTANCE);
            }
        }
        return a;
    }

    private static JsonObject series(Series s) {
        JsonObject o = new JsonObject();
        o.add("w1", array(s.w1()));
        o.add("w2", array(s.w2()));
        o.add("tmv", array(s.tmv()));
        return o;
    }

    /** metrics.json (DESIGN.md §5.2). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("dataset", dataset);
        o.addProperty("dim", dim);
        JsonArray t = new JsonArray();
        for (double x : times) {
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                t.add((long) x);
            } else {
                t.add(x);
            }
        }
        o.add("times", t);
        o.addProperty("sigma", sigma);
        o.add("ode", series(ode));
        o.add("sde", series(sde));
        if (validation != null) {
            o.add("validation", series(validation));
        }
        JsonObject s = new JsonObject();
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            if (Double.isFinite(e.getValue())) {
                s.addProperty(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0);
            } else {
                s.add(e.getKey(), JsonNull.INSTANCE);
            }
        }
        o.add("seconds", s);
        if (sampledCounts != null) {
            JsonObject smp = new JsonObject();
            JsonArray used = new JsonArray();
            JsonArray of = new JsonArray();
            for (int k = 0; k < sampledCounts.length; k++) {
                used.add(sampledCounts[k]);
                of.add(totalCounts[k]);
            }
            smp.add("cells", used);
            smp.add("of", of);
            smp.addProperty("seed", sampleSeed);
            o.add("sampled", smp);
        }
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
    }

    /**
     * The "seconds" object of a metrics.json file (stage → seconds; null entries left out).
     *
     * @throws org.ruot4j.RuotException naming the file when it cannot be read or is not a metrics file
     */
    public static Map<String, Double> readSeconds(Path file) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(
                    java.nio.file.Files.readString(file)).getAsJsonObject();
            if (o.has("seconds")) {
                for (Map.Entry<String, com.google.gson.JsonElement> e : o.getAsJsonObject("seconds").entrySet()) {
                    if (!e.getValue().isJsonNull()) {
                        out.put(e.getKey(), e.getValue().getAsDouble());
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new org.ruot4j.RuotException(file + ": not a readable metrics.json (" + e.getMessage() + ")");
        }
        return out;
    }

    /** Writes {@link #toJson()} atomically. */
    public void write(Path file) {
        org.ruot4j.AtomicFiles.writeString(file, toJson());
    }

    /** A text table: one row per time, columns W1/W2/TMV for ODE and SDE. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %9s %9s %9s   %9s %9s %9s%n", "time", "ODE W1", "ODE W2", "ODE TMV",
                "SDE W1", "SDE W2", "SDE TMV"));
        for (int k = 1; k < times.length; k++) {
            sb.append(String.format(Locale.ROOT, "%-8s %9.4f %9.4f %9.4f   %9.4f %9.4f %9.4f%n", fmt(times[k]),
                    ode.w1()[k], ode.w2()[k], ode.tmv()[k], sde.w1()[k], sde.w2()[k], sde.tmv()[k]));
        }
        if (sampledCounts != null) {
            sb.append(samplingNote()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * The same numbers as a Tablesaw frame: one row per observed time t_k (k ≥ 1), columns time, ode_w1, ode_w2,
     * ode_tmv, sde_w1, sde_w2, sde_tmv.
     */
    public tech.tablesaw.api.Table toFrame() {
        int rows = Math.max(0, times.length - 1);
        String[] names = {"ode_w1", "ode_w2", "ode_tmv", "sde_w1", "sde_w2", "sde_tmv"};
        double[][] cols = {ode.w1(), ode.w2(), ode.tmv(), sde.w1(), sde.w2(), sde.tmv()};
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("metrics: " + dataset)
                .addColumns(tech.tablesaw.api.DoubleColumn.create("time", java.util.Arrays.copyOfRange(times, 1,
                        times.length)));
        for (int c = 0; c < names.length; c++) {
            double[] v = new double[rows];
            for (int k = 1; k < times.length; k++) {
                v[k - 1] = cols[c] == null ? Double.NaN : cols[c][k];
            }
            t.addColumns(tech.tablesaw.api.DoubleColumn.create(names[c], v));
        }
        return t;
    }

    /** An HTML table of the same numbers (for notebooks). */
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table><thead><tr><th>time</th><th>ODE W1</th><th>ODE W2</th>"
                + "<th>ODE TMV</th><th>SDE W1</th><th>SDE W2</th><th>SDE TMV</th></tr></thead><tbody>");
        for (int k = 1; k < times.length; k++) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>"
                    + "<td>%.4f</td><td>%.4f</td></tr>", fmt(times[k]), ode.w1()[k], ode.w2()[k], ode.tmv()[k],
                    sde.w1()[k], sde.w2()[k], sde.tmv()[k]));
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }

    @Override
    public String toString() {
        return "MetricsReport[" + dataset + "]\n" + toTable();
    }
}
