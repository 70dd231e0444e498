package org.ruot4j.ot;

/** Ground cost between two points of R^D, used when OT costs are computed from point clouds. */
public enum Metric {
    /** c(x, y) = ‖x − y‖² = Σ_d (x_d − y_d)². */
    SQEUCLIDEAN,
    /** c(x, y) = ‖x − y‖ = sqrt(Σ_d (x_d − y_d)²). */
    EUCLIDEAN;

    /**
     * The cost between point i of the row-major cloud x and point j of the row-major cloud y, both in R^dim.
     */
    public double cost(double[] x, int i, double[] y, int j, int dim) {
        double s = 0;
        int xi = i * dim;
        int yj = j * dim;
        for (int d = 0; d < dim; d++) {
            double t = x[xi + d] - y[yj + d];
            s += t * t;
        }
        return this == SQEUCLIDEAN ? s : Math.sqrt(s);
    }

    /** The dense n x m cost matrix, row-major: C[i*m + j] = cost(x_i, y_j). */
    public double[] costMatrix(double[] x, int n, double[] y, int m, int dim) {
        double[] c = new double[Math.multiplyExact(n, m)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c[i * m + j] = cost(x, i, y, j, dim);
            }
        }
        return c;
    }
}
