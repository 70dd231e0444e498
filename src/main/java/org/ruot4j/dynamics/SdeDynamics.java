package org.ruot4j.dynamics;

import ai.djl.ndarray.NDArray;

/**
 * A stochastic particle dynamics dX = b(t,X) dt + σ dW with growth rate g(t,X) (d ln w/dt = g, or division
 * and death at rates g⁺ and g⁻ for the branching process).
 */
public interface SdeDynamics {
    /** Drift b(t, x) for positions x (N×D); returns N×D. */
    NDArray drift(double t, NDArray x);

    /** Growth rate g(t, x) as N×1, or null when the dynamics has no growth (g ≡ 0). */
    NDArray growth(double t, NDArray x);

    /** Noise amplitude σ ≥ 0 (isotropic, constant). */
    double sigma();
}
