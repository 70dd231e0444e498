package org.ruot4j.plot;

/** A 2-D vector field (x, y) ↦ (u, v), e.g. the drift v + ∇s restricted to a plane of two features. */
@FunctionalInterface
public interface PlaneField {
    /** The vector at (x, y) as {u, v}. */
    double[] at(double x, double y);
}
