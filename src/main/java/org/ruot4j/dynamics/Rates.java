package org.ruot4j.dynamics;

import ai.djl.ndarray.NDArray;

/** Time derivatives of a {@link ParticleState}: dx/dt (N×D), d ln w/dt (N×1 or null = 0), dm/dt (N×1 or null = 0). */
public record Rates(NDArray dx, NDArray dlnw, NDArray dm) {
}
