package org.ruot4j.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Evenly spaced streamlines of a plane field, in the spirit of matplotlib's {@code streamplot}: the box is
 * divided into a mask of {@code density × density} cells; seeds are taken at free cell centres; each line is
 * integrated forward and backward along the unit direction of the field (RK4 in box-normalised coordinates, so
 * both axes count alike) and stops when it leaves the box, reaches a zero or non-finite vector, or enters a
 * mask cell already crossed by a line (its own earlier path included, which closes loops). Lines shorter than
 * two mask cells are dropped.
 */
final class Streamlines {
    private Streamlines() {
    }

    /** A streamline as parallel x and y arrays in data units, ordered along the flow. */
    record Line(double[] x, double[] y) {
    }

    static List<Line> trace(PlaneField field, double x0, double x1, double y0, double y1, int density) {
        boolean[][] used = new boolean[density][density];
        List<Line> lines = new ArrayList<>();
        double w = x1 - x0;
        double h = y1 - y0;
        for (int cj = 0; cj < density; cj++) {
            for (int ci = 0; ci < density; ci++) {
                if (used[cj][ci]) {
                    continue;
                }
                double sx = (ci + 0.5) / density;
                double sy = (cj + 0.5) / density;
                List<int[]> marked = new ArrayList<>();
                used[cj][ci] = true;
                marked.add(new int[] {ci, cj});
                List<double[]> fwd = integrate(field, x0, y0, w, h, sx, sy, +1, used, marked, density);
                List<double[]> bwd = integrate(field, x0, y0, w, h, sx, sy, -1, used, marked, density);
                int n = fwd.size() + bwd.size() + 1;
                if (marked.size() < 3) { // too short to read: give its cells back
                    for (int[] c : marked) {
                        used[c[1]][c[0]] = false;
                    }
                    used[cj][ci] = true; // but do not reseed here
                    continue;
                }
                double[] lx = new double[n];
                double[] ly = new double[n];
                int k = 0;
                for (int i = bwd.size() - 1; i >= 0; i--, k++) {
                    lx[k] = x0 + bwd.get(i)[0] * w;
                    ly[k] = y0 + bwd.get(i)[1] * h;
                }
                lx[k] = x0 + sx * w;
                ly[k] = y0 + sy * h;
                k++;
                for (double[] p : fwd) {
                    lx[k] = x0 + p[0] * w;
                    ly[k] = y0 + p[1] * h;
                    k++;
                }
                lines.add(new Line(lx, ly));
            }
        }
        return lines;
    }

    /** Direction of the field at normalised (u, v), scaled to unit length; null where undefined. */
    private static double[] direction(PlaneField f, double x0, double y0, double w, double h, double u, double v,
            double sign) {
        double[] d = f.at(x0 + u * w, y0 + v * h);
        double a = d[0] / w;
        double b = d[1] / h;
        double n = Math.hypot(a, b);
        if (!(n > 1e-300) || !Double.isFinite(n)) {
            return null;
        }
        return new double[] {sign * a / n, sign * b / n};
    }

    private static List<double[]> integrate(PlaneField f, double x0, double y0, double w, double h, double u, double v,
            double sign, boolean[][] used, List<int[]> marked, int density) {
        List<double[]> out = new ArrayList<>();
        double step = 0.2 / density;
        int ci = cell(u, density);
        int cj = cell(v, density);
        int maxSteps = 40 * density;
        for (int s = 0; s < maxSteps; s++) {
            double[] k1 = direction(f, x0, y0, w, h, u, v, sign);
            if (k1 == null) {
                break;
            }
            double[] k2 = direction(f, x0, y0, w, h, u + 0.5 * step * k1[0], v + 0.5 * step * k1[1], sign);
            if (k2 == null) {
                break;
            }
            double[] k3 = direction(f, x0, y0, w, h, u + 0.5 * step * k2[0], v + 0.5 * step * k2[1], sign);
            if (k3 == null) {
                break;
            }
            double[] k4 = direction(f, x0, y0, w, h, u + step * k3[0], v + step * k3[1], sign);
            if (k4 == null) {
                break;
            }
            double nu = u + step * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]) / 6;
            double nv = v + step * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]) / 6;
            if (nu < 0 || nu > 1 || nv < 0 || nv > 1) {
                break;
            }
            int ni = cell(nu, density);
            int nj = cell(nv, density);
            if (ni != ci || nj != cj) {
                if (used[nj][ni]) {
                    break;
                }
                used[nj][ni] = true;
                marked.add(new int[] {ni, nj});
                ci = ni;
                cj = nj;
            }
            u = nu;
            v = nv;
            out.add(new double[] {u, v});
        }
        return out;
    }

    private static int cell(double u, int density) {
        return Math.min(density - 1, Math.max(0, (int) (u * density)));
    }
}
