package org.ruot4j.train;

import org.ruot4j.nn.Tensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.dynamics.SdeSolver;
import org.ruot4j.ot.Metrics;

/**
 * The evaluation protocol of DESIGN.md §4: push all t0 cells with w = 1/N0 to every observed t_k by the ODE
 * (v and g, fixed step) and by the SDE (drift v + ∇s, noise σ, Euler–Maruyama with a fixed seed), then
 * W1 = exact EMD with Euclidean cost between the normalized predicted weights and uniform data,
 * W2 = sqrt(exact EMD with squared Euclidean cost), TMV = |Σ w(t_k) − r_k|. Times with more cells than a bound are
 * scored on a seeded sample, and the report says so (see {@link #evaluate(RuotModel, Snapshots, double, long, int)}).
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * Predicted particles at each of {@code times}: {@code x[k]} positions (row-major, {@code dim} columns) and
     * {@code w[k]} weights; {@code label} "ODE" or "SDE".
     */
    public record Prediction(String label, double[] times, int dim, double[][] x, double[][] w) {
        /** The particles at time index k as one cloud. */
        public WeightedCloud at(int k) {
            return new WeightedCloud(label, times[k], x[k], dim, w[k]);
        }
    }

    /** Most cells per time in the exact metrics unless configured ({@code eval.max_cells}). */
    public static final int DEFAULT_MAX_CELLS = 4000;

    /**
     * Evaluates {@code model} at every time of {@code data} (t0 is the starting point, its entries are NaN), on at
     * most {@link #DEFAULT_MAX_CELLS} cells per time (see {@link #evaluate(RuotModel, Snapshots, double, long, int)}).
     *
     * @param step ODE/SDE step h
     * @param seed seed of the SDE noise
     */
    public static MetricsReport evaluate(RuotModel model, Snapshots data, double step, long seed) {
        return evaluate(model, data, step, seed, DEFAULT_MAX_CELLS);
    }

    /**
     * Evaluates {@code model} at every time of {@code data}. An exact EMD between N predicted particles and M cells
     * costs memory and time of order N·M, so a time with more than {@code maxCells} cells (0 = no limit) is scored on
     * a seeded sample of {@code maxCells} of them (and the particles start from a seeded sample of the t0 cells, with
     * w = 1/n each, so TMV stays an unbiased estimate); the report then records which counts were used
     * ({@link MetricsReport#sampled}) and says so in its table and in metrics.json. Nothing is subsampled silently.
     */
    public static MetricsReport evaluate(RuotModel model, Snapshots data, double step, long seed, int maxCells) {
        if (model.dim() != data.dim()) {
            throw new RuotException(data.source() + ": data have " + data.dim() + " dimensions but the model has "
                    + model.dim());
        }
        Sample sample = sample(data, maxCells, seed);
        Prediction ode = predict(model, data, sample, false, step, seed);
        Prediction sde = predict(model, data, sample, true, step, seed);
        MetricsReport r = new MetricsReport(data.source(), data.dim(), data.times(), model.sigma(),
                score(ode, data, sample), score(sde, data, sample));
        if (sample.subsampled()) {
            r.sampled(sample.counts(), data.counts(), seed);
        }
        return r;
    }

    /**
     * The cells the exact metrics use at each time: all of them (in order) where a time has at most {@code maxCells}
     * (or maxCells = 0), otherwise a seeded sample of maxCells (ascending row indices).
     */
    public record Sample(int[][] rows, boolean subsampled) {
        /** Cells used per time. */
        public int[] counts() {
            int[] c = new int[rows.length];
            for (int k = 0; k < rows.length; k++) {
                c[k] = rows[k].length;
            }
            return c;
        }
    }

    /** The sample of {@code data}'s cells used by the exact metrics (see {@link Sample}); seeded by {@code seed}. */
    public static Sample sample(Snapshots data, int maxCells, long seed) {
        int[][] rows = new int[data.numTimes()][];
        boolean fewer = false;
        for (int k = 0; k < rows.length; k++) {
            // stream 7919 + k: unrelated to the training batches of the same seed
            rows[k] = CellBatches.sample(data.count(k), maxCells, seed, 7919 + k);
            fewer |= rows[k].length < data.count(k);
        }
        return new Sample(rows, fewer);
    }

    static MetricsReport.Series score(Prediction p, Snapshots data) {
        return score(p, data, sample(data, 0, 0));
    }

    static MetricsReport.Series score(Prediction p, Snapshots data, Sample sample) {
        int k = data.numTimes();
        double[] w1 = new double[k];
        double[] w2 = new double[k];
        double[] tmv = new double[k];
        w1[0] = w2[0] = tmv[0] = Double.NaN;
        int d = data.dim();
        for (int i = 1; i < k; i++) {
            WeightedCloud c = p.at(i);
            double[] x = c.positions();
            double[] w = c.weights();
            double sum = Arrays.stream(w).sum();
            double[] y = CellBatches.rows(data.flat(i), d, sample.rows()[i]);
            int m = sample.rows()[i].length;
            w1[i] = Metrics.w1(x, w, c.size(), y, m, d);
            w2[i] = Metrics.w2(x, w, c.size(), y, m, d);
            tmv[i] = Math.abs(sum - data.relativeMass(i));
        }
        return new MetricsReport.Series(w1, w2, tmv);
    }

    /** Pushes the sampled t0 cells of {@code sample} (w = 1/n each) through the ODE or the SDE to every time. */
    public static Prediction predict(RuotModel model, Snapshots data, Sample sample, boolean stochastic, double step,
            long seed) {
        int[] rows0 = sample.rows()[0];
        return predict(model, CellBatches.rows(data.flat(0), data.dim(), rows0), rows0.length, data.time(0),
                data.times(), stochastic, step, seed);
    }

    /** Pushes all t0 cells (w = 1/N0) through the ODE or the SDE to every time of {@code data}. */
    public static Prediction predict(RuotModel model, Snapshots data, boolean stochastic, double step, long seed) {
        return predict(model, data.flat(0), data.count(0), data.time(0), data.times(), stochastic, step, seed);
    }

    /** Pushes the given cells (w = 1/N each) from t0 to each of {@code times} (the first may equal t0). */
    public static Prediction predict(RuotModel model, double[] x0, int n, double t0, double[] times,
            boolean stochastic, double step, long seed) {
        int d = model.dim();
        double[][] xs = new double[times.length][];
        double[][] ws = new double[times.length][];
        try (NDManager mgr = model.store().manager().newSubManager(); NDScope outer = new NDScope()) {
            NDArray x = Tensors.of(mgr, x0, new Shape(n, d)).toType(model.store().dtype(), false);
            NDArray lnw = mgr.zeros(new Shape(n, 1), model.store().dtype()).sub(Math.log(n));
            ParticleState st = new ParticleState(x, lnw, null);
            if (stochastic) {
                List<ParticleState> out = SdeSolver.eulerMaruyama(model.stochastic(), st, t0, times, step, seed);
                for (int i = 0; i < times.length; i++) {
                    xs[i] = Tensors.toHost(out.get(i).x());
                    ws[i] = expHost(out.get(i).lnw());
                }
            } else {
                OdeOptions o = OdeOptions.euler(step);
                double t = t0;
                ParticleState cur = st;
                for (int i = 0; i < times.length; i++) {
                    ParticleState next = OdeSolver.integrate(model.transport(), cur, t, times[i], o);
                    if (cur != st) {
                        cur.close();
                    }
                    cur = next;
                    t = times[i];
                    xs[i] = Tensors.toHost(cur.x());
                    ws[i] = expHost(cur.lnw());
                }
            }
        }
        return new Prediction(stochastic ? "SDE" : "ODE", times.clone(), d, xs, ws);
    }

    private static double[] expHost(NDArray lnw) {
        double[] l = Tensors.toHost(lnw);
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.exp(l[i]);
        }
        return l;
    }

    /** Branching simulation from the given cells: particle positions (row-major) at each time. */
    public static List<double[]> branching(RuotModel model, double[] x0, int n, double t0, double[] times,
            double step, long seed) {
        try (NDManager mgr = model.store().manager().newSubManager()) {
            return new ArrayList<>(SdeSolver.branching(model.stochastic(), Arrays.copyOf(x0, n * model.dim()),
                    model.dim(), t0, times, step, seed, mgr, model.store().dtype()));
        }
    }
}
