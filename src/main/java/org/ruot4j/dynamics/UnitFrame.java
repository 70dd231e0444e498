package org.ruot4j.dynamics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.Standardizer;
import org.ruot4j.nn.Mlp;
import org.ruot4j.nn.ParameterStore;

/**
 * The standardized units a fit trains in, and the exact change of units between them and the data's:
 * <pre>
 *   x = c + s·z        (one isotropic scale s, so that OT plans and distances keep their geometry: W_x = s·W_z)
 *   t = t0 + T·τ
 * </pre>
 * with c the mean of all cells, s the root of their total variance (Σ_j Var x_j, pooled over every time) and T the mean
 * gap between observed times. The cloud of cells then has a spread of 1 in any dimension and the intervals a length of
 * about 1, so the networks are O(1)-conditioned whatever the data's units (gene counts in the hundreds, times in
 * hours), and the learning rates and loss weights of the presets mean the same on every data set: the OT cost
 * ‖x − y‖² in particular stays O(1) in 100 dimensions as in 2 instead of growing with D against the mass terms (with
 * a per-feature unit scale the mass of a 100-D fit was still 10% off after pretraining).
 *
 * <p>The dynamics transform as a change of variables of the SDE dX = (v + ∇s) dt + σ dW with growth g:
 * <pre>
 *   v(t, x) = (s/T) v_z(τ, z)     g(t, x) = g_z(τ, z) / T     s(t, x) = (s²/T) s_z(τ, z)     σ = σ_z · s / √T
 * </pre>
 * (∇_x s = (s/T) ∇_z s_z, so the drift v + ∇s scales as a velocity; ln w = ∫ g dt is unchanged, so relative masses and
 * TMV are too). {@link #toData} folds this into the first and last linear layer of each network — the input affine map
 * into the first layer's weights and bias, the output factor into the last layer's — which is exact up to float
 * rounding, so the model a fit returns is an ordinary {@link RuotModel} in the data's units that evaluation,
 * simulation, export and every analysis use unchanged. {@link #toTraining} is its inverse.
 */
public record UnitFrame(double[] center, double scale, double t0, double timeScale) {

    public UnitFrame {
        if (!(scale > 0) || !Double.isFinite(scale) || !(timeScale > 0) || !Double.isFinite(timeScale)
                || !Double.isFinite(t0)) {
            throw new RuotException("unit frame: scale and time scale must be positive and finite (got " + scale + ", "
                    + timeScale + ")");
        }
        center = center.clone();
    }

    /**
     * The frame of {@code data}: c = the mean of all cells, s = sqrt(Σ_j Var_j) over all cells (1 when every
     * feature is constant), t0 = the first time, T = (t_K − t_0) / K.
     */
    public static UnitFrame of(Snapshots data) {
        Standardizer.Moments m = Standardizer.moments(data);
        double s = Math.sqrt(m.totalVariance());
        double maxAbs = Arrays.stream(m.mean()).map(Math::abs).max().orElse(0);
        if (!(s > 1e-12 * Math.max(1, maxAbs))) {
            s = 1;
        }
        double[] mean = m.mean();
        int k = data.numTimes() - 1;
        double span = data.time(k) - data.time(0);
        double gap = k > 0 && span > 0 ? span / k : 1;
        return new UnitFrame(mean, s, data.time(0), gap);
    }

    /** The identity frame of dimension d (training in the data's own units). */
    public static UnitFrame identity(int d) {
        return new UnitFrame(new double[d], 1, 0, 1);
    }

    public boolean isIdentity() {
        return scale == 1 && timeScale == 1 && t0 == 0 && Arrays.stream(center).allMatch(c -> c == 0);
    }

    public int dim() {
        return center.length;
    }

    /** The cells in training units: z = (x − c)/s at τ = (t − t0)/T; relative masses and feature names kept. */
    public Snapshots toTraining(Snapshots data) {
        check(data.dim());
        int d = center.length;
        double[] tau = new double[data.numTimes()];
        for (int k = 0; k < tau.length; k++) {
            tau[k] = toTrainingTime(data.time(k));
        }
        return data.mapRows(data.features(), (in, out) -> {
            for (int j = 0; j < d; j++) {
                out[j] = (in[j] - center[j]) / scale;
            }
        }).withTimes(tau);
    }

    public double toTrainingTime(double t) {
        return (t - t0) / timeScale;
    }

    /** σ_z = σ √T / s: the noise of the same process in training units. */
    public double sigmaToTraining(double sigma) {
        return sigma * Math.sqrt(timeScale) / scale;
    }

