package org.ruot4j.data.synthetic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;
import org.ruot4j.data.RowSample;
import org.ruot4j.data.Snapshots;

/**
 * A two-dimensional population that splits from one progenitor state into three fates with different growth: the
 * cells descend the potential U(x) = −ℓ² γ log Σ_c exp(−‖x − m_c‖² / (2ℓ²)) of three wells m_c at radius R around
 * the origin (angles 90°, 210°, 330°), with division and death rates that depend on the well a cell is in.
 *
 * <pre>
 *   π_c(x) = exp(−‖x − m_c‖²/(2ℓ²)) / Σ_e exp(−‖x − m_e‖²/(2ℓ²))      (soft assignment to the wells)
 *   dX = b(X) dt + σ dW,   b(x) = −∇U(x) = γ Σ_c π_c(x) (m_c − x)
 *   β(x) = Σ_c π_c(x) β_c,  δ(x) = Σ_c π_c(x) δ_c,   g = β − δ
 * </pre>
 * At the origin the Jacobian of b is γ (R²/(2ℓ²) − 1) I (the three wells' covariance is R²/2 · I), so the origin is a
 * symmetric unstable point when R² &gt; 2ℓ², and the t0 cells, drawn from N(0, s0² I), leave it towards the three
 * wells with probability ⅓ each. Defaults: R = 1.5, ℓ = 0.6, γ = 1, σ = 0.15, s0 = 0.15, 500 cells, t = 0, 1, 2, 3, fate rates
 * (β, δ) = (0.6, 0.1), (0.3, 0.3), (0.1, 0.5): fate 1 grows (g = +0.5), fate 2 is stable, fate 3 declines (g = −0.4).
 *
 * <p>Simulation and sampling as {@link ToggleSwitch}: Euler–Maruyama with step h, per step a cell divides with
 * probability β h or dies with probability δ h; each time point records every living cell, or a uniform subset of
 * {@link Builder#maxCellsPerTime}, drawn from a stream separate from the dynamics; relative masses are the true
 * population ratios. Deterministic given the seed.
 */
public final class ThreeFateBifurcation implements GroundTruth {
    static final String NAME = "three-fate-bifurcation";
    private static final int MAX_POPULATION = 5_000_000;

    private final int cells;
    private final double[] times;
    private final double sigma;
    private final long seed;
    private final double stepSize;
    private final int maxCellsPerTime;
    private final double radius;
    private final double wellWidth;
    private final double pull;
    private final double initialSpread;
    private final double[] birth;
    private final double[] death;
    private final double[][] wells;

    private ThreeFateBifurcation(Builder b) {
        this.cells = b.cells;
        this.times = b.times.clone();
        this.sigma = b.sigma;
        this.seed = b.seed;
        this.stepSize = b.stepSize;
        this.maxCellsPerTime = b.maxCellsPerTime;
        this.radius = b.radius;
        this.wellWidth = b.wellWidth;
        this.pull = b.pull;
        this.initialSpread = b.initialSpread;
        this.birth = b.birth.clone();
        this.death = b.death.clone();
        this.wells = new double[3][];
        for (int c = 0; c < 3; c++) {
            double a = Math.toRadians(90 + 120 * c);
            wells[c] = new double[] {radius * Math.cos(a), radius * Math.sin(a)};
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The centre m_c of well c (0, 1, 2). */
    public double[] well(int c) {
        return wells[c].clone();
    }

    /** The fate of a state: the index of the nearest well. */
    public int fate(double[] x) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            double dx = x[0] - wells[c][0];
            double dy = x[1] - wells[c][1];
            double d = dx * dx + dy * dy;
            if (d < bd) {
                bd = d;
                best = c;
            }
        }
        return best;
    }

