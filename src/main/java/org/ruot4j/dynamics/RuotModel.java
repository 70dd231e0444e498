package org.ruot4j.dynamics;

import org.ruot4j.nn.Tensors;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ruot4j.RuotException;
import org.ruot4j.nn.Activation;
import org.ruot4j.nn.Divergence;
import org.ruot4j.nn.FusedMlp;
import org.ruot4j.nn.Mlp;
import org.ruot4j.nn.MlpOutput;
import org.ruot4j.nn.MlpSpec;
import org.ruot4j.nn.ParameterStore;
import org.ruot4j.nn.Want;

/**
 * The RUOT model: velocity v(t,x) ∈ R^D, growth g(t,x) ∈ R and log-density potential s(t,x) ∈ R (with
 * ∇s ≈ (σ²/2)∇log p, so p ∝ exp(2s/σ²) and the SDE drift is v + ∇s), three MLPs on [t, x] in one
 * {@link ParameterStore} (networks named "v", "g", "s").
 *
 * <p>Special cases: {@code growth = false} gives g ≡ 0 (no g network: regularized OT / Schrödinger bridge);
 * {@code noise = false} gives σ → 0 (no s network, drift = v: Wasserstein–Fisher–Rao); both give dynamic OT.
 *
 * <p>The offset of s is not identified by score matching (only ∇s is), yet ρ = exp(2s/σ²) and the energy's
 * s·g term see it. The model therefore keeps a pinned offset c and exposes s(t,x) = s_net(t,x) − c; training sets
 * c = max of s_net over the t0 cells ({@link #pinScoreOffset}), so that s ≤ 0 there and exp(2s/σ²) ≤ 1 cannot
 * overflow whatever offset the network drifts to.
 */
public final class RuotModel implements AutoCloseable {

    /** Shape and switches of a model. */
    public record Spec(int dim, double sigma, boolean growth, boolean noise, double alpha, int width, int depth,
            int growthWidth, int growthDepth, int scoreWidth, int scoreDepth, Activation activation) {
        public Spec {
            if (dim < 1) {
                throw new RuotException("model dimension must be >= 1, got " + dim);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new RuotException("sigma must be a positive number, got " + sigma);
            }
        }
    }

    private final Spec spec;
    private final ParameterStore store;
    private final Mlp v;
    private final Mlp g;
    private final Mlp s;
    private double scoreOffset;
    private boolean fused;
    private FusedMlp fusedVg;
    private FusedMlp fusedVgs;
    private FusedMlp fusedVs;

    /** Builds (or, when {@code store} already holds them, reuses) the networks. */
    public RuotModel(Spec spec, ParameterStore store, long seed) {
        this.spec = spec;
        this.store = store;
        int in = spec.dim() + 1;
        this.v = new Mlp("v", new MlpSpec(in, spec.width(), spec.depth(), spec.dim(), spec.activation()), store, seed);
        this.g = spec.growth() ? new Mlp("g", new MlpSpec(in, spec.growthWidth(), spec.growthDepth(), 1,
                spec.activation()), store, seed + 1) : null;
        this.s = spec.noise() ? new Mlp("s", new MlpSpec(in, spec.scoreWidth(), spec.scoreDepth(), 1,
                spec.activation()), store, seed + 2) : null;
    }

    /** A new model with fresh parameters on {@code device} (float32). */
    public static RuotModel create(Spec spec, Device device, long seed) {
        return new RuotModel(spec, new ParameterStore(device, DataType.FLOAT32), seed);
    }

    public static Activation activation(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace("LEAKYRELU", "LEAKY_RELU");
        try {
            return Activation.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new RuotException("unknown activation '" + name + "'; expected leaky_relu, tanh, softplus or silu");
        }
    }

    public Spec spec() {
        return spec;
    }

    public int dim() {
        return spec.dim();
    }

    public double sigma() {
        return spec.sigma();
    }

    public ParameterStore store() {
        return store;
    }

    public Mlp velocityNet() {
        return v;
    }

    /** The growth network, or null when g ≡ 0. */
    public Mlp growthNet() {
        return g;
    }

    /** The score network, or null when σ → 0. */
    public Mlp scoreNet() {
        return s;
    }

    public boolean hasGrowth() {
        return g != null;
    }

    public boolean hasScore() {
        return s != null;
    }

    public double scoreOffset() {
        return scoreOffset;
    }

    public void setScoreOffset(double c) {
        if (!Double.isFinite(c)) {
            throw new RuotException("score offset must be finite, got " + c);
        }
        this.scoreOffset = c;
    }

