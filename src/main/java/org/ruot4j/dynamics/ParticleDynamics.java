package org.ruot4j.dynamics;

/**
 * A deterministic vector field on weighted particles: (dx/dt, d ln w/dt, dm/dt) = f(t, state). The RUOT
 * model provides one (dx/dt = v, d ln w/dt = g, dm/dt = energy density); tests use fixed linear fields.
 */
@FunctionalInterface
public interface ParticleDynamics {
    Rates rates(double t, ParticleState state);
}
