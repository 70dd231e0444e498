package org.ruot4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ruot4j.RuotException;

/**
 * Cross-sectional samples of a cell population: at each time t_0 < t_1 < … < t_K a matrix of N_k cells by
 * D features, and the relative mass r_k of the population at t_k (r_0 = 1; by default r_k = N_k / N_0, or
 * measured totals when the sampling depth does not reflect the population size).
 *
 * <p>Immutable: every transformation returns a new instance. Values are kept in double precision; the
 * engine converts to its tensor dtype.
 */
public final class Snapshots {
    private final String source;
    private final double[] times;
    private final double[][] flat; // per time, row-major N_k x D
    private final int dim;
    private final List<String> features;
    private final double[] relativeMass;

    private Snapshots(String source, double[] times, double[][] flat, int dim, List<String> features,
            double[] relativeMass) {
        this.source = source;
        this.times = times;
        this.flat = flat;
        this.dim = dim;
        this.features = List.copyOf(features);
        this.relativeMass = relativeMass;
    }

    /** Starts a builder; points may be added in any order of time. */
    public static Builder builder(List<String> features) {
        return new Builder(features);
    }

    public static Builder builder(String... features) {
        return new Builder(Arrays.asList(features));
    }

    /** Where the data came from (a file name, a dataset name or "synthetic …"), for messages. */
    public String source() {
        return source;
    }

    public int numTimes() {
        return times.length;
    }

    public double time(int k) {
        return times[k];
    }

    public double[] times() {
        return times.clone();
    }

    public int count(int k) {
        return flat[k].length / dim;
    }

    public int[] counts() {
        int[] c = new int[times.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = count(k);
        }
        return c;
    }

    public int totalCount() {
        int n = 0;
        for (int k = 0; k < times.length; k++) {
            n += count(k);
        }
        return n;
    }

    public int dim() {
        return dim;
    }

    public List<String> features() {
        return features;
    }

    public double relativeMass(int k) {
        return relativeMass[k];
    }

    public double[] relativeMasses() {
        return relativeMass.clone();
    }

    /** Index of time t (exact match within 1e-9), or -1. */
    public int indexOfTime(double t) {
        for (int k = 0; k < times.length; k++) {
            if (Math.abs(times[k] - t) < 1e-9) {
                return k;
            }
        }
        return -1;
    }

    /** The cells at t_k as a row-major N_k x D copy. */
    public double[] flat(int k) {
        return flat[k].clone();
    }