    /** π_c(x), the soft assignment to the wells. */
    public double[] assignment(double[] x) {
        double[] logit = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            double dx = x[0] - wells[c][0];
            double dy = x[1] - wells[c][1];
            logit[c] = -(dx * dx + dy * dy) / (2 * wellWidth * wellWidth);
            max = Math.max(max, logit[c]);
        }
        double z = 0;
        for (int c = 0; c < 3; c++) {
            logit[c] = Math.exp(logit[c] - max);
            z += logit[c];
        }
        for (int c = 0; c < 3; c++) {
            logit[c] /= z;
        }
        return logit;
    }

    @Override
    public int dim() {
        return 2;
    }

    /** b(x) = γ Σ_c π_c(x) (m_c − x). */
    @Override
    public double[] drift(double t, double[] x) {
        check(x);
        double[] p = assignment(x);
        double[] b = new double[2];
        for (int c = 0; c < 3; c++) {
            b[0] += pull * p[c] * (wells[c][0] - x[0]);
            b[1] += pull * p[c] * (wells[c][1] - x[1]);
        }
        return b;
    }

    @Override
    public double birthRate(double t, double[] x) {
        check(x);
        double[] p = assignment(x);
        return p[0] * birth[0] + p[1] * birth[1] + p[2] * birth[2];
    }

    @Override
    public double deathRate(double t, double[] x) {
        check(x);
        double[] p = assignment(x);
        return p[0] * death[0] + p[1] * death[1] + p[2] * death[2];
    }

    @Override
    public double sigma(double t) {
        return sigma;
    }

    private static void check(double[] x) {
        if (x == null || x.length != 2) {
            throw new RuotException(NAME + ": expected a 2-dimensional state, got "
                    + (x == null ? "null" : x.length + " coordinates"));
        }
    }

    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("generator", NAME);
        p.put("cells", cells);
        p.put("times", Settings.list(times));
        p.put("sigma", sigma);
        p.put("seed", seed);
        p.put("stepSize", stepSize);
        p.put("maxCellsPerTime", maxCellsPerTime);
        p.put("radius", radius);
        p.put("wellWidth", wellWidth);
        p.put("pull", pull);
        p.put("initialSpread", initialSpread);
        p.put("birth", Settings.list(birth));
        p.put("death", Settings.list(death));
        return p;
    }

    /** Runs the branching simulation and samples it at every time point. */
    public SyntheticDataset generate() {
        String source = NAME + " (seed " + seed + ")";
        SplittableRandom dynamics = new SplittableRandom(seed);
        SplittableRandom sampler = dynamics.split();
        int n = cells;
        double[] x = new double[2 * Math.max(64, 2 * cells)];
        for (int i = 0; i < 2 * n; i++) {
            x[i] = initialSpread * dynamics.nextGaussian();
        }
        double[] daughters = new double[x.length];
        Snapshots.Builder out = Snapshots.builder("x1", "x2").source(source);
        double[] mass = new double[times.length];
        mass[0] = 1.0;
        record(out, source, times[0], x, n, sampler);
        double[] xi = new double[2];
        for (int k = 1; k < times.length; k++) {
            double span = times[k] - times[k - 1];
            int steps = Math.max(1, (int) Math.ceil(span / stepSize - 1e-9));
            double dt = span / steps;
            double noise = sigma * Math.sqrt(dt);
            for (int step = 0; step < steps; step++) {
                int kept = 0;
                int born = 0;
                for (int i = 0; i < n; i++) {
                    xi[0] = x[2 * i];
                    xi[1] = x[2 * i + 1];
                    double[] p = assignment(xi);
                    double pBirth = (p[0] * birth[0] + p[1] * birth[1] + p[2] * birth[2]) * dt;
                    double pDeath = (p[0] * death[0] + p[1] * death[1] + p[2] * death[2]) * dt;
                    double b0 = 0;
                    double b1 = 0;
                    for (int c = 0; c < 3; c++) {
                        b0 += pull * p[c] * (wells[c][0] - xi[0]);
                        b1 += pull * p[c] * (wells[c][1] - xi[1]);
                    }
                    double u = dynamics.nextDouble();
                    double y1 = xi[0] + b0 * dt + noise * dynamics.nextGaussian();
                    double y2 = xi[1] + b1 * dt + noise * dynamics.nextGaussian();
                    if (u >= pBirth && u < pBirth + pDeath) {
                        continue;
                    }
                    x[2 * kept] = y1;
                    x[2 * kept + 1] = y2;
                    kept++;
                    if (u < pBirth) {
                        if (2 * born + 2 > daughters.length) {
                            daughters = Arrays.copyOf(daughters, 2 * daughters.length);
                        }
                        daughters[2 * born] = y1;
                        daughters[2 * born + 1] = y2;
                        born++;
                    }
                }
                n = kept + born;
                if (n > MAX_POPULATION) {
                    throw new RuotException(source + ": the population passed " + MAX_POPULATION + " cells");
                }
                if (2 * n > x.length) {
                    x = Arrays.copyOf(x, Math.max(2 * n, 2 * x.length));
                }
                System.arraycopy(daughters, 0, x, 2 * kept, 2 * born);
            }
            mass[k] = (double) n / cells;
            record(out, source, times[k], x, n, sampler);
        }
        return new SyntheticDataset(out.relativeMasses(mass).build(), this, mass, parameters());
    }

    private void record(Snapshots.Builder out, String source, double t, double[] x, int n, SplittableRandom sampler) {
        if (n < 2) {
            throw new RuotException(source + ": only " + n + " cell(s) alive at t=" + t);
        }
        if (maxCellsPerTime == 0 || n <= maxCellsPerTime) {
            out.addAll(t, Arrays.copyOf(x, 2 * n));
            return;
        }
        int[] keep = RowSample.ascending(n, maxCellsPerTime, sampler::nextInt);
        double[] flat = new double[2 * keep.length];
        for (int i = 0; i < keep.length; i++) {
            flat[2 * i] = x[2 * keep[i]];
            flat[2 * i + 1] = x[2 * keep[i] + 1];
        }
        out.addAll(t, flat);
    }

    @Override
    public String toString() {
        return "ThreeFateBifurcation" + parameters();
    }

    /** Fluent settings; {@link #build()} validates them. */
    public static final class Builder {
        private int cells = 500;
        private double[] times = {0, 1, 2, 3};
        private double sigma = 0.15;
        private long seed = 1;
        private double stepSize = 0.01;
        private int maxCellsPerTime = 0;
        private double radius = 1.5;
        private double wellWidth = 0.6;
        private double pull = 1.0;
        private double initialSpread = 0.15;
        private double[] birth = {0.6, 0.3, 0.1};
        private double[] death = {0.1, 0.3, 0.5};

        private Builder() {
        }

        public Builder cells(int n) {
            this.cells = n;
            return this;
        }

        public Builder times(double... t) {
            this.times = t == null ? null : t.clone();
            return this;
        }

        public Builder sigma(double s) {
            this.sigma = s;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder stepSize(double h) {
            this.stepSize = h;
            return this;
        }

        public Builder maxCellsPerTime(int n) {
            this.maxCellsPerTime = n;
            return this;
        }

        /** Distance R of the wells from the origin (default 1.5). */
        public Builder radius(double r) {
            this.radius = r;
            return this;
        }

        /** Width ℓ of the wells (default 0.6); the origin is unstable when R² > 2ℓ². */
        public Builder wellWidth(double l) {
            this.wellWidth = l;
            return this;
        }

        /** Strength γ of the pull towards the wells (default 1). */
        public Builder pull(double g) {
            this.pull = g;
            return this;
        }

        public Builder initialSpread(double s0) {
            this.initialSpread = s0;
            return this;
        }

        /** Per-fate birth rates β_c (three values). */
        public Builder birth(double... b) {
            this.birth = b.clone();
            return this;
        }

        /** Per-fate death rates δ_c (three values). */
        public Builder death(double... d) {
            this.death = d.clone();
            return this;
        }

        public ThreeFateBifurcation build() {
            Settings.atLeast(NAME, "cells", cells, 2);
            times = Settings.times(NAME, times);
            Settings.nonNegative(NAME, "sigma", sigma);
            Settings.positive(NAME, "stepSize", stepSize);
            if (maxCellsPerTime != 0) {
                Settings.atLeast(NAME, "maxCellsPerTime", maxCellsPerTime, 2);
            }
            Settings.positive(NAME, "radius", radius);
            Settings.positive(NAME, "wellWidth", wellWidth);
            Settings.positive(NAME, "pull", pull);
            Settings.nonNegative(NAME, "initialSpread", initialSpread);
            if (birth.length != 3 || death.length != 3) {
                throw new RuotException(NAME + ": birth and death need one rate per fate (3 each)");
            }
            double maxRate = 0;
            for (int c = 0; c < 3; c++) {
                Settings.nonNegative(NAME, "birth[" + c + "]", birth[c]);
                Settings.nonNegative(NAME, "death[" + c + "]", death[c]);
                maxRate = Math.max(maxRate, birth[c] + death[c]);
            }
            if (maxRate * stepSize > 1) {
                throw new RuotException(NAME + ": stepSize " + stepSize + " times the largest birth + death rate "
                        + maxRate + " exceeds 1");
            }
            return new ThreeFateBifurcation(this);
        }
    }
}
