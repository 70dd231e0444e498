package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ruot4j.ot.Emd;
import org.ruot4j.ot.Metric;
import org.ruot4j.ot.OtPlan;

/**
 * The loss terms of DESIGN.md §3.4 on tensors. Predicted particles: positions x (N×D), weights w (N×1); data
 * y (M×D) uniform. Every function returns a scalar tensor that is differentiable where stated.
 */
public final class Losses {
    private Losses() {
    }

    /** Host copy of a tensor in double precision. */
    static double[] host(NDArray a) {
        return a.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /**
     * OT loss L_ot = Σ_ij π*_ij ‖x_i − y_j‖², π* the exact EMD plan between μ = w/Σw and ν = 1/M computed on
     * detached values; the gradient flows through the positions x only.
     */
    public static NDArray ot(NDArray x, NDArray w, NDArray y, double[] yHost) {
        int n = (int) x.getShape().get(0);
        int d = (int) x.getShape().get(1);
        int m = (int) y.getShape().get(0);
        double[] xh = host(x);
        double[] mu = host(w);
        double sum = 0;
        for (double v : mu) {
            sum += v;
        }
        for (int i = 0; i < n; i++) {
            mu[i] /= sum;
        }
        OtPlan plan = Emd.emd(mu, null, xh, n, yHost, m, d, Metric.SQEUCLIDEAN);
        NDArray loss = planCost(x, y, plan);
        // the tensor value must equal the solver's cost: a cheap guard against a wrong gather
        double v = loss.stopGradient().toType(DataType.FLOAT64, false).getDouble();
        if (Math.abs(v - plan.cost()) > 1e-3 * Math.max(1, Math.abs(plan.cost()))) {
            throw new IllegalStateException("OT loss " + v + " differs from the plan cost " + plan.cost());
        }
        return loss;
    }

    /** Σ_k π_k ‖x_{row k} − y_{col k}‖² for a fixed plan (differentiable in x). */
    public static NDArray planCost(NDArray x, NDArray y, OtPlan plan) {
        NDManager mgr = x.getManager();
        NDArray rows = mgr.create(toLong(plan.rows()));
        NDArray cols = mgr.create(toLong(plan.columns()));
        NDArray mass = mgr.create(plan.masses()).toType(x.getDataType(), false);
        NDArray xi = x.get(new NDIndex("{}", rows));
        NDArray yj = y.get(new NDIndex("{}", cols));
        return xi.sub(yj).square().sum(new int[] {1}).mul(mass).sum();
    }

    private static long[] toLong(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    /**
     * For each data point y_j the index of its nearest particle x_i (squared Euclidean distance, lowest i on
     * ties).
     */
    public static int[] nearestParticle(double[] x, int n, double[] y, int m, int d) {
        int[] nearest = new int[m];
        for (int j = 0; j < m; j++) {
            double best = Double.POSITIVE_INFINITY;
            int bi = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double t = x[i * d + k] - y[j * d + k];
                    s += t * t;
                }
                if (s < best) {
                    best = s;
                    bi = i;
                }
            }
            nearest[j] = bi;
        }
        return nearest;
    }

    /**
     * Local mass L_loc = Σ_i (w_i − r c_i / M)², c_i the number of data points whose nearest particle is i,
     * M the number of data points, r the relative mass at that time. Differentiable in w.
     */
    public static NDArray localMass(NDArray x, NDArray w, double[] yHost, double r) {
        int n = (int) x.getShape().get(0);
        int d = (int) x.getShape().get(1);
        int m = yHost.length / d;
        int[] nearest = nearestParticle(host(x), n, yHost, m, d);
        double[] target = new double[n];
        for (int j : nearest) {
            target[j] += r / m;
        }
        NDArray t = x.getManager().create(target, new Shape(n, 1)).toType(w.getDataType(), false);
        return w.sub(t).square().sum();
    }

    /** Global mass L_glob = (Σ_i w_i − r)². */
    public static NDArray globalMass(NDArray w, double r) {
        return w.sum().sub(r).square();
    }

