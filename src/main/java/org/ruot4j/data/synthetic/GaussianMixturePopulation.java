package org.ruot4j.data.synthetic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

/**
 * A population in D dimensions made of Gaussian components that translate at constant velocities, diffuse, and
 * grow or shrink at constant per-component rates, in the shape of DeepRUOT's {@code gaussian_10d…100d} data.
 *
 * <p>Component c starts at t0 with share w_c (Σ w_c = 1), mean μ_c and covariance s0² I; its cells follow
 * dX = v_c dt + σ dW and divide (g_c &gt; 0) or die (g_c &lt; 0) at rate |g_c|. So at time t (τ = t − t0)
 * <pre>
 *   component c  ~  m_c(t) · N(μ_c + v_c τ, (s0² + σ² τ) I),   m_c(t) = w_c exp(g_c τ)
 *   p(t, x) = Σ_c m_c(t) N(x; μ_c + v_c τ, (s0² + σ² τ) I),     relative mass r(t) = Σ_c m_c(t)
 * </pre>
 * The population-level truth ({@link GroundTruth}) weighs the component laws by the posterior
 * π_c(t, x) = m_c(t) N_c(x) / p(t, x): b(t, x) = Σ_c π_c v_c and g(t, x) = Σ_c π_c g_c. These satisfy
 * ∂t p = −∇·(p b) + ½ σ² Δp + g p exactly, because p b = Σ m_c N_c v_c and g p = Σ g_c m_c N_c, even where
 * components overlap (at t0 the two default components that split share one mean; there b is their average).
 *
 * <p>Sampling: each time point is an independent draw from the exact law above (cells are destroyed by
 * measurement, so snapshots share no cells): N_k = round(N_0 r(t_k)) cells, each from component c with
 * probability m_c(t_k) / r(t_k). The relative masses of the snapshots are the exact r(t_k).
 *
 * <p>Defaults (the layout of gaussian_10d): D = 10, 500 cells, t = 0, 1, σ = 0.1, s0 = 0.1, and three
 * components: share 0.4 at the origin moving at −e1, share 0.4 at the origin moving at +e1 (a bifurcation),
 * and share 0.2 at 2.5 e2, at rest, growing at ln 10 per unit time, so 500 cells become 1400.
 * Deterministic: the same settings and seed give identical snapshots.
 */
public final class GaussianMixturePopulation extends SyntheticPopulation {
    static final String NAME = "gaussian-mixture";

    private final int dim;
    private final double[] weight; // normalised shares at t0
    private final double[][] mean;
    private final double[][] velocity;
    private final double[] growth;

    private GaussianMixturePopulation(Builder b, double[] weight, double[][] mean, double[][] velocity,
            double[] growth) {
        super(NAME, b);
        this.dim = b.dim;
        this.weight = weight;
        this.mean = mean;
        this.velocity = velocity;
        this.growth = growth;
    }

    /** A builder with the defaults described above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings and components, e.g. to change only the seed. */
    public Builder toBuilder() {
        Builder b = new Builder().copy(this);
        b.dim = dim;
        for (int c = 0; c < weight.length; c++) {
            b.component(weight[c], mean[c], velocity[c], growth[c]);
        }
        return b;
    }

    // ---- the law of the population ----

    public int numComponents() {
        return weight.length;
    }

    /** The share w_c of component c at t0. */
    public double componentWeight(int c) {
        return weight[c];
    }

    /** The mean μ_c + v_c (t − t0) of component c at time t. */
    public double[] componentMean(int c, double t) {
        double tau = t - times[0];
        double[] m = new double[dim];
        for (int j = 0; j < dim; j++) {
            m[j] = mean[c][j] + velocity[c][j] * tau;
        }
        return m;
    }

    /** The velocity v_c of component c. */
    public double[] componentVelocity(int c) {
        return velocity[c].clone();
    }

    /** The growth rate g_c of component c. */
    public double componentGrowth(int c) {
        return growth[c];
    }

    /** The mass m_c(t) = w_c exp(g_c (t − t0)) of component c relative to the whole population at t0. */
    public double componentMass(int c, double t) {
        return weight[c] * Math.exp(growth[c] * (t - times[0]));
    }

    /** The per-coordinate variance s0² + σ² (t − t0) of every component at time t. */
    public double variance(double t) {
        return initialSpread * initialSpread + sigma * sigma * (t - times[0]);
    }

    /** The relative mass r(t) = Σ_c m_c(t). */
    public double relativeMass(double t) {
        double r = 0;
        for (int c = 0; c < weight.length; c++) {
            r += componentMass(c, t);
        }
        return r;
    }

