package org.ruot4j.dynamics;

import org.ruot4j.RuotException;

/**
 * How to integrate an ODE: the method, the fixed step h (Euler, RK4; the first trial step of Dormand–Prince)
 * and, for Dormand–Prince, the relative and absolute tolerances of the embedded error estimate.
 */
public record OdeOptions(OdeMethod method, double step, double rtol, double atol) {

    public OdeOptions {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new RuotException("ODE step must be a positive number, got " + step);
        }
        if (!(rtol > 0) || !(atol > 0)) {
            throw new RuotException("ODE tolerances must be positive, got rtol=" + rtol + ", atol=" + atol);
        }
    }

    /** Fixed-step Euler with step h (the training default, h = 0.01 time units). */
    public static OdeOptions euler(double h) {
        return new OdeOptions(OdeMethod.EULER, h, 1e-5, 1e-6);
    }

    public static OdeOptions rk4(double h) {
        return new OdeOptions(OdeMethod.RK4, h, 1e-5, 1e-6);
    }

    public static OdeOptions dopri5(double rtol, double atol) {
        return new OdeOptions(OdeMethod.DOPRI5, 0.01, rtol, atol);
    }
}
