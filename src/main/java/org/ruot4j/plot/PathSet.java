package org.ruot4j.plot;

import org.ruot4j.RuotException;

/**
 * Simulated paths: {@code positions[p][k]} is the D-dimensional position of path p at {@code times[k]};
 * {@code weights[p][k]} its weight there (null when unweighted). A NaN coordinate marks a time at which the
 * path does not exist (before a branching birth, after a death); lines break there.
 */
public record PathSet(String label, double[] times, double[][][] positions, double[][] weights) {
    public PathSet {
        if (times == null || times.length < 2) {
            throw new RuotException("paths '" + label + "': need at least 2 times");
        }
        for (int k = 1; k < times.length; k++) {
            if (!(times[k] > times[k - 1])) {
                throw new RuotException("paths '" + label + "': times must increase, got " + times[k - 1] + " then "
                        + times[k]);
            }
        }
        if (positions == null || positions.length == 0) {
            throw new RuotException("paths '" + label + "': no paths");
        }
        for (int p = 0; p < positions.length; p++) {
            if (positions[p].length != times.length) {
                throw new RuotException("paths '" + label + "': path " + p + " has " + positions[p].length
                        + " positions, expected one per time (" + times.length + ")");
            }
        }
        if (weights != null) {
            if (weights.length != positions.length) {
                throw new RuotException("paths '" + label + "': " + positions.length + " paths but " + weights.length
                        + " weight rows");
            }
            for (int p = 0; p < weights.length; p++) {
                if (weights[p].length != times.length) {
                    throw new RuotException("paths '" + label + "': weights of path " + p + " have " + weights[p].length
                            + " entries, expected " + times.length);
                }
            }
        }
    }

    public int numPaths() {
        return positions.length;
    }

    public int dim() {
        for (double[][] path : positions) {
            for (double[] x : path) {
                if (x != null) {
                    return x.length;
                }
            }
        }
        return 0;
    }
}
