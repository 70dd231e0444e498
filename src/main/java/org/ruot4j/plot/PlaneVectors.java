package org.ruot4j.plot;

import java.util.ArrayList;
import java.util.List;
import org.ruot4j.RuotException;

/** Arrows in a plane: at {@code points[i]} = (x, y) the vector {@code vectors[i]} = (u, v), data units. */
public record PlaneVectors(double[][] points, double[][] vectors) {
    public PlaneVectors {
        if (points == null || vectors == null || points.length != vectors.length || points.length == 0) {
            throw new RuotException("arrows: need the same positive number of points and vectors");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != 2 || vectors[i].length != 2) {
                throw new RuotException("arrows: entry " + i + " must have 2 coordinates (x, y) and 2 components (u, v)");
            }
        }
    }

    /**
     * The downhill direction −∇f of a gridded scalar f at every {@code every}-th node (central differences
     * inside, one-sided at the edges): for f = −s this is ∇s, the score part of the drift.
     */
    public static PlaneVectors downhill(GridValues f, int every) {
        if (every < 1) {
            throw new RuotException("arrows: 'every' must be ≥ 1, got " + every);
        }
        double[] xs = f.xs();
        double[] ys = f.ys();
        double[][] v = f.values();
        List<double[]> pts = new ArrayList<>();
        List<double[]> vec = new ArrayList<>();
        int offX = (xs.length - 1) % every / 2;
        int offY = (ys.length - 1) % every / 2;
        for (int j = offY; j < ys.length; j += every) {
            for (int i = offX; i < xs.length; i += every) {
                int il = Math.max(i - 1, 0);
                int ir = Math.min(i + 1, xs.length - 1);
                int jl = Math.max(j - 1, 0);
                int jr = Math.min(j + 1, ys.length - 1);
                double dfdx = (v[j][ir] - v[j][il]) / (xs[ir] - xs[il]);
                double dfdy = (v[jr][i] - v[jl][i]) / (ys[jr] - ys[jl]);
                if (Double.isFinite(dfdx) && Double.isFinite(dfdy)) {
                    pts.add(new double[] {xs[i], ys[j]});
                    vec.add(new double[] {-dfdx, -dfdy});
                }
            }
        }
        return new PlaneVectors(pts.toArray(new double[0][]), vec.toArray(new double[0][]));
    }

    /** Largest vector length ‖(u, v)‖. */
    public double maxLength() {
        double m = 0;
        for (double[] u : vectors) {
            double l = Math.hypot(u[0], u[1]);
            if (Double.isFinite(l)) {
                m = Math.max(m, l);
            }
        }
        return m;
    }
}
