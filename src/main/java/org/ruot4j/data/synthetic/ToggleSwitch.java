package org.ruot4j.data.synthetic;

import java.util.Map;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;

/**
 * A two-gene toggle switch (self-activation, mutual inhibition) with state-dependent division and death: a
 * synthetic population whose cells bifurcate from a progenitor state into two fates that grow at different
 * rates, in the shape and scale of DeepRUOT's {@code simulation_gene} data (two genes, values in about [0, 2.5],
 * t = 0…4, 400 cells at t0 growing to about 1000).
 *
 * <p>Dynamics, with the Hill function h(x) = x⁴ / (s⁴ + x⁴) and s = 1.2:
 * <pre>
 *   dX1 = (c + a h(X1) + b (1 − h(X2)) − k X1) dt + σ dW1
 *   dX2 = (c + a h(X2) + b (1 − h(X1)) − k X2) dt + σ dW2
 *   a = 2 (self-activation), b = 2 (mutual inhibition), c = 0.4 (basal production), k = 2 (degradation)
 *   birth rate β(x) = β0 + β1 h(x2),  death rate δ(x) = δ0 + δ1 h(x1),  growth g = β − δ
 * </pre>
 * The diagonal point (1.2, 1.2) = ((b + c)/k, (b + c)/k) is a saddle (unstable along x1 − x2 at rate
 * (a + b)·4/(4s) − k = 4/3, stable along x1 + x2 at rate k = 2); the attractors are near (2.1, 0.3) (fate 1,
 * gene 1 high) and (0.3, 2.1) (fate 2, gene 2 high). With the default rates β0 = 0.2, β1 = 0.5, δ0 = 0.2,
 * δ1 = 0.1 fate 2 proliferates (g ≈ +0.45) while fate 1 slowly declines (g ≈ −0.09).
 *
 * <p>Simulation: the t0 cells are drawn from N(m, s0² I) around the saddle (m = (1.2, 1.2), s0 = 0.1).
 * Euler–Maruyama with step h (default 0.01, shortened so that every sampling time is hit exactly); in each step,
 * with the rates taken at the start of the step, a cell divides with probability β h (the daughter starts at
 * the parent's new position; independent noise separates them) or dies with probability δ h. The expected
 * population therefore follows the Feynman–Kac mean E[exp(∫ g(X_s) ds)] of the SDE, to O(h): with the
 * defaults r(1..4) ≈ 1.22, 1.51, 1.95, 2.66. A single run of 400 cells is one realisation of a branching
 * process, so its r_4 scatters by about 8% between seeds (1% with 20000 cells).
 *
 * <p>Sampling: each time point records every living cell (DeepRUOT's convention: the counts themselves grow), so
 * the snapshots share lineages. With {@link Builder#maxCellsPerTime} a time point with more living cells keeps a
 * uniform random subset of that size, drawn from a stream separate from the dynamics (so the population is the
 * same with or without a cap), and the relative masses still record the true population ratio N_k / N_0.
 *
 * <p>Deterministic: the same settings and seed give identical snapshots. The instance is immutable and is its
 * own {@link GroundTruth}.
 */
public final class ToggleSwitch extends BranchingPopulation {
    static final String NAME = "toggle-switch";
    private static final double SELF_ACTIVATION = 2.0;
    private static final double MUTUAL_INHIBITION = 2.0;
    private static final double BASAL = 0.4;
    private static final double DEGRADATION = 2.0;
    private static final double THRESHOLD = 1.2;
    private static final double THRESHOLD4 = THRESHOLD * THRESHOLD * THRESHOLD * THRESHOLD;
    private static final int MAX_POPULATION = 20_000_000;

    private final double[] initialMean;
    private final double birthBase;
    private final double birthFate2;
    private final double deathBase;
    private final double deathFate1;

    private ToggleSwitch(Builder b) {
        super(NAME, b, MAX_POPULATION);
        this.initialMean = b.initialMean.clone();
        this.birthBase = b.birthBase;
        this.birthFate2 = b.birthFate2;
        this.deathBase = b.deathBase;
        this.deathFate1 = b.deathFate1;
    }

    /** A builder with the defaults described above (400 cells, t = 0,1,2,3,4, σ = 0.1, seed 1). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, e.g. to change only the seed. */
    public Builder toBuilder() {
        Builder b = new Builder().copy(this);
        b.initialMean = initialMean.clone();
        b.birthBase = birthBase;
        b.birthFate2 = birthFate2;
        b.deathBase = deathBase;
        b.deathFate1 = deathFate1;
        return b;
    }

    // ---- the truth ----

    /** h(x) = x⁴ / (s⁴ + x⁴). */
    private static double hill(double x) {
        double x2 = x * x;
        double x4 = x2 * x2;
        return x4 / (THRESHOLD4 + x4);
    }

    /** h'(x) = 4 s⁴ x³ / (s⁴ + x⁴)². */
    private static double hillDerivative(double x) {
        double x2 = x * x;
        double q = THRESHOLD4 + x2 * x2;
        return 4 * THRESHOLD4 * x2 * x / (q * q);
    }

    private static double drift1(double x1, double h1, double h2) {
        return BASAL + SELF_ACTIVATION * h1 + MUTUAL_INHIBITION * (1 - h2) - DEGRADATION * x1;
    }