    /** Energy loss L_e = mean_i m_i (m the energy accumulated along the trajectories). */
    public static NDArray energy(NDArray m) {
        return m.mean();
    }

    /**
     * Weights of the Fokker–Planck residual and of the initial density: ρ̃_i = exp(ℓ_i − max(0, max_j ℓ_j)) with
     * ℓ = 2s/σ² (the max detached). With the offset of s pinned (s ≤ 0 at t0) the max is normally ≤ 0 and
     * ρ̃ = ρ = exp(2s/σ²) exactly; when s exceeds 0 somewhere, ρ is rescaled by a constant so that its largest
     * value is 1 — never exp of a large number, so no overflow whatever the offset.
     */
    public static NDArray safeDensity(NDArray s, double sigma) {
        NDArray ell = s.mul(2 / (sigma * sigma));
        double mx = ell.stopGradient().max().toType(DataType.FLOAT64, false).getDouble();
        double shift = Math.max(0, mx);
        return shift == 0 ? ell.exp() : ell.sub(shift).exp();
    }

    /**
     * Fokker–Planck residual R = mean_i ρ̃_i |(2/σ²)(∂t s + ∇s·v) + div v − g| at the data points, which equals
     * mean |∂t ρ + ∇·(ρ v) − g ρ| (∂t ρ = (2/σ²) ρ ∂t s, ∇·(ρv) = ρ(div v + (2/σ²)∇s·v)) with ρ replaced by the
     * overflow-free ρ̃ of {@link #safeDensity}.
     *
     * @param s N×1 pinned potential, sDt N×1, gradS N×D, v N×D, divV N (or N×1), g N×1 or null
     */
    public static NDArray fokkerPlanck(NDArray s, NDArray sDt, NDArray gradS, NDArray v, NDArray divV, NDArray g,
            double sigma) {
        double k = 2 / (sigma * sigma);
        NDArray transport = sDt.add(gradS.mul(v).sum(new int[] {1}, true)).mul(k);
        NDArray r = transport.add(divV.reshape(-1, 1));
        if (g != null) {
            r = r.sub(g);
        }
        return safeDensity(s, sigma).mul(r.abs()).mean();
    }

    /**
     * Initial-density loss L_init = mean_i (ρ̃(t0, x_i) − p̂0(x_i)/max_j p̂0(x_j))² over the t0 cells, ρ̃ from
     * {@link #safeDensity}. The target is scaled to maximum 1 because the pinned potential has max s = 0 on the
     * t0 cells, i.e. max ρ = 1 there: both sides describe the shape of the t0 density (its absolute scale is not
     * identified by score matching).
     *
     * @param s N×1 pinned potential at (t0, x_i); p0 the density estimate at the same cells
     */
    public static NDArray initialDensity(NDArray s, double[] p0, double sigma) {
        double mx = 0;
        for (double p : p0) {
            mx = Math.max(mx, p);
        }
        double[] t = new double[p0.length];
        for (int i = 0; i < p0.length; i++) {
            t[i] = mx > 0 ? p0[i] / mx : 0;
        }
        NDArray target = s.getManager().create(t, new Shape(t.length, 1)).toType(s.getDataType(), false);
        return safeDensity(s, sigma).sub(target).square().mean();
    }

    /**
     * Gaussian-mixture density estimate p̂0(x) = (1/K) Σ_k N(x; c_k, v·I) with one component per centre c_k
     * (the t0 cells), evaluated at the rows of x (host, row-major).
     */
    public static double[] mixtureDensity(double[] x, int n, double[] centres, int k, int d, double variance) {
        double norm = Math.pow(2 * Math.PI * variance, -d / 2.0);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    double t = x[i * d + j] - centres[c * d + j];
                    q += t * t;
                }
                s += Math.exp(-q / (2 * variance));
            }
            p[i] = norm * s / k;
        }
        return p;
    }
}