    /** The cells at t_k as a row-major N_k x D float copy (the engine's default dtype). */
    public float[] flatFloat(int k) {
        double[] f = flat[k];
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (float) f[i];
        }
        return out;
    }

    /** The cells at t_k as an N_k x D copy. */
    public double[][] points(int k) {
        int n = count(k);
        double[][] p = new double[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat[k], i * dim, p[i], 0, dim);
        }
        return p;
    }

    /** Value of feature j of cell i at t_k. */
    public double get(int k, int i, int j) {
        return flat[k][i * dim + j];
    }

    /** The same cells with measured relative masses (r_0 must be 1 after normalisation by r_0). */
    public Snapshots withRelativeMasses(double... r) {
        if (r.length != times.length) {
            throw new RuotException(source + ": relative masses: expected " + times.length + " values (one per time), got "
                    + r.length);
        }
        double[] n = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            if (!(r[k] > 0) || !Double.isFinite(r[k])) {
                throw new RuotException(source + ": relative mass at t=" + fmt(times[k]) + " must be a positive number, got "
                        + r[k]);
            }
            n[k] = r[k] / r[0];
        }
        return new Snapshots(source, times, flat, dim, features, n);
    }

    /** The data without time index k (hold-out evaluation); relative masses of the rest are kept. */
    public Snapshots withoutTime(int k) {
        if (k <= 0 || k >= times.length) {
            throw new RuotException(source + ": hold-out index " + k + " must be between 1 and " + (times.length - 1)
                    + " (t0 anchors the population)");
        }
        if (times.length < 3) {
            throw new RuotException(source + ": holding out a time needs at least 3 time points, got " + times.length);
        }
        int m = times.length - 1;
        double[] t = new double[m];
        double[][] f = new double[m][];
        double[] r = new double[m];
        for (int a = 0, b = 0; a < times.length; a++) {
            if (a != k) {
                t[b] = times[a];
                f[b] = flat[a];
                r[b] = relativeMass[a];
                b++;
            }
        }
        return new Snapshots(source, t, f, dim, features, r);
    }

    /** Keeps only time indices in [from, to] (inclusive); masses are renormalised so that r_from = 1. */
    public Snapshots timeRange(int from, int to) {
        int m = to - from + 1;
        double[] t = Arrays.copyOfRange(times, from, to + 1);
        double[][] f = Arrays.copyOfRange(flat, from, to + 1);
        double[] r = new double[m];
        for (int k = 0; k < m; k++) {
            r[k] = relativeMass[from + k] / relativeMass[from];
        }
        return new Snapshots(source, t, f, dim, features, r);
    }

    /**
     * At most {@code maxPerTime} cells per time, drawn without replacement with the given seed. Relative
     * masses are kept (they describe the population, not the sample).
     */
    public Snapshots subsample(int maxPerTime, long seed) {
        if (maxPerTime < 2) {
            throw new RuotException("subsample: at least 2 cells per time are needed, got " + maxPerTime);
        }
        Random rnd = new Random(seed);
        double[][] f = new double[times.length][];
        for (int k = 0; k < times.length; k++) {
            int n = count(k);
            if (n <= maxPerTime) {
                f[k] = flat[k];
                continue;
            }
            f[k] = Rows.gather(flat[k], dim, Rows.sortedSample(n, maxPerTime, rnd));
        }
        return new Snapshots(source, times, f, dim, features, relativeMass);
    }

    /** The same data with every row transformed by {@code map} into {@code newFeatures.size()} values. */
    public Snapshots mapRows(List<String> newFeatures, java.util.function.BiConsumer<double[], double[]> map) {
        int d2 = newFeatures.size();
        double[][] f = new double[times.length][];
        double[] in = new double[dim];
        for (int k = 0; k < times.length; k++) {
            int n = count(k);
            f[k] = new double[n * d2];
            double[] out = new double[d2];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat[k], i * dim, in, 0, dim);
                map.accept(in, out);
                System.arraycopy(out, 0, f[k], i * d2, d2);
            }
        }
        return new Snapshots(source, times, f, d2, newFeatures, relativeMass);
    }

    /**
     * These cells with their columns matched by name to {@code modelFeatures}, the features a model was fitted on,
     * in the model's order: the single place where a model meets data (evaluate, simulate, a session loading data
     * after a restore, analyses). A model's inputs are positional, so data whose columns come in another order, or
     * carry other names, would otherwise be fed to the wrong inputs and give silently wrong results.
     *
     * <ul>
     *   <li>the same names in the same order: this object;</li>
     *   <li>the same names in another order, or more columns including all of the model's: the model's columns,
     *       reordered (extra columns dropped);</li>
     *   <li>otherwise a {@link RuotException}, one line naming both lists and the names missing.</li>
     * </ul>
     */
    public Snapshots alignedTo(List<String> modelFeatures) {
        if (modelFeatures == null || modelFeatures.equals(features)) {
            return this;
        }
        int[] column = new int[modelFeatures.size()];
        List<String> missing = new ArrayList<>();
        for (int a = 0; a < column.length; a++) {
            column[a] = features.indexOf(modelFeatures.get(a));
            if (column[a] < 0) {
                missing.add(modelFeatures.get(a));
            }
        }
        if (!missing.isEmpty()) {
            throw new RuotException(source + ": the data's features do not match the model's: the data have " + dim
                    + " dimensions (" + Cells.listNames(features) + "), the model " + modelFeatures.size() + " ("
                    + Cells.listNames(modelFeatures) + "); missing: "
                    + Cells.listNames(missing) + " (read the data with the features, --embedding and --time-column "
                    + "the model was fitted on)");
        }
        return mapRows(modelFeatures, (in, out) -> {
            for (int a = 0; a < column.length; a++) {
                out[a] = in[column[a]];
            }
        });
    }

    /**
     * The same cells at other times (one strictly increasing value per time), e.g. in a fit's standardized time
     * units.
     */
    public Snapshots withTimes(double[] newTimes) {
        if (newTimes.length != times.length) {
            throw new RuotException(source + ": expected " + times.length + " times, got " + newTimes.length);
        }
        for (int k = 0; k < newTimes.length; k++) {
            if (!Double.isFinite(newTimes[k]) || k > 0 && !(newTimes[k] > newTimes[k - 1])) {
                throw new RuotException(source + ": times must be finite and strictly increasing, got "
                        + Arrays.toString(newTimes));
            }
        }
        return new Snapshots(source, newTimes.clone(), flat, dim, features, relativeMass);
    }

    /**
     * The same cells with their features renamed, in order: e.g. {@code PC1 … PC10} for a file that stores principal
     * components as {@code x1 … x10}, so that figures, tables and a fitted model name them properly.
     */
    public Snapshots withFeatureNames(List<String> names) {
        if (names.size() != dim) {
            throw new RuotException(source + ": " + names.size() + " feature names for D = " + dim + " features "
                    + Cells.listNames(features));
        }
        if (new java.util.HashSet<>(names).size() != names.size() || names.stream().anyMatch(n -> n == null
                || n.isBlank())) {
            throw new RuotException(source + ": feature names must be distinct and not blank, got " + names);
        }
        return new Snapshots(source, times, flat, dim, List.copyOf(names), relativeMass);
    }

    /** Same data under another source name (used by the registry so messages name the dataset). */
    public Snapshots withSource(String newSource) {
        return new Snapshots(newSource, times, flat, dim, features, relativeMass);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Snapshots[").append(source).append(": D=").append(dim).append(", times=");
        for (int k = 0; k < times.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(fmt(times[k])).append(" (").append(count(k)).append(')');
        }
        return sb.append(']').toString();
    }

    static String fmt(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    /** Collects cells by time, validates, sorts the times. */
    public static final class Builder {
        private final List<String> features;
        private final java.util.TreeMap<Double, List<double[]>> rows = new java.util.TreeMap<>();
        private String source = "data";
        private double[] relativeMass;

        private Builder(List<String> features) {
            if (features.isEmpty()) {
                throw new RuotException("snapshots need at least one feature column");
            }
            if (new java.util.HashSet<>(features).size() != features.size()) {
                throw new RuotException("duplicate feature names: " + features);
            }
            this.features = new ArrayList<>(features);
        }

        public Builder source(String s) {
            this.source = s;
            return this;
        }

        /** Measured relative masses, one per time in increasing order of time. */
        public Builder relativeMasses(double... r) {
            this.relativeMass = r.clone();
            return this;
        }

        /** Adds one cell; {@code where} names its place (e.g. "line 17") for error messages. */
        public Builder add(double t, double[] x, String where) {
            if (x.length != features.size()) {
                throw new RuotException(source + ": " + where + ": expected " + features.size() + " feature values, got "
                        + x.length);
            }
            if (!Double.isFinite(t)) {
                throw new RuotException(source + ": " + where + ": time is " + t + ", expected a finite number");
            }
            for (int j = 0; j < x.length; j++) {
                if (!Double.isFinite(x[j])) {
                    throw new RuotException(source + ": " + where + ", column " + features.get(j) + ": value is " + x[j]
                            + ", expected a finite number");
                }
            }
            rows.computeIfAbsent(t == 0.0 ? 0.0 : t, z -> new ArrayList<>()).add(x.clone());
            return this;
        }

        public Builder add(double t, double... x) {
            return add(t, x, "cell " + (rows.values().stream().mapToInt(List::size).sum() + 1));
        }

        /** Adds all rows of a row-major block at time t. */
        public Builder addAll(double t, double[] flat) {
            int d = features.size();
            if (flat.length % d != 0) {
                throw new RuotException(source + ": block at t=" + fmt(t) + " has " + flat.length
                        + " values, not a multiple of D=" + d);
            }
            for (int i = 0; i < flat.length / d; i++) {
                add(t, Arrays.copyOfRange(flat, i * d, (i + 1) * d), "t=" + fmt(t) + " row " + (i + 1));
            }
            return this;
        }

        public Snapshots build() {
            if (rows.isEmpty()) {
                throw new RuotException(source + ": no cells");
            }
            if (rows.size() < 2) {
                throw new RuotException(source + ": only one time point (t=" + fmt(rows.firstKey())
                        + "); at least 2 are needed to learn dynamics");
            }
            int d = features.size();
            int m = rows.size();
            double[] t = new double[m];
            double[][] f = new double[m][];
            int k = 0;
            for (var e : rows.entrySet()) {
                List<double[]> r = e.getValue();
                if (r.size() < 2) {
                    throw new RuotException(source + ": time point t=" + fmt(e.getKey()) + " has " + r.size()
                            + " cell; at least 2 are needed");
                }
                t[k] = e.getKey();
                f[k] = new double[r.size() * d];
                for (int i = 0; i < r.size(); i++) {
                    System.arraycopy(r.get(i), 0, f[k], i * d, d);
                }
                k++;
            }
            double[] r = new double[m];
            for (k = 0; k < m; k++) {
                r[k] = (double) (f[k].length / d) / (f[0].length / d);
            }
            Snapshots s = new Snapshots(source, t, f, d, features, r);
            return relativeMass == null ? s : s.withRelativeMasses(relativeMass);
        }
    }
}
