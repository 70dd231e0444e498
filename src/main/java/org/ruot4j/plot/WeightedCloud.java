package org.ruot4j.plot;

import org.ruot4j.RuotException;

/**
 * Predicted particles at one time: {@code points[i]} (D coordinates, same features as the data) with optional
 * weights {@code weights[i]} (null: equal weights). {@code label} names the prediction, e.g. "ODE" or "SDE".
 */
public record WeightedCloud(String label, double[][] points, double[] weights) {
    public WeightedCloud {
        if (points == null || points.length == 0) {
            throw new RuotException("predicted cloud '" + label + "': no points");
        }
        if (weights != null && weights.length != points.length) {
            throw new RuotException("predicted cloud '" + label + "': " + points.length + " points but " + weights.length
                    + " weights");
        }
        if (weights != null) {
            for (int i = 0; i < weights.length; i++) {
                if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                    throw new RuotException("predicted cloud '" + label + "': weight " + i + " is " + weights[i]
                            + ", expected a finite number ≥ 0");
                }
            }
        }
    }

    /** Total mass Σ w_i (the number of points when unweighted, divided by itself: 1). */
    public double totalWeight() {
        if (weights == null) {
            return 1.0;
        }
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        return s;
    }
}