    /** Parameters of the named networks ("v", "g", "s"; absent networks are skipped), for an optimizer. */
    public List<NDArray> parameters(String... nets) {
        List<NDArray> p = new ArrayList<>();
        for (String n : nets) {
            Mlp m = net(n);
            if (m != null) {
                p.addAll(m.parameters());
            }
        }
        return p;
    }

    /** Makes the named network's parameters collect gradients (true) or freezes them (false). */
    public void setTrainable(String net, boolean on) {
        Mlp m = net(net);
        if (m != null) {
            store.setTrainable(m.parameterNames(), on);
        }
    }

    private Mlp net(String n) {
        return switch (n) {
            case "v" -> v;
            case "g" -> g;
            case "s" -> s;
            default -> throw new RuotException("unknown network '" + n + "'; expected v, g or s");
        };
    }

    /**
     * Evaluate the networks of one step together ({@link FusedMlp}: v and g in {@link #transport()}, v, g and s
     * with ∇s in {@link #transportWithEnergy()}, v and ∇s in the SDE drift) instead of one after the other. Same
     * formulas; the stacked multiplies may round differently (float32: agreement to about 1e-6 relative, not bit
     * for bit; FusedMlpTest). Only networks of equal width, depth and activation fuse; others stay separate.
     * Off by default.
     */
    public void setFusedEvaluation(boolean on) {
        fused = on;
    }

    public boolean fusedEvaluation() {
        return fused;
    }

    /** The fused group of the given networks, or null when fusing is off or their shapes differ. */
    private FusedMlp group(String which) {
        if (!fused) {
            return null;
        }
        switch (which) {
            case "vg":
                if (fusedVg == null && g != null && FusedMlp.compatible(List.of(v, g))) {
                    fusedVg = new FusedMlp(List.of(v, g));
                }
                return fusedVg;
            case "vgs":
                if (fusedVgs == null && g != null && s != null && FusedMlp.compatible(List.of(v, g, s))) {
                    fusedVgs = new FusedMlp(List.of(v, g, s));
                }
                return fusedVgs;
            default:
                if (fusedVs == null && s != null && FusedMlp.compatible(List.of(v, s))) {
                    fusedVs = new FusedMlp(List.of(v, s));
                }
                return fusedVs;
        }
    }

    private static final Want[] VALUES2 = {Want.valueOnly(), Want.valueOnly()};
    private static final Want[] VALUES_AND_GRADIENT = {Want.valueOnly(), Want.valueOnly(), Want.gradient()};
    private static final Want[] VALUE_AND_GRADIENT = {Want.valueOnly(), Want.gradient()};

    /** {v, g} at (t, x), fused when enabled (g null without growth). */
    private NDArray[] velocityAndGrowth(double t, NDArray x) {
        FusedMlp f = group("vg");
        if (f != null) {
            MlpOutput[] o = f.forward(t, x, VALUES2, null);
            return new NDArray[] {o[0].value(), o[1].value()};
        }
        NDArray h0 = v.input(t, x); // one [t, x] for both networks
        return new NDArray[] {v.forward(h0, x, Want.valueOnly()).value(),
            g == null ? null : g.forward(h0, x, Want.valueOnly()).value()};
    }

    /** v(t, x), N×D. */
    public NDArray velocity(double t, NDArray x) {
        return v.forward(t, x, Want.valueOnly(), null).value();
    }

    /** g(t, x), N×1, or null when g ≡ 0. */
    public NDArray growth(double t, NDArray x) {
        return g == null ? null : g.forward(t, x, Want.valueOnly(), null).value();
    }

    /** The pinned potential s(t, x) = s_net − c, N×1, or null when σ → 0. */
    public NDArray score(double t, NDArray x) {
        return s == null ? null : s.forward(t, x, Want.valueOnly(), null).value().sub(scoreOffset);
    }

    /** ∇x s(t, x), N×D, or null when σ → 0. */
    public NDArray scoreGradient(double t, NDArray x) {
        return s == null ? null : s.forward(t, x, Want.gradient(), null).gradX();
    }

    /**
     * Sets the pinned offset c = max_i s_net(t0, x_i) over the given cells (no gradient), so that s ≤ 0 on them.
     * Returns c.
     */
    public double pinScoreOffset(double t0, NDArray cells) {
        if (s == null) {
            return 0;
        }
        double c;
        try (NDScope scope = new NDScope()) {
            c = s.forward(t0, cells.stopGradient(), Want.valueOnly(), null).value().stopGradient().max()
                    .toType(DataType.FLOAT64, false).getDouble();
        }
        if (!Double.isFinite(c)) {
            throw new RuotException("the score network returns non-finite values at t0; its parameters are corrupted");
        }
        scoreOffset = c;
        return c;
    }

