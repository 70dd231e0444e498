package org.ruot4j.analysis;

import java.util.List;
import java.util.Locale;
import org.ruot4j.RuotException;
import org.ruot4j.data.Pca;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A gene-regulation estimate from the learned velocity: the Jacobian J_ij = ∂v_i/∂x_j averaged over the cells
 * of a state, J̄ = (1/n) Σ_c J(t, x_c). J̄_ij &gt; 0 reads "gene j activates gene i", J̄_ij &lt; 0 "j inhibits i"
 * (the diagonal includes each gene's own degradation, so self-activation shows as a diagonal that is less
 * negative where the gene's self-activation is strong, not necessarily as a positive number).
 *
 * <p>Computed by central differences of v on the host: J_ij ≈ (v_i(x + ε_j e_j) − v_i(x − ε_j e_j)) / (2ε_j)
 * with ε_j = 1e-3 · max(1, sd_j) (sd_j the spread of coordinate j over the given cells), in float64 on the
 * evaluated values. The error is O(ε²) from truncation plus O(u |v| / ε) from the network's float32 rounding
 * (u ≈ 6e-8), about 1e-4 relative at these steps — far below the size of the effects read from the table. All
 * 2·D shifted copies of the cells are evaluated in one batch.
 *
 * <p>For a model fitted in PCA coordinates z = Wᵀ(x − μ), the gene-space Jacobian of the mapped velocity
 * x ↦ W v(Wᵀ(x − μ)) is W J_z Wᵀ ({@link #toGenes}): exact within the span of the loadings.
 *
 * @param jacobian J̄ (D × D), {@code jacobian[i][j]} = ∂v_i/∂x_j
 */
public record GeneRegulation(List<String> features, double[][] jacobian) {

    /** Relative central-difference step. */
    static final double STEP = 1e-3;

    /** J̄ of {@code fields}' velocity over {@code cells} (n × D) at time t. */
    public static GeneRegulation average(Fields fields, double t, double[][] cells, List<String> features) {
        int d = fields.dim();
        if (cells.length == 0) {
            throw new RuotException("gene regulation: no cells in the state");
        }
        if (features.size() != d) {
            throw new RuotException("gene regulation: " + features.size() + " feature names for " + d + " dimensions");
        }
        Fields.check(cells, d);
        int n = cells.length;
        double[] eps = new double[d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] x : cells) {
                m += x[j] / n;
            }
            double var = 0;
            for (double[] x : cells) {
                var += (x[j] - m) * (x[j] - m) / n;
            }
            eps[j] = STEP * Math.max(1, Math.sqrt(var));
        }
        double[][] shifted = new double[2 * d * n][];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < n; c++) {
                double[] up = cells[c].clone();
                double[] down = cells[c].clone();
                up[j] += eps[j];
                down[j] -= eps[j];
                shifted[(2 * j) * n + c] = up;
                shifted[(2 * j + 1) * n + c] = down;
            }
        }
        double[][] v = fields.velocity(t, shifted);
        double[][] jac = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < n; c++) {
                double[] up = v[(2 * j) * n + c];
                double[] down = v[(2 * j + 1) * n + c];
                for (int i = 0; i < d; i++) {
                    jac[i][j] += (up[i] - down[i]) / (2 * eps[j]) / n;
                }
            }
        }
        return new GeneRegulation(List.copyOf(features), jac);
    }

    /** The Jacobian of a PCA-space velocity mapped to the genes: W J_z Wᵀ (D_genes × D_genes). */
    public static GeneRegulation toGenes(Pca pca, GeneRegulation inPcaSpace) {
        int k = pca.components();
        double[][] jz = inPcaSpace.jacobian();
        if (jz.length != k) {
            throw new RuotException("gene regulation: the PCA has " + k + " components but the Jacobian is "
                    + jz.length + " × " + jz.length);
        }
        double[][] w = pca.loadings(); // D × k
        int d = w.length;
        double[][] wj = new double[d][k];
        for (int i = 0; i < d; i++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int a = 0; a < k; a++) {
                    s += w[i][a] * jz[a][b];
                }
                wj[i][b] = s;
            }
        }
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    s += wj[i][b] * w[j][b];
                }
                out[i][j] = s;
            }
        }
        return new GeneRegulation(pca.features(), out);
    }

    /** ∂v_target/∂x_regulator. */
    public double effect(String regulator, String target) {
        return jacobian[index(target)][index(regulator)];
    }

    private int index(String f) {
        int i = features.indexOf(f);
        if (i < 0) {
            throw new RuotException("gene regulation: unknown feature '" + f + "'; expected one of " + features);
        }
        return i;
    }

    /**
     * Signed interactions, one row per (regulator j, target i), largest |effect| first: regulator, target,
     * effect = J̄_ij, sign ("activates" / "inhibits"), and whether it is a self-interaction. {@code minAbs}
     * leaves out weaker entries (0 keeps all).
     */
    public Table toTable(double minAbs) {
        StringColumn reg = StringColumn.create("regulator");
        StringColumn tgt = StringColumn.create("target");
        DoubleColumn eff = DoubleColumn.create("effect");
        StringColumn sign = StringColumn.create("sign");
        StringColumn self = StringColumn.create("kind");
        int d = features.size();
        Integer[] order = new Integer[d * d];
        for (int q = 0; q < order.length; q++) {
            order[q] = q;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(jacobian[b / d][b % d]),
                Math.abs(jacobian[a / d][a % d])));
        for (int q : order) {
            int i = q / d;
            int j = q % d;
            double e = jacobian[i][j];
            if (Math.abs(e) < minAbs) {
                continue;
            }
            reg.append(features.get(j));
            tgt.append(features.get(i));
            eff.append(e);
            sign.append(e >= 0 ? "activates" : "inhibits");
            self.append(i == j ? "self" : "cross");
        }
        return Table.create("gene regulation (∂v_target/∂x_regulator)").addColumns(reg, tgt, eff, sign, self);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("J̄ = ∂v_i/∂x_j (rows: target i, columns: regulator j)\n");
        for (int i = 0; i < features.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-10s", features.get(i)));
            for (double e : jacobian[i]) {
                sb.append(String.format(Locale.ROOT, " %9.4f", e));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
