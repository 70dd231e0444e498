package org.ruot4j.analysis;

import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.GroundTruth;
import org.ruot4j.train.FateGrowthCheck;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A fitted model against the known dynamics of synthetic data (DESIGN.md §4), at the observed cells of each time
 * t_k: the growth error RMSE_g = sqrt(mean_i (ĝ(x_i) − g(x_i))²); the drift error of the learned SDE drift
 * v̂ + ∇ŝ against the true drift b, RMSE_b = sqrt(mean_i ‖v̂ + ∇ŝ − b‖²), and its relative size
 * RMSE_b / sqrt(mean_i ‖b‖²); and the growth-sign accuracy, the fraction of cells with sign(ĝ) = sign(g), scored
 * by {@link FateGrowthCheck#score} (at the last time, {@link FateGrowthCheck.Result#signAccuracy()} of a fit), pooled
 * and balanced: the mean of the accuracy over the cells whose true g &lt; 0 and over those whose true g ≥ 0
 * ({@link FateGrowthCheck#byTrueSign}), so that where most cells grow a model that grows everywhere scores 50%, not
 * the share of growing cells.
 */
public record TruthComparison(double[] times, int[] cells, double[] growthRmse, double[] driftRmse,
        double[] relativeDriftError, double[] growthSignAccuracy, double[] balancedSignAccuracy) {

    public static TruthComparison compute(Fields learned, GroundTruth truth, Snapshots data) {
        if (learned.dim() != truth.dim() || data.dim() != truth.dim()) {
            throw new RuotException("truth comparison: model D=" + learned.dim() + ", truth D=" + truth.dim()
                    + ", data D=" + data.dim() + " must agree");
        }
        Fields exact = Fields.of(truth);
        int k = data.numTimes();
        double[] gr = new double[k];
        double[] dr = new double[k];
        double[] rel = new double[k];
        double[] acc = new double[k];
        double[] bal = new double[k];
        int[] n = new int[k];
        for (int t = 0; t < k; t++) {
            double time = data.time(t);
            double[][] x = data.points(t);
            n[t] = x.length;
            double[] g = learned.growth(time, x);
            double[] g0 = exact.growth(time, x);
            double[][] b = learned.sdeDrift(time, x);
            double[][] b0 = exact.velocity(time, x);
            double se = 0;
            double de = 0;
            double bn = 0;
            for (int i = 0; i < x.length; i++) {
                se += (g[i] - g0[i]) * (g[i] - g0[i]);
                for (int j = 0; j < b[i].length; j++) {
                    de += (b[i][j] - b0[i][j]) * (b[i][j] - b0[i][j]);
                    bn += b0[i][j] * b0[i][j];
                }
            }
            int m = Math.max(1, x.length);
            gr[t] = Math.sqrt(se / m);
            dr[t] = Math.sqrt(de / m);
            rel[t] = bn > 0 ? Math.sqrt(de / bn) : Double.NaN;
            acc[t] = FateGrowthCheck.score(time, x, g, g0, 1, cell -> 0).signAccuracy();
            bal[t] = FateGrowthCheck.byTrueSign(time, g, g0).balancedAccuracy();
        }
        return new TruthComparison(data.times(), n, gr, dr, rel, acc, bal);
    }

    /**
     * Columns time, cells, growth RMSE, drift RMSE, relative drift error, and the growth sign accuracy balanced
     * over the cells whose true g is negative and those whose true g is not (the pooled accuracy is
     * {@link #growthSignAccuracy()}).
     */
    public Table toTable() {
        return Table.create("learned vs true dynamics").addColumns(DoubleColumn.create("time", times),
                IntColumn.create("cells", cells), DoubleColumn.create("growth RMSE", growthRmse),
                DoubleColumn.create("drift RMSE (v+∇s vs b)", driftRmse),
                DoubleColumn.create("relative drift error", relativeDriftError),
                DoubleColumn.create("growth sign, balanced", balancedSignAccuracy));
    }
}
