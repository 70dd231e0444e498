package org.ruot4j.data.synthetic;

import java.util.Map;

/**
 * The settings every generator has (cells at t0, sampling times, noise σ, seed, spread of the t0 cells), held
 * once here with their accessors and their fluent builder, so that the generators differ only in their dynamics.
 */
abstract class SyntheticPopulation implements GroundTruth {
    final String name;
    final int cells;
    final double[] times;
    final double sigma;
    final long seed;
    final double initialSpread;

    SyntheticPopulation(String name, Builder<?> b) {
        this.name = name;
        this.cells = b.cells;
        this.times = b.times.clone();
        this.sigma = b.sigma;
        this.seed = b.seed;
        this.initialSpread = b.initialSpread;
    }

    /** Number of cells at t0. */
    public int cells() {
        return cells;
    }

    /** The sampling times (a copy). */
    public double[] times() {
        return times.clone();
    }

    public long seed() {
        return seed;
    }

    /** The standard deviation s0 of each coordinate of the t0 cells. */
    public double initialSpread() {
        return initialSpread;
    }

    @Override
    public double sigma(double t) {
        return sigma;
    }

    /**
     * Puts cells, times and σ into a generator's {@code parameters()} map: every generator lists these three
     * together, in this order.
     */
    void putPopulation(Map<String, Object> p) {
        p.put("cells", cells);
        p.put("times", Settings.list(times));
        p.put("sigma", sigma);
    }

    /**
     * Fluent settings shared by the generators' builders; each generator's builder passes its defaults (see its
     * class comment) and adds its own settings.
     *
     * @param <B> the generator's builder, returned by every setter so calls chain
     */
    abstract static class Builder<B extends Builder<B>> {
        int cells;
        double[] times;
        double sigma;
        long seed = 1;
        double initialSpread;

        Builder(int cells, double[] times, double sigma, double initialSpread) {
            this.cells = cells;
            this.times = times;
            this.sigma = sigma;
            this.initialSpread = initialSpread;
        }

        /** This builder as the generator's builder type B, which every concrete builder is. */
        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }

        /** Number of cells at t0. */
        public B cells(int n) {
            this.cells = n;
            return self();
        }

        /** Sampling times, strictly increasing; the population starts at the first. */
        public B times(double... t) {
            this.times = t == null ? null : t.clone();
            return self();
        }

        /** Noise amplitude σ. */
        public B sigma(double s) {
            this.sigma = s;
            return self();
        }

        /** Seed of every random draw (default 1). */
        public B seed(long s) {
            this.seed = s;
            return self();
        }

        /** Standard deviation s0 of each coordinate of the t0 cells. */
        public B initialSpread(double s0) {
            this.initialSpread = s0;
            return self();
        }

        /** Copies the shared settings of {@code from} into this builder. */
        B copy(SyntheticPopulation from) {
            cells = from.cells;
            times = from.times.clone();
            sigma = from.sigma;
            seed = from.seed;
            initialSpread = from.initialSpread;
            return self();
        }

        /** Validates cells, times and σ (each generator checks initialSpread in the order of its own settings). */
        void checkShared(String generator) {
            Settings.atLeast(generator, "cells", cells, 2);
            times = Settings.times(generator, times);
            Settings.nonNegative(generator, "sigma", sigma);
        }
    }
}
