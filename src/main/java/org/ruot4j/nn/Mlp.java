package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.ruot4j.RuotException;

/**
 * A multilayer perceptron on [t, x] whose forward pass also returns the input derivatives asked for, as
 * ordinary tensor ops, so that one first-order backward of any loss built from them yields every weight
 * gradient (DESIGN.md §3.2; DJL offers no autograd.grad).
 *
 * <p>With L = hiddenLayers + 1 linear layers (W_l of shape (out_l, in_l), PyTorch layout): z_l = h_{l−1} W_lᵀ + b_l,
 * h_l = a(z_l) for l &lt; L, h_0 = [t, x], y = h_{L−1} W_Lᵀ + b_L. Writing d_l = a'(z_l):
 * <ul>
 *   <li>Reverse sweep (scalar output): δ_{L−1} = d_{L−1} ⊙ W_L, δ_{l−1} = d_{l−1} ⊙ (δ_l W_l), and
 *       ∇_{[t,x]} y = δ_1 W_1; column 0 is ∂y/∂t, columns 1..D are ∇_x y.</li>
 *   <li>Forward tangent along an input direction e: u_1 = d_1 ⊙ (e W_1ᵀ), u_l = d_l ⊙ (u_{l−1} W_lᵀ),
 *       J e = u_{L−1} W_Lᵀ. ∂y/∂t uses e = e_t; the exact divergence batches e_1..e_D as a (D, N, H) tensor and
 *       sums the diagonal Σ_j Σ_h u_j[n,h] W_L[j,h]; Hutchinson uses one probe ε per row: div ≈ Σ_j ε_j (J ε)_j.</li>
 * </ul>
 * Parameters are named {@code name + "." + 2l + ".weight"} and {@code ".bias"}, the keys of a PyTorch
 * {@code nn.Sequential(Linear, act, Linear, act, …, Linear)}. Temporaries are created in the manager of x; wrap
 * each step in an {@link NDScope} so they are freed.
 */
public final class Mlp {
    private final String name;
    private final MlpSpec spec;
    private final ParameterStore store;
    private final NDArray[] weights;
    private final NDArray[] biases;
    private final List<String> names;
    private NDArray one;
    private NDArray slope;