    /** Divergence method for div v: exact (D tangents) up to 32 dimensions, a Hutchinson estimate above. */
    public Divergence divergenceMethod() {
        return spec.dim() <= 32 ? Divergence.EXACT : Divergence.HUTCHINSON;
    }

    /** dx/dt = v, d ln w/dt = g (0 without growth); no energy. */
    public ParticleDynamics transport() {
        return (t, st) -> {
            if (st.lnw() == null) {
                return new Rates(velocity(t, st.x()), null, null);
            }
            NDArray[] vg = velocityAndGrowth(t, st.x());
            return new Rates(vg[0], vg[1], null);
        };
    }

    /**
     * Transport with the pretraining energy density dm/dt = w (‖v‖² + g²) (DESIGN.md §3.4, pretraining variant).
     */
    public ParticleDynamics transportWithPretrainEnergy() {
        return (t, st) -> {
            NDArray[] vg = velocityAndGrowth(t, st.x());
            NDArray vx = vg[0];
            NDArray gx = vg[1];
            NDArray w = st.lnw().exp();
            NDArray e = vx.square().sum(new int[] {1}, true);
            if (gx != null) {
                e = e.add(gx.square());
            }
            return new Rates(vx, gx, e.mul(w));
        };
    }

    /**
     * Transport with the RUOT energy density of the joint stage:
     * dm/dt = w (½‖v‖² + ½‖∇s‖² − ½σ² g − s g + α g²), with the pinned s.
     */
    public ParticleDynamics transportWithEnergy() {
        return (t, st) -> {
            FusedMlp f = group("vgs");
            if (f != null) {
                MlpOutput[] o = f.forward(t, st.x(), VALUES_AND_GRADIENT, null);
                NDArray e = energyDensity(st.lnw().exp(), o[0].value(), o[2].gradX(), o[2].value().sub(scoreOffset),
                        o[1].value(), spec.sigma(), spec.alpha());
                return new Rates(o[0].value(), o[1].value(), e);
            }
            NDArray h0 = v.input(t, st.x()); // one [t, x] for v, g and s
            NDArray vx = v.forward(h0, st.x(), Want.valueOnly()).value();
            NDArray gx = g == null ? null : g.forward(h0, st.x(), Want.valueOnly()).value();
            NDArray sv = null;
            NDArray gs = null;
            if (s != null) {
                MlpOutput so = s.forward(h0, st.x(), Want.gradient());
                sv = so.value().sub(scoreOffset);
                gs = so.gradX();
            }
            NDArray e = energyDensity(st.lnw().exp(), vx, gs, sv, gx, spec.sigma(), spec.alpha());
            return new Rates(vx, gx, e);
        };
    }

    /**
     * e = w (½‖v‖² + ½‖∇s‖² − ½σ² g − s g + α g²), N×1; terms of absent networks (∇s, s or g null) are 0.
     *
     * @param w weights N×1, v N×D, gradS N×D or null, s N×1 or null, g N×1 or null
     */
    public static NDArray energyDensity(NDArray w, NDArray v, NDArray gradS, NDArray s, NDArray g, double sigma,
            double alpha) {
        NDArray e = Tensors.scale(v.square().sum(new int[] {1}, true), 0.5);
        if (gradS != null) {
            e = e.add(Tensors.scale(gradS.square().sum(new int[] {1}, true), 0.5));
        }
        if (g != null) {
            e = e.sub(Tensors.scale(g, 0.5 * sigma * sigma)).add(Tensors.scale(g.square(), alpha));
            if (s != null) {
                e = e.sub(s.mul(g));
            }
        }
        return e.mul(w);
    }

    /** The SDE dX = (v + ∇s) dt + σ dW with growth g (σ → 0 models: drift v and no noise). */
    public SdeDynamics stochastic() {
        return new SdeDynamics() {
            @Override
            public NDArray drift(double t, NDArray x) {
                FusedMlp f = group("vs");
                if (f != null) {
                    MlpOutput[] o = f.forward(t, x, VALUE_AND_GRADIENT, null);
                    return o[0].value().add(o[1].gradX());
                }
                NDArray vx = velocity(t, x);
                return s == null ? vx : vx.add(scoreGradient(t, x));
            }

            @Override
            public NDArray growth(double t, NDArray x) {
                return RuotModel.this.growth(t, x);
            }

            @Override
            public double sigma() {
                return s == null ? 0 : spec.sigma();
            }
        };
    }

    @Override
    public void close() {
        store.close();
    }
}
