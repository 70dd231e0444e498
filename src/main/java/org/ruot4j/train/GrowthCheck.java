package org.ruot4j.train;

import org.ruot4j.nn.Tensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.dynamics.RuotModel;

/**
 * Learned growth against the known truth of a synthetic data set: the fraction of cells at the last time where
 * sign(g_learned) = sign(g_true), and both rates at the two toggle-switch fates (gene 1 high: (2.1, 0.3); gene 2
 * high: (0.3, 2.1)).
 */
public final class GrowthCheck {
    private GrowthCheck() {
    }

    /** Result of {@link #compare}. */
    public record Result(double time, int cells, double signAccuracy, double trueFate1, double learnedFate1,
            double trueFate2, double learnedFate2) {
    }

    /** The learned g(t, x) at the rows of x (row-major n × D), on the host. */
    public static double[] learnedGrowth(RuotModel model, double t, double[] x, int n) {
        if (!model.hasGrowth()) {
            return new double[n];
        }
        try (NDManager m = model.store().manager().newSubManager()) {
            NDArray xa = Tensors.of(m, x, new Shape(n, model.dim())).toType(model.store().dtype(), false);
            return Tensors.toHost(model.growth(t, xa));
        }
    }

    public static Result compare(RuotModel model, SyntheticDataset ds) {
        Snapshots s = ds.snapshots();
        int k = s.numTimes() - 1;
        double t = s.time(k);
        int n = s.count(k);
        double[] x = s.flat(k);
        double[] g = learnedGrowth(model, t, x, n);
        int agree = 0;
        int d = s.dim();
        for (int i = 0; i < n; i++) {
            double[] xi = java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d);
            double truth = ds.truth().growth(t, xi);
            if (Math.signum(truth) == Math.signum(g[i])) {
                agree++;
            }
        }
        double[] fates = {2.1, 0.3, 0.3, 2.1};
        double[] gf = learnedGrowth(model, t, fates, 2);
        return new Result(t, n, (double) agree / n, ds.truth().growth(t, new double[] {2.1, 0.3}), gf[0],
                ds.truth().growth(t, new double[] {0.3, 2.1}), gf[1]);
    }
}