    /**
     * Creates (or, when the store already holds them with the right shapes, reuses) the parameters. New
     * parameters get PyTorch's nn.Linear default initialisation: W and b ~ U(−1/√fan_in, 1/√fan_in), drawn in the
     * order W_1, b_1, W_2, … from a generator seeded with {@code seed}; they are made trainable.
     */
    public Mlp(String name, MlpSpec spec, ParameterStore store, long seed) {
        if (name == null || name.isBlank()) {
            throw new RuotException("Mlp: name must not be empty");
        }
        this.name = name;
        this.spec = spec;
        this.store = store;
        int layers = spec.linearLayers();
        weights = new NDArray[layers];
        biases = new NDArray[layers];
        List<String> ns = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? spec.inputDim() : spec.width();
            int out = l == layers - 1 ? spec.outputDim() : spec.width();
            String wName = weightName(name, l);
            String bName = biasName(name, l);
            Shape wShape = new Shape(out, in);
            Shape bShape = new Shape(out);
            double bound = 1.0 / Math.sqrt(in);
            double[] w = uniform(rng, out * in, bound);
            double[] b = uniform(rng, out, bound);
            weights[l] = existingOrNew(wName, wShape, w);
            biases[l] = existingOrNew(bName, bShape, b);
            ns.add(wName);
            ns.add(bName);
        }
        this.names = Collections.unmodifiableList(ns);
    }

    /** Store key of the weight of linear layer l (0-based): {@code name.(2l).weight}. */
    public static String weightName(String name, int layer) {
        return name + "." + (2 * layer) + ".weight";
    }

    /** Store key of the bias of linear layer l (0-based): {@code name.(2l).bias}. */
    public static String biasName(String name, int layer) {
        return name + "." + (2 * layer) + ".bias";
    }

    private NDArray existingOrNew(String key, Shape shape, double[] init) {
        if (store.contains(key)) {
            NDArray a = store.get(key);
            if (!a.getShape().equals(shape)) {
                throw new RuotException("Mlp '" + name + "': stored parameter '" + key + "' has shape " + a.getShape()
                        + ", the spec needs " + shape);
            }
            return a;
        }
        store.put(key, shape, init);
        store.setTrainable(List.of(key), true);
        return store.get(key);
    }

    private static double[] uniform(SplittableRandom rng, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        return v;
    }

    /** Convenience for {@link #forward(NDArray, NDArray, Want, NDArray)} at one time t for every row. */
    public MlpOutput forward(double t, NDArray x, Want want, NDArray hutchinsonProbe) {
        NDArray tt = store.dtype() == DataType.FLOAT64 ? Tensors.of(x.getManager(), t) : Tensors.of(x.getManager(), (float) t);
        return forward(tt, x, want, hutchinsonProbe);
    }

    /**
     * Value and requested input derivatives at (t, x).
     *
     * @param t a scalar (shape (), (1) or (1, 1)) shared by all rows, or one time per row, shape (N, 1)
     * @param x positions, shape (N, D), in the store's data type
     * @param want which derivatives to return
     * @param hutchinsonProbe ε of shape (N, D) with E[εεᵀ] = I (e.g. {@link #rademacher}), only for
     *     {@link Divergence#HUTCHINSON}; otherwise null
     */
    public MlpOutput forward(NDArray t, NDArray x, Want want, NDArray hutchinsonProbe) {
        check(t, x, want, hutchinsonProbe);
        return fromInput(input(t, x, x.getManager()), x, want, hutchinsonProbe);
    }

    /**
     * The first layer's input [t, x] (N, 1+D) at one time t for every row. Networks evaluated at the same (t, x)
     * (v, g and s of one Euler step) can share it through {@link #forward(NDArray, NDArray, Want)}: one input
     * instead of one per network (bench/engine/RESULTS.md, 2026-12-07).
     */
    public NDArray input(double t, NDArray x) {
        NDArray tt = store.dtype() == DataType.FLOAT64 ? Tensors.of(x.getManager(), t) : Tensors.of(x.getManager(), (float) t);
        check(tt, x, Want.valueOnly(), null);
        return input(tt, x, x.getManager());
    }

    /**
     * As {@link #forward(NDArray, NDArray, Want, NDArray)}, from a prepared input {@code h0} = {@link #input(double,
     * NDArray)} of the same x (any network of the same input dimension may have made it); not for Hutchinson.
     */
    public MlpOutput forward(NDArray h0, NDArray x, Want want) {
        Shape hs = h0.getShape();
        if (hs.dimension() != 2 || hs.get(1) != spec.inputDim() || hs.get(0) != x.getShape().get(0)) {
            throw new RuotException("Mlp '" + name + "': input must have shape (" + x.getShape().get(0) + ", "
                    + spec.inputDim() + "), got " + hs);
        }
        checkX(x, want, null);
        return fromInput(h0, x, want, null);
    }

    private MlpOutput fromInput(NDArray h, NDArray x, Want want, NDArray hutchinsonProbe) {
        NDManager batch = x.getManager();
        int layers = weights.length;
        boolean derivatives = want.anyDerivative();
        NDArray[] d = derivatives ? new NDArray[layers - 1] : null;
        NDArray oneB = null;
        NDArray slopeB = null;
        if (derivatives && spec.activation() == Activation.LEAKY_RELU) {
            // DJL's where() does not broadcast; expand views of the constants once, shared by all hidden layers
            ensureConstants();
            Shape hs = new Shape(x.getShape().get(0), spec.width());
            oneB = own(one.broadcast(hs), batch);
            slopeB = own(slope.broadcast(hs), batch);
        }
        for (int l = 0; l < layers - 1; l++) {
            NDArray z = linear(h, weights[l], biases[l]);
            if (derivatives) {
                NDArray[] hd = spec.activation().applyWithDerivative(z, oneB, slopeB);
                h = hd[0];
                d[l] = own(hd[1], batch);
            } else {
                h = spec.activation().apply(z);
            }
        }
        return output(h, d, want, hutchinsonProbe, batch);
    }

    /**
     * The output layer on the last hidden activations h_{L−1} (N, H) and the requested derivatives from the
     * activation slopes d_1..d_{L−1} (each (N, H); null when no derivative is wanted). Shared with
     * {@link FusedMlp}, which computes h and d for several networks at once.
     */
    MlpOutput output(NDArray h, NDArray[] d, Want want, NDArray hutchinsonProbe, NDManager batch) {
        int layers = weights.length;
        NDArray y = linear(h, weights[layers - 1], biases[layers - 1]);
        if (!want.anyDerivative()) {
            return new MlpOutput(y, null, null, null);
        }
        NDArray dt = null;
        NDArray gradX = null;
        NDArray div = null;
        int out = spec.outputDim();
        if (out == 1 && (want.gradX() || want.dt())) {
            NDArray[] tx = reverseSweep(d);
            dt = want.dt() ? tx[0] : null;
            gradX = want.gradX() ? tx[1] : null;
        }
        boolean tangentDt = want.dt() && out != 1;
        if (tangentDt || want.div() != Divergence.NONE) {
            NDArray[] dtDiv = forwardTangents(d, tangentDt, want.div(), hutchinsonProbe, batch);
            if (tangentDt) {
                dt = dtDiv[0];
            }
            div = dtDiv[1];
        }
        return new MlpOutput(y, dt, gradX, div);
    }

    /** y(t, x) only. */
    public NDArray value(NDArray t, NDArray x) {
        return forward(t, x, Want.valueOnly(), null).value();
    }

    /** y(t, x) only, at one time for all rows. */
    public NDArray value(double t, NDArray x) {
        return forward(t, x, Want.valueOnly(), null).value();
    }

    /** δ from the output down to the input; returns {∂y/∂t (N,1), ∇_x y (N,D)}. */
    private NDArray[] reverseSweep(NDArray[] d) {
        int last = weights.length - 1;
        NDArray g = d[last - 1].mul(weights[last]); // (N,H) ⊙ (1,H)
        for (int l = last - 1; l >= 1; l--) {
            g = g.matMul(weights[l]).mul(d[l - 1]);
        }
        NDArray full = g.matMul(weights[0]); // (N, 1+D)
        return new NDArray[] {full.get(":, 0:1"), full.get(":, 1:")};
    }

    /** Forward tangents; returns {∂y/∂t (N,out) or null, div (N) or null}. */
    private NDArray[] forwardTangents(NDArray[] d, boolean withDt, Divergence how, NDArray probe, NDManager batch) {
        int last = weights.length - 1;
        NDArray w0 = weights[0];
        NDArray d0 = d[0];
        NDArray u;
        if (how == Divergence.EXACT) {
            // rows of W_1ᵀ are the first-layer images of the basis directions e_t, e_1..e_D
            NDArray cols = own(withDt ? w0.transpose() : own(w0.get(":, 1:"), batch).transpose(), batch);
            u = d0.mul(cols.expandDims(1)); // (K, N, H)
        } else if (how == Divergence.HUTCHINSON) {
            NDArray uh = d0.mul(own(linear(probe, own(w0.get(":, 1:"), batch), null), batch));
            u = withDt ? NDArrays.stack(new NDList(d0.mul(own(w0.get(":, 0"), batch)), uh)) : uh;
        } else {
            u = d0.mul(own(w0.get(":, 0"), batch));
        }
        for (int l = 1; l < last; l++) {
            u = linear(u, weights[l], null).mul(d[l]);
        }
        NDArray wl = weights[last];
        boolean stacked = u.getShape().dimension() == 3;
        NDArray dt = null;
        if (withDt) {
            dt = linear(stacked ? u.get(0) : u, wl, null);
        }
        NDArray div = null;
        if (how == Divergence.EXACT) {
            NDArray ux = withDt ? u.get("1:") : u;
            div = ux.mul(own(wl.expandDims(1), batch)).sum(new int[] {0, 2});
        } else if (how == Divergence.HUTCHINSON) {
            NDArray uh = withDt ? u.get(1) : u;
            div = linear(uh, wl, null).mul(probe).sum(new int[] {1});
        }
        return new NDArray[] {own(dt, batch), own(div, batch)};
    }

    static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return Linear.linear(input, weight, bias).singletonOrThrow();
    }

    /**
     * Moves a temporary into the batch manager: ops put results in their first operand's manager, and a
     * temporary derived from a parameter must not accumulate in the long-lived parameter manager when the caller
     * works without an NDScope (the batch manager is then the caller's to close).
     */
    static NDArray own(NDArray a, NDManager batch) {
        if (a != null && a.getManager() != batch) {
            a.attach(batch);
        }
        return a;
    }

    NDArray input(NDArray t, NDArray x, NDManager batch) {
        long n = x.getShape().get(0);
        NDArray tt = t.getDataType() == x.getDataType() ? t : own(t.toType(x.getDataType(), false), batch);
        NDArray tCol = tt.size() == 1 && !(tt.getShape().dimension() == 2 && n == 1)
                ? own(own(tt.reshape(1, 1), batch).broadcast(new Shape(n, 1)), batch)
                : tt;
        return own(NDArrays.concat(new NDList(tCol, x), 1), batch);
    }

    private void ensureConstants() {
        if (one == null) {
            NDManager m = store.manager();
            one = store.dtype() == DataType.FLOAT64 ? Tensors.of(m, 1.0) : Tensors.of(m, 1f);
            slope = store.dtype() == DataType.FLOAT64 ? Tensors.of(m, Activation.LEAKY_SLOPE) : Tensors.of(m, (float) Activation.LEAKY_SLOPE);
            NDScope.unregister(one, slope);
        }
    }

    void check(NDArray t, NDArray x, Want want, NDArray probe) {
        checkX(x, want, probe);
        long n = x.getShape().get(0);
        Shape ts = t.getShape();
        boolean scalar = ts.size() == 1 && ts.dimension() <= 2;
        boolean column = ts.dimension() == 2 && ts.get(0) == n && ts.get(1) == 1;
        if (!scalar && !column) {
            throw new RuotException("Mlp '" + name + "': t must be a scalar or have shape (" + n + ", 1), got " + ts);
        }
    }

    private void checkX(NDArray x, Want want, NDArray probe) {
        int dim = spec.dataDim();
        Shape xs = x.getShape();
        if (xs.dimension() != 2 || xs.get(1) != dim) {
            throw new RuotException("Mlp '" + name + "': x must have shape (N, " + dim + "), got " + xs);
        }
        if (x.getDataType() != store.dtype()) {
            throw new RuotException("Mlp '" + name + "': x is " + x.getDataType() + ", the parameters are " + store.dtype());
        }
        if (want.gradX() && spec.outputDim() != 1) {
            throw new RuotException("Mlp '" + name + "': gradX needs a scalar network (outputDim 1), this has "
                    + spec.outputDim());
        }
        if (want.div() != Divergence.NONE && spec.outputDim() != dim) {
            throw new RuotException("Mlp '" + name + "': div needs outputDim == D == " + dim + ", this has "
                    + spec.outputDim());
        }
        if (want.div() == Divergence.HUTCHINSON) {
            if (probe == null || !probe.getShape().equals(xs)) {
                throw new RuotException("Mlp '" + name + "': Hutchinson divergence needs a probe of shape " + xs
                        + ", got " + (probe == null ? "none" : probe.getShape()));
            }
        }
    }

    /**
     * A Rademacher probe (entries ±1 with probability ½, so E[εεᵀ] = I) drawn from {@code rng}, created in
     * {@code manager}.
     */
    public static NDArray rademacher(NDManager manager, int n, int dim, DataType dtype, Random rng) {
        double[] v = new double[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextBoolean() ? 1.0 : -1.0;
        }
        NDArray a = Tensors.of(manager, v, new Shape(n, dim));
        return dtype == DataType.FLOAT64 ? a : a.toType(dtype, false);
    }

    /** W_{l+1} (0-based layer l), the store's array. */
    NDArray weight(int layer) {
        return weights[layer];
    }

    /** b_{l+1} (0-based layer l), the store's array. */
    NDArray bias(int layer) {
        return biases[layer];
    }

    /** W_1, b_1, W_2, b_2, … (the store's arrays). */
    public List<NDArray> parameters() {
        List<NDArray> p = new ArrayList<>(2 * weights.length);
        for (int l = 0; l < weights.length; l++) {
            p.add(weights[l]);
            p.add(biases[l]);
        }
        return p;
    }

    /** Store keys of {@link #parameters()}, same order. */
    public List<String> parameterNames() {
        return names;
    }

    public MlpSpec spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    public ParameterStore store() {
        return store;
    }
}