    /** log p(t, x), p = Σ_c m_c(t) N(x; μ_c(t), v(t) I) (mass-weighted: ∫ p dx = r(t)); log-sum-exp. */
    public double logDensity(double t, double[] x) {
        double[] logTerm = logTerms(t, x);
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logTerm) {
            max = Math.max(max, l);
        }
        double s = 0;
        for (double l : logTerm) {
            s += Math.exp(l - max);
        }
        return max + Math.log(s);
    }

    /** p(t, x) = exp(logDensity(t, x)). */
    public double density(double t, double[] x) {
        return Math.exp(logDensity(t, x));
    }

    /** ∇x log p(t, x) = Σ_c π_c(t, x) · (μ_c(t) − x) / v(t). */
    public double[] score(double t, double[] x) {
        double[] post = posterior(t, x);
        double var = variance(t);
        double[] s = new double[dim];
        for (int c = 0; c < post.length; c++) {
            double[] m = componentMean(c, t);
            for (int j = 0; j < dim; j++) {
                s[j] += post[c] * (m[j] - x[j]) / var;
            }
        }
        return s;
    }

    /** π_c(t, x) = m_c(t) N(x; μ_c(t), v(t) I) / p(t, x), by log-sum-exp so 100 dimensions do not underflow. */
    public double[] posterior(double t, double[] x) {
        double[] l = logTerms(t, x);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (int c = 0; c < l.length; c++) {
            l[c] = Math.exp(l[c] - max);
            s += l[c];
        }
        for (int c = 0; c < l.length; c++) {
            l[c] /= s;
        }
        return l;
    }

    /** log(m_c(t) N(x; μ_c(t), v I)) = log m_c − ‖x − μ_c(t)‖² / (2v) − (D/2) log(2π v). */
    private double[] logTerms(double t, double[] x) {
        checkState(x);
        double var = variance(t);
        if (!(var > 0)) {
            throw new RuotException(NAME + ": the density at t=" + t + " is singular (initialSpread = 0 and t = t0)");
        }
        double tau = t - times[0];
        double norm = -0.5 * dim * Math.log(2 * Math.PI * var);
        double[] l = new double[weight.length];
        for (int c = 0; c < weight.length; c++) {
            double d2 = 0;
            for (int j = 0; j < dim; j++) {
                double e = x[j] - mean[c][j] - velocity[c][j] * tau;
                d2 += e * e;
            }
            l[c] = Math.log(weight[c]) + growth[c] * tau - d2 / (2 * var) + norm;
        }
        return l;
    }

    private void checkState(double[] x) {
        if (x.length != dim) {
            throw new RuotException(NAME + ": state: expected " + dim + " values, got " + x.length);
        }
    }

    // ---- GroundTruth ----

    @Override
    public int dim() {
        return dim;
    }

    /** b(t, x) = Σ_c π_c(t, x) v_c. */
    @Override
    public double[] drift(double t, double[] x) {
        double[] post = posterior(t, x);
        double[] b = new double[dim];
        for (int c = 0; c < post.length; c++) {
            for (int j = 0; j < dim; j++) {
                b[j] += post[c] * velocity[c][j];
            }
        }
        return b;
    }

    /** β(t, x) = Σ_c π_c(t, x) max(g_c, 0). */
    @Override
    public double birthRate(double t, double[] x) {
        return posteriorMean(t, x, g -> Math.max(g, 0));
    }

    /** δ(t, x) = Σ_c π_c(t, x) max(−g_c, 0). */
    @Override
    public double deathRate(double t, double[] x) {
        return posteriorMean(t, x, g -> Math.max(-g, 0));
    }

    /** g(t, x) = Σ_c π_c(t, x) g_c. */
    @Override
    public double growth(double t, double[] x) {
        return posteriorMean(t, x, g -> g);
    }

    /** Σ_c π_c(t, x) rate(g_c): a per-component rate of the growth g_c, weighed by the posterior. */
    private double posteriorMean(double t, double[] x, DoubleUnaryOperator rate) {
        double[] post = posterior(t, x);
        double r = 0;
        for (int c = 0; c < post.length; c++) {
            r += post[c] * rate.applyAsDouble(growth[c]);
        }
        return r;
    }

    /**
     * J = Σ_c v_c (∇π_c)ᵀ with ∇π_c = π_c (a_c − Σ_e π_e a_e) and a_c = ∇ log N_c = (μ_c(t) − x) / v(t).
     */
    @Override
    public double[][] driftJacobian(double t, double[] x) {
        double[] post = posterior(t, x);
        double var = variance(t);
        int k = post.length;
        double[][] a = new double[k][];
        double[] abar = new double[dim];
        for (int c = 0; c < k; c++) {
            a[c] = componentMean(c, t);
            for (int j = 0; j < dim; j++) {
                a[c][j] = (a[c][j] - x[j]) / var;
                abar[j] += post[c] * a[c][j];
            }
        }
        double[][] jac = new double[dim][dim];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < dim; r++) {
                double vr = velocity[c][r] * post[c];
                if (vr == 0) {
                    continue;
                }
                for (int j = 0; j < dim; j++) {
                    jac[r][j] += vr * (a[c][j] - abar[j]);
                }
            }
        }
        return jac;
    }

    // ---- settings and sampling ----

    /** Every setting by name; component c's fields are "component<c>.weight|mean|velocity|growth". */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("generator", NAME);
        p.put("dim", dim);
        putPopulation(p);
        p.put("initialSpread", initialSpread);
        p.put("seed", seed);
        for (int c = 0; c < weight.length; c++) {
            p.put("component" + c + ".weight", weight[c]);
            p.put("component" + c + ".mean", Settings.list(mean[c]));
            p.put("component" + c + ".velocity", Settings.list(velocity[c]));
            p.put("component" + c + ".growth", growth[c]);
        }
        return p;
    }

    /** Draws every time point from the exact law (see the class comment). */
    public SyntheticDataset generate() {
        String source = NAME + " " + dim + "d (seed " + seed + ")";
        SplittableRandom rnd = new SplittableRandom(seed);
        Snapshots.Builder out = Snapshots.builder(Settings.featureNames(dim)).source(source);
        int k = weight.length;
        double[] r = new double[times.length];
        for (int ti = 0; ti < times.length; ti++) {
            double t = times[ti];
            r[ti] = relativeMass(t);
            long count = ti == 0 ? cells : Math.round(cells * r[ti]);
            if (count < 2 || count > 50_000_000L) {
                throw new RuotException(source + ": t=" + t + " would hold " + count
                        + " cells (relative mass " + r[ti]
                        + "); expected 2 to 50000000, change the growth rates or cells");
            }
            int n = (int) count;
            double[] cum = new double[k]; // cumulative component probabilities m_c(t) / r(t)
            double acc = 0;
            for (int c = 0; c < k; c++) {
                acc += componentMass(c, t) / r[ti];
                cum[c] = acc;
            }
            double sd = Math.sqrt(variance(t));
            double[][] mu = new double[k][];
            for (int c = 0; c < k; c++) {
                mu[c] = componentMean(c, t);
            }
            double[] flat = new double[n * dim];
            for (int i = 0; i < n; i++) {
                double u = rnd.nextDouble();
                int c = 0;
                while (c < k - 1 && u >= cum[c]) {
                    c++;
                }
                for (int j = 0; j < dim; j++) {
                    flat[i * dim + j] = mu[c][j] + sd * rnd.nextGaussian();
                }
            }
            out.addAll(t, flat);
        }
        Snapshots snapshots = out.relativeMasses(r).build();
        return new SyntheticDataset(snapshots, this, r, parameters());
    }

    @Override
    public String toString() {
        return "GaussianMixturePopulation" + parameters();
    }

    /**
     * Fluent settings, with the defaults of the class comment (D = 10, 500 cells, t = 0, 1, σ = 0.1, s0 = 0.1, the
     * three default components); {@link #build()} validates them.
     */
    public static final class Builder extends SyntheticPopulation.Builder<Builder> {
        private int dim = 10;
        private final List<double[]> compWeight = new ArrayList<>();
        private final List<double[]> compMean = new ArrayList<>();
        private final List<double[]> compVelocity = new ArrayList<>();
        private final List<double[]> compGrowth = new ArrayList<>();

        private Builder() {
            super(500, new double[] {0, 1}, 0.1, 0.1);
        }

        /** The dimension D (default 10; the default components need D ≥ 2). */
        public Builder dim(int d) {
            this.dim = d;
            return this;
        }

        /**
         * Adds a component: its share at t0 (shares are normalised to sum 1), its mean at t0, its velocity and its
         * growth rate. Adding any component replaces the three default ones.
         */
        public Builder component(double share, double[] mean, double[] velocity, double growthRate) {
            compWeight.add(new double[] {share});
            compMean.add(mean == null ? null : mean.clone());
            compVelocity.add(velocity == null ? null : velocity.clone());
            compGrowth.add(new double[] {growthRate});
            return this;
        }

        public GaussianMixturePopulation build() {
            Settings.atLeast(NAME, "dim", dim, compWeight.isEmpty() ? 2 : 1);
            checkShared(NAME);
            Settings.nonNegative(NAME, "initialSpread", initialSpread);
            int k = compWeight.isEmpty() ? 3 : compWeight.size();
            double[] w = new double[k];
            double[][] m = new double[k][];
            double[][] v = new double[k][];
            double[] g = new double[k];
            if (compWeight.isEmpty()) {
                w = new double[] {0.4, 0.4, 0.2};
                for (int c = 0; c < 3; c++) {
                    m[c] = new double[dim];
                    v[c] = new double[dim];
                }
                v[0][0] = -1;
                v[1][0] = 1;
                m[2][1] = 2.5;
                g[2] = Math.log(10);
            } else {
                for (int c = 0; c < k; c++) {
                    String f = "component " + (c + 1);
                    w[c] = Settings.positive(NAME, f + " share", compWeight.get(c)[0]);
                    m[c] = Settings.finiteVector(NAME, f + " mean", compMean.get(c), dim);
                    v[c] = Settings.finiteVector(NAME, f + " velocity", compVelocity.get(c), dim);
                    g[c] = Settings.finite(NAME, f + " growth", compGrowth.get(c)[0]);
                }
            }
            double total = 0;
            for (double x : w) {
                total += x;
            }
            for (int c = 0; c < k; c++) {
                w[c] /= total;
            }
            return new GaussianMixturePopulation(this, w, m, v, g);
        }
    }
}
