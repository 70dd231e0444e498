package org.ruot4j.data.synthetic;

import java.util.Map;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;

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
 * <p>Simulation and sampling as {@link ToggleSwitch} (the same branching run): Euler–Maruyama with step h, per
 * step a cell divides with probability β h or dies with probability δ h; each time point records every living
 * cell, or a uniform subset of {@link Builder#maxCellsPerTime}, drawn from a stream separate from the dynamics;
 * relative masses are the true population ratios. Deterministic given the seed.
 */
public final class ThreeFateBifurcation extends BranchingPopulation {
    static final String NAME = "three-fate-bifurcation";
    private static final int MAX_POPULATION = 5_000_000;

    private final double radius;
    private final double wellWidth;
    private final double pull;
    private final double[] birth;
    private final double[] death;
    private final double[][] wells;

    private ThreeFateBifurcation(Builder b) {
        super(NAME, b, MAX_POPULATION);
        this.radius = b.radius;
        this.wellWidth = b.wellWidth;
        this.pull = b.pull;
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
        return assignment(x[0], x[1]);
    }

    private double[] assignment(double x1, double x2) {
        double[] logit = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            double dx = x1 - wells[c][0];
            double dy = x2 - wells[c][1];
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

    /** b(x) = γ Σ_c π_c(x) (m_c − x). */
    @Override
    public double[] drift(double t, double[] x) {
        double[] law = law(x);
        return new double[] {law[2], law[3]};
    }

    /** β(x) = Σ_c π_c(x) β_c. */
    @Override
    public double birthRate(double t, double[] x) {
        return law(x)[0];
    }

    /** δ(x) = Σ_c π_c(x) δ_c. */
    @Override
    public double deathRate(double t, double[] x) {
        return law(x)[1];
    }

    /** β, δ, b1, b2 at a checked state, as the simulation computes them ({@link #rates}). */
    private double[] law(double[] x) {
        check(x);
        double[] out = new double[4];
        rates(x[0], x[1], out);
        return out;
    }

    private static void check(double[] x) {
        if (x == null || x.length != 2) {
            throw new RuotException(NAME + ": expected a 2-dimensional state, got "
                    + (x == null ? "null" : x.length + " coordinates"));
        }
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = sharedParameters();
        p.put("radius", radius);
        p.put("wellWidth", wellWidth);
        p.put("pull", pull);
        p.put("initialSpread", initialSpread);
        p.put("birth", Settings.list(birth));
        p.put("death", Settings.list(death));
        return p;
    }

    /** The t0 cells: N(0, s0² I) around the unstable origin. */
    @Override
    void drawInitialCells(SplittableRandom rnd, double[] x) {
        for (int i = 0; i < 2 * cells; i++) {
            x[i] = initialSpread * rnd.nextGaussian();
        }
    }

    /** π_c at (x1, x2), then β = Σ π_c β_c, δ = Σ π_c δ_c and b = γ Σ π_c (m_c − x). */
    @Override
    void rates(double x1, double x2, double[] out) {
        double[] p = assignment(x1, x2);
        out[0] = p[0] * birth[0] + p[1] * birth[1] + p[2] * birth[2];
        out[1] = p[0] * death[0] + p[1] * death[1] + p[2] * death[2];
        double b0 = 0;
        double b1 = 0;
        for (int c = 0; c < 3; c++) {
            b0 += pull * p[c] * (wells[c][0] - x1);
            b1 += pull * p[c] * (wells[c][1] - x2);
        }
        out[2] = b0;
        out[3] = b1;
    }

    @Override
    public String toString() {
        return "ThreeFateBifurcation" + parameters();
    }

    /**
     * Fluent settings, with the defaults of the class comment (500 cells, t = 0, 1, 2, 3, σ = 0.15, s0 = 0.15,
     * h = 0.01, no cap); {@link #build()} validates them.
     */
    public static final class Builder extends BranchingPopulation.Builder<Builder> {
        private double radius = 1.5;
        private double wellWidth = 0.6;
        private double pull = 1.0;
        private double[] birth = {0.6, 0.3, 0.1};
        private double[] death = {0.1, 0.3, 0.5};

        private Builder() {
            super(500, new double[] {0, 1, 2, 3}, 0.15, 0.15);
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
            checkShared(NAME);
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
            checkStep(NAME, maxRate);
            return new ThreeFateBifurcation(this);
        }
    }
}
