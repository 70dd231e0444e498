package org.ruot4j.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The solvers against the exact solution of a fixed linear system: dx/dt = A x with A = [[-0.5, 1], [-1, -0.5]]
 * (a damped rotation), d ln w/dt = c·x₁ ... replaced by the constant rate 0.3 so that ln w(t) = ln w0 + 0.3 t.
 * Exact: x(t) = e^{-t/2} R(t) x0 with R the rotation by −t.
 */
class OdeSolverTest {
    private static final double[][] A = {{-0.5, 1}, {-1, -0.5}};

    private static ParticleDynamics linear() {
        return (t, s) -> {
            NDArray x = s.x();
            NDArray at = x.getManager().create(new double[] {A[0][0], A[1][0], A[0][1], A[1][1]}, new Shape(2, 2));
            NDArray dx = x.matMul(at); // rows: (A x)^T = x^T A^T
            NDArray dl = s.lnw().zerosLike().add(0.3);
            return new Rates(dx, dl, null);
        };
    }

    private static double[] exact(double x0, double y0, double t) {
        double e = Math.exp(-t / 2);
        return new double[] {e * (Math.cos(t) * x0 + Math.sin(t) * y0), e * (-Math.sin(t) * x0 + Math.cos(t) * y0)};
    }

    private static double error(OdeOptions o) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = m.create(new double[] {1, 0, 0.5, -2}, new Shape(2, 2));
            NDArray l0 = m.create(new double[] {0, 0}, new Shape(2, 1));
            ParticleState s = OdeSolver.integrate(linear(), new ParticleState(x0, l0, null), 0, 2, o);
            double[] x = s.x().toDoubleArray();
            double err = 0;
            double[] e1 = exact(1, 0, 2);
            double[] e2 = exact(0.5, -2, 2);
            err = Math.max(err, Math.abs(x[0] - e1[0]));
            err = Math.max(err, Math.abs(x[1] - e1[1]));
            err = Math.max(err, Math.abs(x[2] - e2[0]));
            err = Math.max(err, Math.abs(x[3] - e2[1]));
            assertEquals(0.6, s.lnw().toDoubleArray()[0], 1e-9, "ln w grows at the constant rate");
            return err;
        }
    }

    /**
     * Asserts that halving the step divides the error by 2^order (within {@code tolerance} on the observed
     * order) and returns the error at the halved step.
     */
    private static double assertOrder(DoubleFunction<OdeOptions> method, double step, double order, double tolerance) {
        double e1 = error(method.apply(step));
        double e2 = error(method.apply(step / 2));
        double observed = Math.log(e1 / e2) / Math.log(2);
        assertEquals(order, observed, tolerance, "observed order " + observed);
        return e2;
    }

    @Test
    void eulerIsFirstOrder() {
        assertOrder(OdeOptions::euler, 0.02, 1.0, 0.1);
    }

    @Test
    void rk4IsFourthOrder() {
        assertTrue(assertOrder(OdeOptions::rk4, 0.2, 4.0, 0.25) < 1e-5);
    }

    @Test
    void dormandPrinceMeetsTolerance() {
        double loose = error(OdeOptions.dopri5(1e-4, 1e-6));
        double tight = error(OdeOptions.dopri5(1e-9, 1e-11));
        assertTrue(loose < 1e-3, "rtol 1e-4 error " + loose);
        assertTrue(tight < 1e-8, "rtol 1e-9 error " + tight);
        assertTrue(tight < loose / 100, "tightening the tolerance must reduce the error");
    }
}
