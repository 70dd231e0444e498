package org.ruot4j.data.synthetic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;
import org.ruot4j.data.RowSample;
import org.ruot4j.data.Snapshots;

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
public final class ToggleSwitch implements GroundTruth {
    static final String NAME = "toggle-switch";
    private static final double SELF_ACTIVATION = 2.0;
    private static final double MUTUAL_INHIBITION = 2.0;
    private static final double BASAL = 0.4;
    private static final double DEGRADATION = 2.0;
    private static final double THRESHOLD = 1.2;
    private static final double THRESHOLD4 = THRESHOLD * THRESHOLD * THRESHOLD * THRESHOLD;
    /** Refuse settings that make the population explode rather than run out of memory. */
    private static final int MAX_POPULATION = 20_000_000;

    private final int cells;
    private final double[] times;
    private final double sigma;
    private final long seed;
    private final double stepSize;
    private final int maxCellsPerTime;
    private final double[] initialMean;
    private final double initialSpread;
    private final double birthBase;
    private final double birthFate2;
    private final double deathBase;
    private final double deathFate1;

    private ToggleSwitch(Builder b) {
        this.cells = b.cells;
        this.times = b.times.clone();
        this.sigma = b.sigma;
        this.seed = b.seed;
        this.stepSize = b.stepSize;
        this.maxCellsPerTime = b.maxCellsPerTime;
        this.initialMean = b.initialMean.clone();
        this.initialSpread = b.initialSpread;
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
        Builder b = new Builder();
        b.cells = cells;
        b.times = times.clone();
        b.sigma = sigma;
        b.seed = seed;
        b.stepSize = stepSize;
        b.maxCellsPerTime = maxCellsPerTime;
        b.initialMean = initialMean.clone();
        b.initialSpread = initialSpread;
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

    @Override
    public int dim() {
        return 2;
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

    @Override
    public double sigma(double t) {
        return sigma;
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

    public int cells() {
        return cells;
    }

    public double[] times() {
        return times.clone();
    }

    public long seed() {
        return seed;
    }

    public double stepSize() {
        return stepSize;
    }

    /** The cap on recorded cells per time; 0 records all living cells. */
    public int maxCellsPerTime() {
        return maxCellsPerTime;
    }

    /** The centre m of the t0 cells. */
    public double[] initialMean() {
        return initialMean.clone();
    }

    /** The standard deviation s0 of each coordinate of the t0 cells. */
    public double initialSpread() {
        return initialSpread;
    }

    /** Every setting and model constant by name. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("generator", NAME);
        p.put("cells", cells);
        p.put("times", Settings.list(times));
        p.put("sigma", sigma);
        p.put("seed", seed);
        p.put("stepSize", stepSize);
        p.put("maxCellsPerTime", maxCellsPerTime);
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

    /** Runs the branching simulation and samples it at every time point. */
    public SyntheticDataset generate() {
        String source = NAME + " (seed " + seed + ")";
        SplittableRandom dynamics = new SplittableRandom(seed);
        // sampling draws come from their own stream so that a cap never changes the population itself
        SplittableRandom sampler = dynamics.split();

        int n = cells;
        double[] x = new double[2 * Math.max(64, 2 * cells)];
        for (int i = 0; i < n; i++) {
            x[2 * i] = initialMean[0] + initialSpread * dynamics.nextGaussian();
            x[2 * i + 1] = initialMean[1] + initialSpread * dynamics.nextGaussian();
        }
        double[] daughters = new double[x.length];

        Snapshots.Builder out = Snapshots.builder("x1", "x2").source(source);
        double[] mass = new double[times.length];
        mass[0] = 1.0;
        record(out, source, times[0], x, n, sampler);

        for (int k = 1; k < times.length; k++) {
            double span = times[k] - times[k - 1];
            int steps = Math.max(1, (int) Math.ceil(span / stepSize - 1e-9));
            double dt = span / steps;
            double noise = sigma * Math.sqrt(dt);
            for (int step = 0; step < steps; step++) {
                int kept = 0;
                int born = 0;
                for (int i = 0; i < n; i++) {
                    double x1 = x[2 * i];
                    double x2 = x[2 * i + 1];
                    double h1 = hill(x1);
                    double h2 = hill(x2);
                    double pBirth = (birthBase + birthFate2 * h2) * dt;
                    double pDeath = (deathBase + deathFate1 * h1) * dt;
                    // always the same three draws per cell, so the stream stays aligned whatever happens
                    double u = dynamics.nextDouble();
                    double y1 = x1 + drift1(x1, h1, h2) * dt + noise * dynamics.nextGaussian();
                    double y2 = x2 + drift1(x2, h2, h1) * dt + noise * dynamics.nextGaussian();
                    if (u >= pBirth && u < pBirth + pDeath) {
                        continue; // dies
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
                    throw new RuotException(source + ": the population passed " + MAX_POPULATION
                            + " cells before t=" + times[k] + "; lower the birth rates, the cells or the time span");
                }
                if (2 * n > x.length) {
                    x = Arrays.copyOf(x, Math.max(2 * n, 2 * x.length));
                }
                System.arraycopy(daughters, 0, x, 2 * kept, 2 * born);
            }
            mass[k] = (double) n / cells;
            record(out, source, times[k], x, n, sampler);
        }
        Snapshots snapshots = out.relativeMasses(mass).build();
        return new SyntheticDataset(snapshots, this, mass, parameters());
    }

    /** Adds the living cells (or a uniform subset of maxCellsPerTime of them) at time t. */
    private void record(Snapshots.Builder out, String source, double t, double[] x, int n, SplittableRandom sampler) {
        if (n < 2) {
            throw new RuotException(source + ": only " + n + " cell(s) alive at t=" + t
                    + "; at least 2 are needed (lower the death rates or start with more cells)");
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
        return "ToggleSwitch" + parameters();
    }

    /** Fluent settings; {@link #build()} validates them. */
    public static final class Builder {
        private int cells = 400;
        private double[] times = {0, 1, 2, 3, 4};
        private double sigma = 0.1;
        private long seed = 1;
        private double stepSize = 0.01;
        private int maxCellsPerTime = 0;
        private double[] initialMean = {1.2, 1.2};
        private double initialSpread = 0.1;
        private double birthBase = 0.2;
        private double birthFate2 = 0.5;
        private double deathBase = 0.2;
        private double deathFate1 = 0.1;

        private Builder() {
        }

        /** Number of cells at t0 (default 400). */
        public Builder cells(int n) {
            this.cells = n;
            return this;
        }

        /** Sampling times, strictly increasing; the cells start at the first (default 0,1,2,3,4). */
        public Builder times(double... t) {
            this.times = t == null ? null : t.clone();
            return this;
        }

        /** Noise amplitude σ (default 0.1). */
        public Builder sigma(double s) {
            this.sigma = s;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Euler–Maruyama step h (default 0.01). */
        public Builder stepSize(double h) {
            this.stepSize = h;
            return this;
        }

        /** Records at most this many cells per time (0 = all living cells, the default). */
        public Builder maxCellsPerTime(int n) {
            this.maxCellsPerTime = n;
            return this;
        }

        /** Centre of the t0 cells (default the saddle (1.2, 1.2)). */
        public Builder initialMean(double x1, double x2) {
            this.initialMean = new double[] {x1, x2};
            return this;
        }

        /** Standard deviation of each coordinate of the t0 cells (default 0.1). */
        public Builder initialSpread(double s0) {
            this.initialSpread = s0;
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
            Settings.atLeast(NAME, "cells", cells, 2);
            times = Settings.times(NAME, times);
            Settings.nonNegative(NAME, "sigma", sigma);
            Settings.positive(NAME, "stepSize", stepSize);
            if (maxCellsPerTime != 0) {
                Settings.atLeast(NAME, "maxCellsPerTime", maxCellsPerTime, 2);
            }
            initialMean = Settings.finiteVector(NAME, "initialMean", initialMean, 2);
            Settings.nonNegative(NAME, "initialSpread", initialSpread);
            Settings.nonNegative(NAME, "birthRate base", birthBase);
            Settings.nonNegative(NAME, "birthRate fate2", birthFate2);
            Settings.nonNegative(NAME, "deathRate base", deathBase);
            Settings.nonNegative(NAME, "deathRate fate1", deathFate1);
            // h < 1, so β + δ < sum of the four rates; one uniform draw must decide birth, death or neither
            double maxRate = birthBase + birthFate2 + deathBase + deathFate1;
            if (maxRate * stepSize > 1) {
                throw new RuotException(NAME + ": stepSize: " + stepSize + " times the largest birth + death rate "
                        + maxRate + " exceeds 1; use a step of at most " + (1 / maxRate));
            }
            return new ToggleSwitch(this);
        }
    }
}
