package org.ruot4j.dynamics;

import org.ruot4j.nn.Tensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;

/**
 * Stochastic simulation of weighted particles.
 *
 * <p>Euler–Maruyama: x ← x + b(t,x) h + σ √h ξ with ξ ~ N(0, I); ln w ← ln w + g(t,x) h. The Gaussian
 * increments are drawn on the host from a seeded {@link SplittableRandom}, so a run is reproducible on every
 * device and thread count.
 *
 * <p>Branching: the same motion for unweighted particles, and after each step a particle with g &gt; 0 divides
 * with probability 1 − exp(−g h) and one with g &lt; 0 dies with probability 1 − exp(g h). The particle set is
 * kept on the host (its size changes every step); the population size divided by the initial count estimates
 * the relative mass Σ w of the weighted process.
 */
public final class SdeSolver {
    /** Branching simulations stop with an error beyond this many particles (a growth rate out of control). */
    public static final int MAX_PARTICLES = 2_000_000;

    private SdeSolver() {
    }

    /**
     * Euler–Maruyama from t0 through each of {@code times} (increasing, all ≥ t0); returns the state at each time
     * (new arrays owned by the caller). Steps are ≤ h and end exactly on every requested time.
     */
    public static List<ParticleState> eulerMaruyama(SdeDynamics f, ParticleState start, double t0, double[] times,
            double h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ParticleState> out = new ArrayList<>();
        ParticleState y = start;
        double t = t0;
        for (double target : times) {
            if (target < t - 1e-12) {
                throw new RuotException("SDE output times must be increasing and >= t0=" + t0 + ", got " + target);
            }
            int n = target - t <= 1e-12 ? 0 : OdeSolver.stepCount(t, target, h);
            double dt = n == 0 ? 0 : (target - t) / n;
            for (int i = 0; i < n; i++) {
                StepProgress.step(t + i * dt);
                ParticleState next;
                try (NDScope scope = new NDScope()) {
                    next = emStep(f, y, t + i * dt, dt, rng).keep();
                }
                if (y != start) {
                    y.close();
                }
                y = next;
            }
            t = target;
            ParticleState snap = new ParticleState(y.x().duplicate(), y.lnw() == null ? null : y.lnw().duplicate(),
                    y.m() == null ? null : y.m().duplicate());
            out.add(snap);
        }
        if (y != start) {
            y.close();
        }
        return out;
    }

    private static ParticleState emStep(SdeDynamics f, ParticleState y, double t, double h, SplittableRandom rng) {
        NDArray x = y.x();
        NDArray b = f.drift(t, x);
        NDArray nx = x.add(Tensors.scale(b, h));
        if (f.sigma() > 0) {
            nx = nx.add(Tensors.scale(gaussian(x.getManager(), x.getShape(), x.getDataType(), rng), f.sigma() * Math.sqrt(h)));
        }
        NDArray nl = null;
        if (y.lnw() != null) {
            NDArray g = f.growth(t, x);
            nl = g == null ? y.lnw().duplicate() : y.lnw().add(Tensors.scale(g, h));
        }
        return new ParticleState(nx, nl, y.m() == null ? null : y.m().duplicate());
    }

    static NDArray gaussian(NDManager manager, Shape shape, DataType type, SplittableRandom rng) {
        int n = (int) shape.size();
        if (type == DataType.FLOAT64) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = normal(rng);
            }
            return Tensors.of(manager, z, shape);
        }
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) normal(rng);
        }
        return Tensors.of(manager, z, shape).toType(type, false);
    }

    /** A standard normal deviate (Box–Muller on the given generator; deterministic for a seed). */
    public static double normal(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Branching SDE from the rows of {@code x0} (N0 particles of weight 1/N0 each) at t0 through {@code times};
     * returns the particle positions at each time (row-major, count × D). {@code manager} holds the temporary
     * tensors used to evaluate the drift and growth.
     */
    public static List<double[]> branching(SdeDynamics f, double[] x0, int dim, double t0, double[] times, double h,
            long seed, NDManager manager, DataType type) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = x0.clone();
        int n = x.length / dim;
        double t = t0;
        List<double[]> out = new ArrayList<>();
        for (double target : times) {
            if (target < t - 1e-12) {
                throw new RuotException("branching output times must be increasing and >= t0=" + t0 + ", got " + target);
            }
            int steps = target - t <= 1e-12 ? 0 : OdeSolver.stepCount(t, target, h);
            double dt = steps == 0 ? 0 : (target - t) / steps;
            for (int s = 0; s < steps && n > 0; s++) {
                double time = t + s * dt;
                StepProgress.step(time);
                double[] b;
                double[] g;
                try (NDScope scope = new NDScope()) {
                    NDArray xa = type == DataType.FLOAT64 ? Tensors.of(manager, Arrays.copyOf(x, n * dim), new Shape(n, dim))
                            : Tensors.of(manager, toFloat(x, n * dim), new Shape(n, dim));
                    b = Tensors.toHost(f.drift(time, xa));
                    NDArray ga = f.growth(time, xa);
                    g = ga == null ? null : Tensors.toHost(ga);
                }
                double noise = f.sigma() * Math.sqrt(dt);
                double[] nx = new double[Math.min(MAX_PARTICLES, 2 * n) * dim];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    double rate = g == null ? 0 : g[i];
                    boolean dies = rate < 0 && rng.nextDouble() < -Math.expm1(rate * dt);
                    boolean divides = rate > 0 && rng.nextDouble() < -Math.expm1(-rate * dt);
                    if (dies) {
                        continue;
                    }
                    int copies = divides ? 2 : 1;
                    for (int c = 0; c < copies; c++) {
                        if (m >= MAX_PARTICLES) {
                            throw new RuotException("branching simulation exceeded " + MAX_PARTICLES
                                    + " particles at t=" + time + "; the growth rate is too large for this many cells");
                        }
                        for (int j = 0; j < dim; j++) {
                            double v = x[i * dim + j] + b[i * dim + j] * dt;
                            if (noise > 0) {
                                v += noise * normal(rng);
                            }
                            nx[m * dim + j] = v;
                        }
                        m++;
                    }
                }
                x = nx;
                n = m;
            }
            t = target;
            out.add(Arrays.copyOf(x, n * dim));
        }
        return out;
    }

    private static float[] toFloat(double[] a, int len) {
        float[] f = new float[len];
        for (int i = 0; i < len; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

}
