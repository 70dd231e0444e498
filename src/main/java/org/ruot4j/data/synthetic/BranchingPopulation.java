package org.ruot4j.data.synthetic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;
import org.ruot4j.data.Rows;
import org.ruot4j.data.Snapshots;

/**
 * A two-dimensional population simulated cell by cell: Euler–Maruyama with step h (shortened so that every
 * sampling time is hit exactly); in each step, with the rates taken at the start of the step, a cell divides
 * with probability β h (the daughter starts at the parent's new position; independent noise separates them) or
 * dies with probability δ h. Each time point records every living cell, or a uniform subset of
 * {@code maxCellsPerTime} of them drawn from a stream separate from the dynamics (so the population is the same
 * with or without a cap); the relative masses record the true population ratio N_k / N_0.
 *
 * <p>A generator supplies only its law ({@link #rates}) and its t0 cells; the run is the same for all, so the
 * same settings and seed give identical snapshots.
 */
abstract class BranchingPopulation extends SyntheticPopulation {
    private final double stepSize;
    private final int maxCellsPerTime;
    /** Refuse settings that make the population explode rather than run out of memory. */
    private final int maxPopulation;

    BranchingPopulation(String name, Builder<?> b, int maxPopulation) {
        super(name, b);
        this.stepSize = b.stepSize;
        this.maxCellsPerTime = b.maxCellsPerTime;
        this.maxPopulation = maxPopulation;
    }

    /**
     * The law at state (x1, x2), written into {@code out}: birth rate β, death rate δ, drift b1, drift b2. Called
     * once per cell and step, so it must not allocate more than it has to.
     */
    abstract void rates(double x1, double x2, double[] out);

    /** The state is (x1, x2): the law above and the run are written for two coordinates. */
    @Override
    public int dim() {
        return 2;
    }

    /** Writes the t0 cells, {@code cells()} rows (x1, x2), into the start of {@code x}, drawing from {@code rnd}. */
    abstract void drawInitialCells(SplittableRandom rnd, double[] x);

    /** Euler–Maruyama step h. */
    public double stepSize() {
        return stepSize;
    }

    /** The cap on recorded cells per time; 0 records all living cells. */
    public int maxCellsPerTime() {
        return maxCellsPerTime;
    }

    /** The settings every branching generator has, in the order its {@code parameters()} lists them first. */
    Map<String, Object> sharedParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("generator", name);
        putPopulation(p);
        p.put("seed", seed);
        p.put("stepSize", stepSize);
        p.put("maxCellsPerTime", maxCellsPerTime);
        return p;
    }

    /** Every setting and model constant by name. */
    public abstract Map<String, Object> parameters();

    /** Runs the branching simulation and samples it at every time point. */
    public SyntheticDataset generate() {
        String source = name + " (seed " + seed + ")";
        SplittableRandom dynamics = new SplittableRandom(seed);
        // sampling draws come from their own stream so that a cap never changes the population itself
        SplittableRandom sampler = dynamics.split();

        int n = cells;
        double[] x = new double[2 * Math.max(64, 2 * cells)];
        drawInitialCells(dynamics, x);
        double[] daughters = new double[x.length];

        Snapshots.Builder out = Snapshots.builder("x1", "x2").source(source);
        double[] mass = new double[times.length];
        mass[0] = 1.0;
        record(out, source, times[0], x, n, sampler);

        double[] law = new double[4];
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
                    rates(x1, x2, law);
                    double pBirth = law[0] * dt;
                    double pDeath = law[1] * dt;
                    // always the same three draws per cell, so the stream stays aligned whatever happens
                    double u = dynamics.nextDouble();
                    double y1 = x1 + law[2] * dt + noise * dynamics.nextGaussian();
                    double y2 = x2 + law[3] * dt + noise * dynamics.nextGaussian();
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
                if (n > maxPopulation) {
                    throw new RuotException(source + ": the population passed " + maxPopulation
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
        } else {
            out.addAll(t, Rows.gather(x, 2, Rows.sortedSample(n, maxCellsPerTime, sampler)));
        }
    }

    /**
     * The shared settings plus the Euler–Maruyama step and the recording cap.
     *
     * @param <B> the generator's builder
     */
    abstract static class Builder<B extends Builder<B>> extends SyntheticPopulation.Builder<B> {
        double stepSize = 0.01;
        int maxCellsPerTime = 0;

        Builder(int cells, double[] times, double sigma, double initialSpread) {
            super(cells, times, sigma, initialSpread);
        }

        /** Euler–Maruyama step h (default 0.01). */
        public B stepSize(double h) {
            this.stepSize = h;
            return self();
        }

        /** Records at most this many cells per time (0 = all living cells, the default). */
        public B maxCellsPerTime(int n) {
            this.maxCellsPerTime = n;
            return self();
        }

        /** Copies the settings of {@code from} into this builder. */
        B copy(BranchingPopulation from) {
            super.copy(from);
            stepSize = from.stepSize;
            maxCellsPerTime = from.maxCellsPerTime;
            return self();
        }

        /** Validates cells, times, σ, the step and the cap. */
        @Override
        void checkShared(String generator) {
            super.checkShared(generator);
            Settings.positive(generator, "stepSize", stepSize);
            if (maxCellsPerTime != 0) {
                Settings.atLeast(generator, "maxCellsPerTime", maxCellsPerTime, 2);
            }
        }

        /**
         * One uniform draw per step decides birth, death or neither, so the step times the largest β + δ the
         * law can reach must stay at most 1.
         */
        void checkStep(String generator, double maxRate) {
            if (maxRate * stepSize > 1) {
                throw new RuotException(generator + ": stepSize: " + stepSize + " times the largest birth + death rate "
                        + maxRate + " exceeds 1; use a step of at most " + (1 / maxRate));
            }
        }
    }
}