    /** Distances in training units (W1, W2 per time; null or NaN entries stay so) in the data's units. */
    public double[] distancesToData(double[] distancesZ) {
        if (distancesZ == null) {
            return null;
        }
        double[] out = distancesZ.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] *= scale;
        }
        return out;
    }

    /** The spec of the training-units model of a data-units spec (σ changes; shapes do not). */
    public RuotModel.Spec toTraining(RuotModel.Spec spec) {
        return withSigma(spec, sigmaToTraining(spec.sigma()));
    }

    /** The model in the data's units of a model trained in this frame (a new model; {@code z} is left as it is). */
    public RuotModel toData(RuotModel z) {
        check(z.dim());
        return build(z, withSigma(z.spec(), z.sigma() * scale / Math.sqrt(timeScale)), convert(z, true),
                z.scoreOffset() * outputFactor("s"));
    }

    /**
     * Writes the data-units parameters of {@code z} into {@code target} in place (a model made by {@link #toData} from
     * a model of the same shapes), so that references to {@code target} held elsewhere stay valid.
     */
    public void copyToData(RuotModel z, RuotModel target) {
        check(z.dim());
        target.store().restore(convert(z, true));
        target.setScoreOffset(z.scoreOffset() * outputFactor("s"));
    }

    /** The model in this frame's training units of a model in the data's units (the inverse of {@link #toData}). */
    public RuotModel toTraining(RuotModel x) {
        check(x.dim());
        return build(x, toTraining(x.spec()), convert(x, false), x.scoreOffset() / outputFactor("s"));
    }

    /**
     * The parameters of {@code from} with every network's first and last linear layer rewritten. Towards the data's
     * units, with input [t, x] and the training network's first layer (W_t, W_x, b): W_t' = W_t/T, W_x' = W_x/s,
     * b' = b − W_t t0/T − W_x·c/s; the last layer is multiplied by the output factor a (s/T for v, 1/T for g, s²/T
     * for s). Towards training units the inverse maps.
     */
    private Map<String, float[]> convert(RuotModel from, boolean towardsData) {
        Map<String, float[]> params = from.store().snapshot();
        Map<String, float[]> out = new LinkedHashMap<>(params);
        int d = center.length;
        for (String net : List.of("v", "g", "s")) {
            Mlp m = switch (net) {
                case "v" -> from.velocityNet();
                case "g" -> from.growthNet();
                default -> from.scoreNet();
            };
            if (m == null) {
                continue;
            }
            int layers = m.parameterNames().size() / 2;
            String w0 = Mlp.weightName(net, 0);
            String b0 = Mlp.biasName(net, 0);
            float[] w = params.get(w0);
            float[] b = params.get(b0);
            int in = d + 1;
            float[] w2 = new float[w.length];
            float[] b2 = new float[b.length];
            for (int o = 0; o < b.length; o++) {
                double wt = w[o * in];
                double shift;
                if (towardsData) {
                    shift = wt * t0 / timeScale;
                    w2[o * in] = (float) (wt / timeScale);
                    for (int j = 0; j < d; j++) {
                        double wx = w[o * in + 1 + j];
                        w2[o * in + 1 + j] = (float) (wx / scale);
                        shift += wx * center[j] / scale;
                    }
                    b2[o] = (float) (b[o] - shift);
                } else {
                    shift = wt * t0;
                    w2[o * in] = (float) (wt * timeScale);
                    for (int j = 0; j < d; j++) {
                        double wx = w[o * in + 1 + j];
                        w2[o * in + 1 + j] = (float) (wx * scale);
                        shift += wx * center[j];
                    }
                    b2[o] = (float) (b[o] + shift);
                }
            }
            out.put(w0, w2);
            out.put(b0, b2);
            double a = outputFactor(net);
            double f = towardsData ? a : 1 / a;
            String wl = Mlp.weightName(net, layers - 1);
            String bl = Mlp.biasName(net, layers - 1);
            out.put(wl, scaled(out.get(wl), f));
            out.put(bl, scaled(out.get(bl), f));
        }
        return out;
    }

    private static RuotModel build(RuotModel from, RuotModel.Spec spec, Map<String, float[]> params, double offset) {
        ParameterStore store = new ParameterStore(from.store().device(), from.store().dtype());
        try {
            for (String name : from.store().names()) {
                float[] v = params.get(name);
                double[] dv = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    dv[i] = v[i];
                }
                store.put(name, from.store().get(name).getShape(), dv);
            }
            store.setTrainable(store.names(), true);
            RuotModel m = new RuotModel(spec, store, 0);
            m.setScoreOffset(offset);
            m.setFusedEvaluation(from.fusedEvaluation());
            return m;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The factor a with f_data = a · f_training for network {@code net}. */
    private double outputFactor(String net) {
        return switch (net) {
            case "v" -> scale / timeScale;
            case "g" -> 1 / timeScale;
            default -> scale * scale / timeScale;
        };
    }

    private static float[] scaled(float[] v, double f) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (float) (v[i] * f);
        }
        return o;
    }

    private static RuotModel.Spec withSigma(RuotModel.Spec p, double sigma) {
        return new RuotModel.Spec(p.dim(), sigma, p.growth(), p.noise(), p.alpha(), p.width(), p.depth(),
                p.growthWidth(), p.growthDepth(), p.scoreWidth(), p.scoreDepth(), p.activation());
    }

    private void check(int d) {
        if (d != center.length) {
            throw new RuotException("unit frame of dimension " + center.length + " applied to dimension " + d);
        }
    }

    /** One line: the centre's norm, s, t0 and T. */
    public String describe() {
        double norm = Math.sqrt(Arrays.stream(center).map(c -> c * c).sum());
        return String.format(Locale.ROOT, "x = c + %.4g z (|c| = %.4g), t = %s + %s τ", scale, norm, num(t0),
                num(timeScale));
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.4g", x);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitFrame f && Arrays.equals(center, f.center) && scale == f.scale && t0 == f.t0
                && timeScale == f.timeScale;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(center) * 31 + Double.hashCode(scale) * 17 + Double.hashCode(t0) + Double.hashCode(timeScale);
    }
}
