package org.ruot4j.plot;

import org.ruot4j.RuotException;

/**
 * A scalar field sampled on a rectangular grid: {@code values[j][i]} at (xs[i], ys[j]); xs and ys increase
 * and are equally spaced (as produced by a linspace).
 */
public record GridValues(double[] xs, double[] ys, double[][] values) {
    public GridValues {
        if (xs == null || ys == null || xs.length < 2 || ys.length < 2) {
            throw new RuotException("grid: need at least 2 x and 2 y positions");
        }
        checkIncreasing(xs, "x");
        checkIncreasing(ys, "y");
        if (values == null || values.length != ys.length) {
            throw new RuotException("grid: values need one row per y (" + ys.length + "), got "
                    + (values == null ? 0 : values.length));
        }
        for (int j = 0; j < ys.length; j++) {
            if (values[j].length != xs.length) {
                throw new RuotException("grid: row " + j + " has " + values[j].length + " values, expected one per x ("
                        + xs.length + ")");
            }
        }
    }

    private static void checkIncreasing(double[] a, String name) {
        for (int i = 1; i < a.length; i++) {
            if (!(a[i] > a[i - 1])) {
                throw new RuotException("grid: " + name + " positions must increase, got " + a[i - 1] + " then " + a[i]);
            }
        }
    }

    /** Samples f(x, y) on an nx × ny grid spanning [x0, x1] × [y0, y1]. */
    public static GridValues sample(double x0, double x1, int nx, double y0, double y1, int ny,
            java.util.function.DoubleBinaryOperator f) {
        double[] xs = linspace(x0, x1, nx);
        double[] ys = linspace(y0, y1, ny);
        double[][] v = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                v[j][i] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return new GridValues(xs, ys, v);
    }

    /** n equally spaced values from a to b inclusive. */
    public static double[] linspace(double a, double b, int n) {
        if (n < 2) {
            throw new RuotException("linspace: need at least 2 points, got " + n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        return v;
    }

    /** Smallest and largest finite value. */
    public double[] range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[] {lo, hi};
    }
}
