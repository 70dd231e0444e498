package org.ruot4j.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * Per-time accuracy of a fitted model (DESIGN.md §4): for each observed time t_k, W1, W2 and TMV by the ODE and
 * by the SDE; entry 0 (t0) is NaN (null in JSON). {@link #toJson()} gives metrics.json exactly per §5.2.
 */
public final class MetricsReport {
    /** Metric names as in metrics.json, in their order there. */
    public static final List<String> METRICS = List.of("w1", "w2", "tmv");

    /** W1, W2 and TMV per time for one mode. */
    public record Series(double[] w1, double[] w2, double[] tmv) {
        /** The values of metric "w1", "w2" or "tmv" (see {@link #METRICS}). */
        public double[] get(String metric) {
            return switch (metric) {
                case "w1" -> w1;
                case "w2" -> w2;
                case "tmv" -> tmv;
                default -> throw new RuotException("no metric '" + metric + "'; metrics are " + METRICS);
            };
        }
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

    /** The series by their names in metrics.json: "ode", "sde" and, when cells were held back, "validation". */
    public Map<String, Series> series() {
        Map<String, Series> m = new LinkedHashMap<>();
        m.put("ode", ode);
        m.put("sde", sde);
        if (validation != null) {
            m.put("validation", validation);
        }
        return m;
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

    private static JsonObject json(Series s) {
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
        series().forEach((mode, s) -> o.add(mode, json(s)));
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
     * Reads metrics.json (DESIGN.md §5.2) as {@link #toJson()} writes it; null entries become NaN, a mode or metric
     * that is not there is all NaN. Errors name the file and the field.
     */
    public static MetricsReport read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read metrics (" + e.getMessage() + ")", e);
        }
        JsonObject root;
        try {
            root = JsonParser.parseString(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new RuotException(file + ": not a JSON object with 'times' and 'ode' (" + e.getMessage() + ")", e);
        }
        if (!root.has("times") || !root.get("times").isJsonArray()) {
            throw new RuotException(file + ": field 'times' missing or not an array");
        }
        double[] times = numbers(root.get("times"), file, "times");
        if (absent(root, "ode") && absent(root, "sde")) {
            throw new RuotException(file + ": no values for ode or sde");
        }
        try {
            MetricsReport r = new MetricsReport(absent(root, "dataset") ? "" : root.get("dataset").getAsString(),
                    absent(root, "dim") ? 0 : root.get("dim").getAsInt(), times,
                    absent(root, "sigma") ? Double.NaN : root.get("sigma").getAsDouble(), series(root, "ode", times.length,
                    file), series(root, "sde", times.length, file));
            if (!absent(root, "validation")) {
                r.validation(series(root, "validation", times.length, file));
            }
            if (!absent(root, "seconds")) {
                for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("seconds").entrySet()) {
                    r.seconds(e.getKey(), e.getValue().isJsonNull() ? Double.NaN : e.getValue().getAsDouble());
                }
            }
            if (!absent(root, "sampled")) {
                JsonObject smp = root.getAsJsonObject("sampled");
                r.sampled(integers(numbers(smp.get("cells"), file, "sampled.cells")),
                        integers(numbers(smp.get("of"), file, "sampled.of")), smp.get("seed").getAsLong());
            }
            return r;
        } catch (IllegalStateException | ClassCastException | UnsupportedOperationException | NullPointerException
                | NumberFormatException e) {
            throw new RuotException(file + ": not a metrics file (" + e.getMessage() + ")", e);
        }
    }

    private static boolean absent(JsonObject o, String field) {
        return !o.has(field) || o.get(field).isJsonNull();
    }

    private static Series series(JsonObject root, String mode, int n, Path file) {
        double[][] v = new double[METRICS.size()][];
        if (!absent(root, mode) && !root.get(mode).isJsonObject()) {
            throw new RuotException(file + ": field '" + mode + "' must be an object of metric arrays");
        }
        JsonObject o = absent(root, mode) ? new JsonObject() : root.getAsJsonObject(mode);
        for (int j = 0; j < v.length; j++) {
            String field = mode + "." + METRICS.get(j);
            if (absent(o, METRICS.get(j))) {
                v[j] = new double[n];
                Arrays.fill(v[j], Double.NaN);
            } else {
                v[j] = numbers(o.get(METRICS.get(j)), file, field);
                if (v[j].length != n) {
                    throw new RuotException(file + ": field '" + field + "' has " + v[j].length
                            + " values, expected one per time (" + n + ")");
                }
            }
        }
        return new Series(v[0], v[1], v[2]);
    }

    private static double[] numbers(JsonElement e, Path file, String field) {
        if (e == null || !e.isJsonArray()) {
            throw new RuotException(file + ": field '" + field + "' must be an array");
        }
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonElement x = a.get(i);
            if (x.isJsonNull()) {
                v[i] = Double.NaN;
            } else if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber()) {
                v[i] = x.getAsDouble();
            } else {
                throw new RuotException(file + ": field '" + field + "' entry " + i + " is " + x
                        + ", expected a number or null");
            }
        }
        return v;
    }

    private static int[] integers(double[] v) {
        return Arrays.stream(v).mapToInt(d -> (int) d).toArray();
    }

    /**
     * The "seconds" object of a metrics.json file (stage → seconds; null entries left out).
     *
     * @throws RuotException naming the file when it cannot be read or is not a metrics file
     */
    public static Map<String, Double> readSeconds(Path file) {
        Map<String, Double> out = new LinkedHashMap<>();
        read(file).seconds.forEach((k, v) -> {
            if (!Double.isNaN(v)) {
                out.put(k, v);
            }
        });
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
