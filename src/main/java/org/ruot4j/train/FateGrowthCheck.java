package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.GroundTruth;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Tensors;

/**
 * Growth-sign accuracy of a fitted model per fate, against the known truth of a synthetic data set: at the cells of
 * the last observed time, each cell is given a fate by {@code fateOf} (for the toggle switch, the gene that is high:
 * fate j = argmax_j x_j), and for every fate separately the fraction of its cells where sign(g_learned(t, x)) =
 * sign(g_true(t, x)); {@link Result#signAccuracy()} pools the fates. {@link #score} is the one place that compares
 * learned and true growth signs: {@code analysis.TruthComparison} scores every time with it.
 *
 * <p>Why per fate and not pooled: in the quickstart data about 90% of the last time's cells sit in the growing fate,
 * so a constant g &gt; 0 scores about 90% pooled while it gets the declining fate entirely wrong; per fate it scores
 * 0% there.
 */
public final class FateGrowthCheck {
    private FateGrowthCheck() {
    }

    /**
     * Per-fate result.
     *
     * @param time the time whose cells were scored
     * @param cells number of cells of each fate
     * @param agreeing number of each fate's cells where the learned growth has the true sign
     * @param accuracy fraction of each fate's cells where the learned growth has the true sign (NaN for no cells)
     * @param trueMean mean true g over each fate's cells
     * @param learnedMean mean learned g over each fate's cells
     */
    public record Result(double time, int[] cells, int[] agreeing, double[] accuracy, double[] trueMean,
            double[] learnedMean) {
        /** Number of cells scored, over all fates. */
        public int cellCount() {
            return Arrays.stream(cells).sum();
        }

        /** The fraction of all scored cells where the learned growth has the true sign (NaN for no cells). */
        public double signAccuracy() {
            int n = cellCount();
            return n == 0 ? Double.NaN : (double) Arrays.stream(agreeing).sum() / n;
        }

        /**
         * The balanced accuracy: the mean of the per-fate accuracies over the fates that have cells (NaN for none).
         * A constant sign scores at most 1 / (number of fates) per wrong fate, however the cells are split.
         */
        public double balancedAccuracy() {
            double s = 0;
            int m = 0;
            for (int f = 0; f < cells.length; f++) {
                if (cells[f] > 0) {
                    s += accuracy[f];
                    m++;
                }
            }
            return m == 0 ? Double.NaN : s / m;
        }

        /** The lowest accuracy over the fates that have cells. */
        public double worst() {
            double w = Double.POSITIVE_INFINITY;
            for (int f = 0; f < cells.length; f++) {
                if (cells[f] > 0) {
                    w = Math.min(w, accuracy[f]);
                }
            }
            return w;
        }

        /** One line: per fate, accuracy, cells, true and learned mean g. */
        public String summary() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "growth sign accuracy per fate at t=%s:",
                    time == Math.rint(time) ? Long.toString((long) time) : Double.toString(time)));
            for (int f = 0; f < cells.length; f++) {
                sb.append(String.format(Locale.ROOT, " fate %d %.1f%% of %d cells (true mean g %.3f, learned %.3f)%s",
                        f + 1, 100 * accuracy[f], cells[f], trueMean[f], learnedMean[f], f + 1 < cells.length ? ";" : ""));
            }
            return sb.toString();
        }
    }

    /** Fate = index of the largest coordinate (the high gene of a toggle switch). */
    public static int highestCoordinate(double[] x) {
        int best = 0;
        for (int j = 1; j < x.length; j++) {
            if (x[j] > x[best]) {
                best = j;
            }
        }
        return best;
    }

    /** {@link #compare(RuotModel, Snapshots, GroundTruth, int, ToIntFunction)} with fate = highest coordinate, D fates. */
    public static Result compare(RuotModel model, Snapshots data, GroundTruth truth) {
        return compare(model, data, truth, data.dim(), FateGrowthCheck::highestCoordinate);
    }

    /** Scores the cells of the last time of {@code data}; {@code fateOf} returns 0 … fates−1. */
    public static Result compare(RuotModel model, Snapshots data, GroundTruth truth, int fates,
            ToIntFunction<double[]> fateOf) {
        int k = data.numTimes() - 1;
        double t = data.time(k);
        double[][] x = data.points(k);
        double[] g = learnedGrowth(model, t, data.flat(k), x.length);
        double[] g0 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g0[i] = truth.growth(t, x[i]);
        }
        return score(t, x, g, g0, fates, fateOf);
    }

    /**
     * Compares learned growth {@code learned[i]} with true growth {@code truth[i]} at the cells {@code x[i]} of time
     * t, per fate ({@code fateOf} returns 0 … fates−1; one fate pools every cell).
     */
    public static Result score(double t, double[][] x, double[] learned, double[] truth, int fates,
            ToIntFunction<double[]> fateOf) {
        int[] fate = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            fate[i] = fateOf.applyAsInt(x[i]);
        }
        return score(t, learned, truth, fates, fate);
    }

    /**
     * Compares learned with true growth per class of the true sign: class 0 the cells whose true g &lt; 0, class 1
     * those whose true g ≥ 0. Its {@link Result#balancedAccuracy()} is the growth-sign accuracy that a constant
     * sign cannot pass, for data without fates.
     */
    public static Result byTrueSign(double t, double[] learned, double[] truth) {
        int[] cls = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            cls[i] = truth[i] < 0 ? 0 : 1;
        }
        return score(t, learned, truth, 2, cls);
    }

    /** Compares learned with true growth at cells whose fates (0 … fates−1) are {@code fate[i]}. */
    static Result score(double t, double[] learned, double[] truth, int fates, int[] fate) {
        int[] count = new int[fates];
        int[] agree = new int[fates];
        double[] trueSum = new double[fates];
        double[] learnedSum = new double[fates];
        for (int i = 0; i < fate.length; i++) {
            int f = fate[i];
            count[f]++;
            trueSum[f] += truth[i];
            learnedSum[f] += learned[i];
            if (Math.signum(truth[i]) == Math.signum(learned[i])) {
                agree[f]++;
            }
        }
        double[] acc = new double[fates];
        double[] tm = new double[fates];
        double[] lm = new double[fates];
        for (int f = 0; f < fates; f++) {
            acc[f] = count[f] == 0 ? Double.NaN : (double) agree[f] / count[f];
            tm[f] = count[f] == 0 ? Double.NaN : trueSum[f] / count[f];
            lm[f] = count[f] == 0 ? Double.NaN : learnedSum[f] / count[f];
        }
        return new Result(t, count, agree, acc, tm, lm);
    }

    /** The learned g(t, x) at the rows of x (row-major n × D), on the host; zeros for a model without growth. */
    public static double[] learnedGrowth(RuotModel model, double t, double[] x, int n) {
        if (!model.hasGrowth()) {
            return new double[n];
        }
        try (NDManager m = model.store().manager().newSubManager()) {
            NDArray xa = Tensors.of(m, x, new Shape(n, model.dim())).toType(model.store().dtype(), false);
            return Tensors.toHost(model.growth(t, xa));
        }
    }
}