    /** b(x) = (c + a h(x1) + b (1 − h(x2)) − k x1, c + a h(x2) + b (1 − h(x1)) − k x2). */
    @Override
    public double[] drift(double t, double[] x) {
        checkState(x);
        double h1 = hill(x[0]);
        double h2 = hill(x[1]);
        return new double[] {drift1(x[0], h1, h2), drift1(x[1], h2, h1)};
    }

    /** β(x) = β0 + β1 h(x2). */
    @Override
    public double birthRate(double t, double[] x) {
        checkState(x);
        return birthBase + birthFate2 * hill(x[1]);
    }

    /** δ(x) = δ0 + δ1 h(x1). */
    @Override
    public double deathRate(double t, double[] x) {
        checkState(x);
        return deathBase + deathFate1 * hill(x[0]);
    }

    /** J = [[a h'(x1) − k, −b h'(x2)], [−b h'(x1), a h'(x2) − k]]. */
    @Override
    public double[][] driftJacobian(double t, double[] x) {
        checkState(x);
        double d1 = hillDerivative(x[0]);
        double d2 = hillDerivative(x[1]);
        return new double[][] {
            {SELF_ACTIVATION * d1 - DEGRADATION, -MUTUAL_INHIBITION * d2},
            {-MUTUAL_INHIBITION * d1, SELF_ACTIVATION * d2 - DEGRADATION}};
    }

    private static void checkState(double[] x) {
        if (x.length != 2) {
            throw new RuotException(NAME + ": state: expected 2 values (x1, x2), got " + x.length);
        }
    }

    // ---- settings ----

    /** The centre m of the t0 cells. */
    public double[] initialMean() {
        return initialMean.clone();
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = sharedParameters();
        p.put("initialMean", Settings.list(initialMean));
        p.put("initialSpread", initialSpread);
        p.put("selfActivation", SELF_ACTIVATION);
        p.put("mutualInhibition", MUTUAL_INHIBITION);
        p.put("basalProduction", BASAL);
        p.put("degradation", DEGRADATION);
        p.put("hillThreshold", THRESHOLD);
        p.put("hillCoefficient", 4);
        p.put("birthBase", birthBase);
        p.put("birthFate2", birthFate2);
        p.put("deathBase", deathBase);
        p.put("deathFate1", deathFate1);
        return p;
    }

    // ---- simulation ----

    @Override
    void drawInitialCells(SplittableRandom rnd, double[] x) {
        for (int i = 0; i < cells; i++) {
            x[2 * i] = initialMean[0] + initialSpread * rnd.nextGaussian();
            x[2 * i + 1] = initialMean[1] + initialSpread * rnd.nextGaussian();
        }
    }

    @Override
    void rates(double x1, double x2, double[] out) {
        double h1 = hill(x1);
        double h2 = hill(x2);
        out[0] = birthBase + birthFate2 * h2;
        out[1] = deathBase + deathFate1 * h1;
        out[2] = drift1(x1, h1, h2);
        out[3] = drift1(x2, h2, h1);
    }

    @Override
    public String toString() {
        return "ToggleSwitch" + parameters();
    }

    /**
     * Fluent settings, with the defaults of the class comment (400 cells, t = 0,1,2,3,4, σ = 0.1, s0 = 0.1,
     * h = 0.01, no cap); {@link #build()} validates them.
     */
    public static final class Builder extends BranchingPopulation.Builder<Builder> {
        private double[] initialMean = {1.2, 1.2};
        private double birthBase = 0.2;
        private double birthFate2 = 0.5;
        private double deathBase = 0.2;
        private double deathFate1 = 0.1;

        private Builder() {
            super(400, new double[] {0, 1, 2, 3, 4}, 0.1, 0.1);
        }

        /** Centre of the t0 cells (default the saddle (1.2, 1.2)). */
        public Builder initialMean(double x1, double x2) {
            this.initialMean = new double[] {x1, x2};
            return this;
        }

        /** Birth rate β(x) = base + fate2 · h(x2) (default 0.2 + 0.5 h(x2)). */
        public Builder birthRate(double base, double fate2) {
            this.birthBase = base;
            this.birthFate2 = fate2;
            return this;
        }

        /** Death rate δ(x) = base + fate1 · h(x1) (default 0.2 + 0.1 h(x1)). */
        public Builder deathRate(double base, double fate1) {
            this.deathBase = base;
            this.deathFate1 = fate1;
            return this;
        }

        public ToggleSwitch build() {
            checkShared(NAME);
            initialMean = Settings.finiteVector(NAME, "initialMean", initialMean, 2);
            Settings.nonNegative(NAME, "initialSpread", initialSpread);
            Settings.nonNegative(NAME, "birthRate base", birthBase);
            Settings.nonNegative(NAME, "birthRate fate2", birthFate2);
            Settings.nonNegative(NAME, "deathRate base", deathBase);
            Settings.nonNegative(NAME, "deathRate fate1", deathFate1);
            // h < 1, so β + δ < sum of the four rates
            checkStep(NAME, birthBase + birthFate2 + deathBase + deathFate1);
            return new ToggleSwitch(this);
        }
    }
}
