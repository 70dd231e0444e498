package org.ruot4j.dynamics;

import org.ruot4j.nn.Tensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import org.ruot4j.RuotException;

/**
 * Integrates {@link ParticleDynamics} from t0 to t1. Every operation is an ordinary tensor op, so when the call
 * runs inside a {@code GradientCollector} the result can be back-propagated through all solver steps.
 *
 * <ul>
 *   <li>Euler: y ← y + h f(t, y), n = ⌈(t1−t0)/h⌉ equal steps (global error O(h)).</li>
 *   <li>RK4: the classical four-stage Runge–Kutta method (global error O(h⁴)).</li>
 *   <li>Dormand–Prince 5(4): adaptive; the step is accepted when the RMS over x and ln w of
 *       err_i / (atol + rtol·max(|y_i|, |ŷ_i|)) is ≤ 1, where err = ŷ5 − ŷ4 is the embedded error estimate;
 *       the next step is h·min(5, max(0.2, 0.9·err^(−1/5))).</li>
 * </ul>
 *
 * <p>Each step runs in its own {@link NDScope}: the temporaries of a step are freed when it ends, only the new
 * state survives, so long integrations do not accumulate native memory. The initial state is never closed;
 * the returned state is new and owned by the caller.
 */
public final class OdeSolver {
    private static final int MAX_DOPRI_STEPS = 100_000;

    private OdeSolver() {
    }

    /** The state at t1 starting from {@code start} at t0 (t1 ≥ t0). */
    public static ParticleState integrate(ParticleDynamics f, ParticleState start, double t0, double t1,
            OdeOptions options) {
        if (!(t1 >= t0)) {
            throw new RuotException("ODE integration needs t1 >= t0, got t0=" + t0 + ", t1=" + t1);
        }
        if (t1 == t0) {
            return copy(start);
        }
        return switch (options.method()) {
            case EULER, RK4 -> fixedSteps(f, start, t0, t1, options);
            case DOPRI5 -> dormandPrince(f, start, t0, t1, options);
        };
    }

    /** Number of equal fixed steps of size at most h covering [t0, t1]. */
    public static int stepCount(double t0, double t1, double h) {
        return Math.max(1, (int) Math.ceil((t1 - t0) / h - 1e-9));
    }

    private static ParticleState copy(ParticleState s) {
        return new ParticleState(s.x().duplicate(), s.lnw() == null ? null : s.lnw().duplicate(),
                s.m() == null ? null : s.m().duplicate());
    }

    private static ParticleState fixedSteps(ParticleDynamics f, ParticleState start, double t0, double t1,
            OdeOptions o) {
        int n = stepCount(t0, t1, o.step());
        double h = (t1 - t0) / n;
        ParticleState y = start;
        for (int i = 0; i < n; i++) {
            double t = t0 + i * h;
            StepProgress.step(t);
            ParticleState next;
            try (NDScope scope = new NDScope()) {
                next = (o.method() == OdeMethod.EULER ? eulerStep(f, y, t, h) : rk4Step(f, y, t, h)).keep();
            }
            if (y != start) {
                y.close();
            }
            y = next;
        }
        return y;
    }

    static ParticleState eulerStep(ParticleDynamics f, ParticleState y, double t, double h) {
        return y.plus(h, f.rates(t, y));
    }

    static ParticleState rk4Step(ParticleDynamics f, ParticleState y, double t, double h) {
        Rates k1 = f.rates(t, y);
        Rates k2 = f.rates(t + h / 2, y.plus(h / 2, k1));
        Rates k3 = f.rates(t + h / 2, y.plus(h / 2, k2));
        Rates k4 = f.rates(t + h, y.plus(h, k3));
        return y.plusCombination(new double[] {h / 6, h / 3, h / 3, h / 6}, new Rates[] {k1, k2, k3, k4});
    }

    // Dormand–Prince 5(4) tableau.
    private static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    private static final double[][] A = {
        {},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
        {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
    private static final double[] B5 = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
    private static final double[] B4 = {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200,
        187.0 / 2100, 1.0 / 40};

    private static ParticleState dormandPrince(ParticleDynamics f, ParticleState start, double t0, double t1,
            OdeOptions o) {
        double t = t0;
        double h = Math.min(o.step(), t1 - t0);
        ParticleState y = start;
        int steps = 0;
        while (t1 - t > 1e-12 * Math.max(1, Math.abs(t1))) {
            if (++steps > MAX_DOPRI_STEPS) {
                throw new RuotException("Dormand–Prince took more than " + MAX_DOPRI_STEPS
                        + " steps; the dynamics is too stiff for rtol=" + o.rtol() + ", atol=" + o.atol());
            }
            h = Math.min(h, t1 - t);
            ParticleState next = null;
            double err;
            try (NDScope scope = new NDScope()) {
                Rates[] k = new Rates[7];
                k[0] = f.rates(t, y);
                for (int s = 1; s < 7; s++) {
                    double[] coef = new double[s];
                    for (int j = 0; j < s; j++) {
                        coef[j] = h * A[s][j];
                    }
                    ParticleState ys = y.plusCombination(coef, java.util.Arrays.copyOf(k, s));
                    k[s] = f.rates(t + C[s] * h, ys);
                }
                double[] c5 = new double[7];
                double[] ce = new double[7];
                for (int j = 0; j < 7; j++) {
                    c5[j] = h * B5[j];
                    ce[j] = h * (B5[j] - B4[j]);
                }
                ParticleState y5 = y.plusCombination(c5, k);
                err = errorNorm(y, y5, ce, k, o);
                if (err <= 1) {
                    next = y5.keep();
                }
            }
            if (next != null) {
                t += h;
                if (y != start) {
                    y.close();
                }
                y = next;
            }
            double factor = err == 0 || !Double.isFinite(err) ? (Double.isFinite(err) ? 5 : 0.2)
                    : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -0.2)));
            h *= factor;
            if (h < 1e-12 * Math.max(1, Math.abs(t))) {
                throw new RuotException("Dormand–Prince step size underflow at t=" + t
                        + "; the dynamics produced non-finite values or is too stiff");
            }
        }
        return y == start ? copy(start) : y;
    }

    private static double errorNorm(ParticleState y0, ParticleState y5, double[] ce, Rates[] k, OdeOptions o) {
        double sum = 0;
        long count = 0;
        NDArray ex = null;
        NDArray el = null;
        for (int j = 0; j < 7; j++) {
            if (ce[j] == 0) {
                continue;
            }
            ex = ex == null ? Tensors.scale(k[j].dx(), ce[j]) : ex.add(Tensors.scale(k[j].dx(), ce[j]));
            if (y0.lnw() != null && k[j].dlnw() != null) {
                el = el == null ? Tensors.scale(k[j].dlnw(), ce[j]) : el.add(Tensors.scale(k[j].dlnw(), ce[j]));
            }
        }
        sum += scaledSquares(ex.stopGradient(), y0.x().stopGradient(), y5.x().stopGradient(), o);
        count += y0.x().size();
        if (el != null) {
            sum += scaledSquares(el.stopGradient(), y0.lnw().stopGradient(), y5.lnw().stopGradient(), o);
            count += y0.lnw().size();
        }
        return Math.sqrt(sum / count);
    }

    private static double scaledSquares(NDArray err, NDArray a, NDArray b, OdeOptions o) {
        NDArray scale = Tensors.scale(a.abs().maximum(b.abs()), o.rtol()).add(o.atol());
        return err.div(scale).square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
}
