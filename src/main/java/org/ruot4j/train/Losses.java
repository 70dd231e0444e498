package org.ruot4j.train;

import org.ruot4j.nn.Tensors;
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


    /**
     * OT loss L_ot = Σ_ij π*_ij ‖x_i − y_j‖², π* the exact EMD plan between μ = w/Σw and ν = 1/M computed on
     * detached values; the gradient flows through the positions x only (DESIGN.md §3.4).
     */
    public static NDArray ot(NDArray x, NDArray w, NDArray y, double[] yHost) {
        return ot(x, w, y, yHost, false);
    }

    /**
     * {@link #ot(NDArray, NDArray, NDArray, double[])}, with {@code throughWeights} also differentiable in the
     * weights: by the envelope theorem ∂OT(μ, ν)/∂μ_i = u_i, the plan's row dual potential (defined up to a
     * constant, which the normalisation μ = w/Σw cancels), so the loss gains Σ_i u_i μ_i(w) − (same, detached):
     * value unchanged, gradient (u_i − Σ_k u_k μ_k)/Σw on w_i. The growth rate is then fitted to the shape of
     * the data and not only to the mass terms.
     */
    public static NDArray ot(NDArray x, NDArray w, NDArray y, double[] yHost, boolean throughWeights) {
        int n = (int) x.getShape().get(0);
        int d = (int) x.getShape().get(1);
        int m = (int) y.getShape().get(0);
        double[] xh = Tensors.toHost(x);
        double[] mu = Tensors.toHost(w);
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
        if (throughWeights) {
            NDArray u = Tensors.of(x.getManager(), plan.u()).toType(w.getDataType(), false).reshape(w.getShape());
            NDArray dual = w.mul(u).sum().div(w.sum());
            loss = loss.add(dual.sub(dual.stopGradient()));
        }
        return loss;
    }

    /** Σ_k π_k ‖x_{row k} − y_{col k}‖² for a fixed plan (differentiable in x). */
    public static NDArray planCost(NDArray x, NDArray y, OtPlan plan) {
        NDManager mgr = x.getManager();
        NDArray rows = Tensors.of(mgr, toLong(plan.rows()));
        NDArray cols = Tensors.of(mgr, toLong(plan.columns()));
        NDArray mass = Tensors.of(mgr, plan.masses()).toType(x.getDataType(), false);
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
        int[] nearest = nearestParticle(Tensors.toHost(x), n, yHost, m, d);
        double[] target = new double[n];
        for (int j : nearest) {
            target[j] += r / m;
        }
        NDArray t = Tensors.of(x.getManager(), target, new Shape(n, 1)).toType(w.getDataType(), false);
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
     * Normalised density ρ̃_i = ρ_i / max_j ρ_j = exp(ℓ_i − max_j ℓ_j) with ℓ = 2s/σ² (the max detached), computed
     * in log space. The shift is always the batch maximum of ℓ: ρ̃ ∈ (0, 1] with ρ̃ = 1 at the densest point,
     * whatever the offset of s. With σ = 0.05, exp(2s/σ²) itself overflows for s ≳ 0.11 and underflows to 0 for
     * s ≲ −0.9 (float32: already for |s| ≳ 0.06), which either turns training into NaN or makes every term that
     * carries ρ vanish; ρ̃ does neither, and it is independent of the (unidentified) offset of s.
     */
    public static NDArray safeDensity(NDArray s, double sigma) {
        NDArray ell = Tensors.scale(s, 2 / (sigma * sigma));
        double shift = ell.stopGradient().max().toType(DataType.FLOAT64, false).getDouble();
        if (!Double.isFinite(shift)) {
            throw new IllegalArgumentException("the potential s has non-finite values");
        }
        return ell.sub(shift).exp();
    }

    /**
     * Fokker–Planck residual in normalised form,
     * <pre>
     *   R = mean_i ρ̃_i |∂t ℓ_i + ∇ℓ_i·v_i + div v_i − g_i|,   ℓ = 2s/σ²,  ρ̃ = exp(ℓ − max_j ℓ_j)
     *     = mean_i |∂t ρ + ∇·(ρ v) − g ρ|_i / max_j ρ_j,
     * </pre>
     * since ∂t ρ = ρ ∂t ℓ and ∇·(ρ v) = ρ (div v + ∇ℓ·v). This is DESIGN.md §3.4's residual divided by the
     * batch maximum of ρ = exp(2s/σ²): the same minimiser, but finite for any offset of s (no exp of a large
     * number) and not vanishing when s ≪ 0 (with σ = 0.05 and s = −0.1, ρ = e^(−80) made the unnormalised
     * residual ~1e-30 and therefore useless). The points where ρ̃ ≈ 0 (far from the data) barely count, as in
     * the original formula. The weight ρ̃ is detached (no gradient flows through it): the gradient only asks the
     * fields to satisfy the equation where the density is, it cannot lower R by moving the density away.
     *
     * @param s N×1 potential (any offset), sDt N×1, gradS N×D, v N×D, divV N (or N×1), g N×1 or null
     */
    public static NDArray fokkerPlanck(NDArray s, NDArray sDt, NDArray gradS, NDArray v, NDArray divV, NDArray g,
            double sigma) {
        double k = 2 / (sigma * sigma);
        NDArray transport = Tensors.scale(sDt.add(gradS.mul(v).sum(new int[] {1}, true)), k);
        NDArray r = transport.add(divV.reshape(-1, 1));
        if (g != null) {
            r = r.sub(g);
        }
        // the weight is a constant for the gradient: otherwise the cheapest way to lower R is to make s more peaked
        // (every ρ̃ but the largest → 0) instead of making the fields satisfy the equation
        return safeDensity(s, sigma).stopGradient().mul(r.abs()).mean();
    }

    /**
     * Initial-density loss L_init = mean_i (ρ̃(t0, x_i) − p̂0(x_i)/max_j p̂0(x_j))² over the t0 cells, ρ̃ from
     * {@link #safeDensity} (ρ normalised to maximum 1 over these cells). The target is scaled to maximum 1 as well:
     * both sides describe the shape of the t0 density, whose absolute scale score matching does not identify.
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
        NDArray target = Tensors.of(s.getManager(), t, new Shape(t.length, 1)).toType(s.getDataType(), false);
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
