package org.ruot4j.data;

import java.util.Arrays;
import org.ruot4j.RuotException;

/**
 * Cells or particles at one time: n points in D dimensions stored row-major ({@code positions[i·D + j]} is
 * coordinate j of point i, the layout of {@link Snapshots#flat} and of the ot package's arrays), optional weights
 * w_i (null: equal weights), the time they belong to (NaN when not given) and a label naming them, e.g. "ODE",
 * "SDE" or "data". Immutable: arrays are copied in and out.
 *
 * <p>The one point-cloud type of the evaluation, the analyses and the figures: {@code Evaluator.Prediction#at} and
 * {@code Simulation#at} give one per time, {@code Figures.predictedVsObserved} draws one.
 */
public final class WeightedCloud {
    private final String label;
    private final double time;
    private final int dim;
    private final double[] positions;
    private final double[] weights;

    /** A cloud of {@code positions.length / dim} points at {@code time} (NaN: not given); {@code weights} may be null. */
    public WeightedCloud(String label, double time, double[] positions, int dim, double[] weights) {
        if (dim < 1 || positions == null || positions.length % dim != 0) {
            throw new RuotException("cloud '" + label + "': " + (positions == null ? "no positions" : positions.length
                    + " coordinates do not make rows of " + dim));
        }
        int n = positions.length / dim;
        if (weights != null && weights.length != n) {
            throw new RuotException("cloud '" + label + "': " + n + " points but " + weights.length + " weights");
        }
        this.label = label;
        this.time = time;
        this.dim = dim;
        this.positions = positions.clone();
        this.weights = weights == null ? null : weights.clone();
    }

    /** A cloud of the rows {@code points[i]} (all of one length), time not given; {@code weights} may be null. */
    public WeightedCloud(String label, double[][] points, double[] weights) {
        this(label, Double.NaN, flatten(label, points), points[0].length, weights);
    }

    private static double[] flatten(String label, double[][] points) {
        if (points == null || points.length == 0 || points[0] == null) {
            throw new RuotException("cloud '" + label + "': no points");
        }
        int d = points[0].length;
        double[] x = new double[points.length * d];
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != d) {
                throw new RuotException("cloud '" + label + "': row " + i + " has " + (points[i] == null ? 0
                        : points[i].length) + " coordinates, row 0 has " + d);
            }
            System.arraycopy(points[i], 0, x, i * d, d);
        }
        return x;
    }

    public String label() {
        return label;
    }

    /** The same points, weights and time under another label. */
    public WeightedCloud withLabel(String newLabel) {
        return new WeightedCloud(newLabel, time, positions, dim, weights);
    }

    /** The time the points belong to, NaN when not given. */
    public double time() {
        return time;
    }

    public int dim() {
        return dim;
    }

    /** Number of points n. */
    public int size() {
        return positions.length / dim;
    }

    /** Row-major n × D coordinates (a copy). */
    public double[] positions() {
        return positions.clone();
    }

    /** The points as rows (new arrays). */
    public double[][] points() {
        double[][] p = new double[size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = Arrays.copyOfRange(positions, i * dim, (i + 1) * dim);
        }
        return p;
    }

    /** Coordinate j of every point. */
    public double[] column(int j) {
        double[] c = new double[size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = positions[i * dim + j];
        }
        return c;
    }

    /** The weights (a copy), or null for equal weights. */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** Total mass Σ w_i; 1 when unweighted (equal weights that sum to one). */
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

    @Override
    public String toString() {
        return "WeightedCloud[" + label + ", " + size() + " points in " + dim + " dimensions"
                + (Double.isNaN(time) ? "" : ", t = " + time) + (weights == null ? "" : ", mass " + totalWeight()) + "]";
    }
}
