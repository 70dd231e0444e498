package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.ruot4j.RuotException;

/**
 * K networks of the same shape on the same input [t, x] (the v, g and s of one Euler step), evaluated as one
 * stacked network: the hidden layers run as batched multiplies over a (K, N, H) tensor instead of K separate
 * chains of (N, H) ops, and each network keeps its own output layer and input derivatives.
 *
 * <p>With W_l^k the weight of layer l of network k (shape (H, in_l), PyTorch layout):
 * Z_1 = h_0 · [W_1^1ᵀ | … | W_1^Kᵀ] + [b_1^1 | … | b_1^K] is one (N, 1+D) x (1+D, K·H) multiply, viewed as
 * (K, N, H); Z_l = H_{l−1} ⊗ W_lᵀ + b_l is one batched multiply of (K, N, H) by the stacked (K, H, H) weights;
 * H_l = a(Z_l), D_l = a'(Z_l) elementwise. Network k's output and derivatives are then exactly those of
 * {@link Mlp#forward} computed from H_{L−1}[k] and D_1[k] … D_{L−1}[k] (its {@code output} step), so the
 * formulas stay in one place. The parameters are the networks' own store arrays (concatenated and stacked per
 * call, which autograd splits back), so training, checkpoints and the separate {@link Mlp} calls see the same
 * weights.
 *
 * <p>Agreement with the separate networks: identical formulas, but a batched multiply may round differently from
 * K single ones (different kernel blocking), so outputs agree to float tolerance, not bit for bit
 * (FusedMlpTest).
 */
public final class FusedMlp {
    private final Mlp[] nets;
    private final int width;
    private final int hidden;
    private final Activation activation;
    private final ParameterStore store;
    private NDArray one;
    private NDArray slope;

    /** The networks must share input dimension, width, depth, activation and parameter store. */
    public FusedMlp(List<Mlp> networks) {
        if (networks == null || networks.size() < 1) {
            throw new RuotException("FusedMlp: needs at least one network");
        }
        nets = networks.toArray(new Mlp[0]);
        MlpSpec first = nets[0].spec();
        width = first.width();
        hidden = first.hiddenLayers();
        activation = first.activation();
        store = nets[0].store();
        for (Mlp m : nets) {
            MlpSpec s = m.spec();
            if (s.inputDim() != first.inputDim() || s.width() != width || s.hiddenLayers() != hidden
                    || s.activation() != activation || m.store() != store) {
                throw new RuotException("FusedMlp: network '" + m.name() + "' (" + s + ") does not match '"
                        + nets[0].name() + "' (" + first + "); fusing needs the same input, width, depth, activation"
                        + " and store");
            }
        }
    }

    /** True when the networks can be fused (same input dimension, width, depth, activation and store). */
    public static boolean compatible(List<Mlp> networks) {
        MlpSpec f = networks.get(0).spec();
        for (Mlp m : networks) {
            MlpSpec s = m.spec();
            if (s.inputDim() != f.inputDim() || s.width() != f.width() || s.hiddenLayers() != f.hiddenLayers()
                    || s.activation() != f.activation() || m.store() != networks.get(0).store()) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return nets.length;
    }

    /** At one time t for every row; see {@link #forward(NDArray, NDArray, Want[], NDArray[])}. */
    public MlpOutput[] forward(double t, NDArray x, Want[] wants, NDArray[] probes) {
        NDArray tt = store.dtype() == DataType.FLOAT64 ? Tensors.of(x.getManager(), t)
                : Tensors.of(x.getManager(), (float) t);
        return forward(tt, x, wants, probes);
    }

    /**
     * Value and requested input derivatives of every network at (t, x); {@code wants[k]} and {@code probes[k]}
     * (null unless Hutchinson) as in {@link Mlp#forward(NDArray, NDArray, Want, NDArray)} for network k.
     */
    public MlpOutput[] forward(NDArray t, NDArray x, Want[] wants, NDArray[] probes) {
        int k = nets.length;
        if (wants.length != k) {
            throw new RuotException("FusedMlp: " + wants.length + " wants for " + k + " networks");
        }
        boolean derivatives = false;
        for (int i = 0; i < k; i++) {
            nets[i].check(t, x, wants[i], probes == null ? null : probes[i]);
            derivatives |= wants[i].anyDerivative();
        }
        NDManager batch = x.getManager();
        long n = x.getShape().get(0);
        NDArray h0 = nets[0].input(t, x, batch);
        NDArray oneB = null;
        NDArray slopeB = null;
        if (derivatives && activation == Activation.LEAKY_RELU) {
            ensureConstants();
            Shape hs = new Shape(k, n, width);
            oneB = Mlp.own(one.broadcast(hs), batch);
            slopeB = Mlp.own(slope.broadcast(hs), batch);
        }
        NDArray[] d = derivatives ? new NDArray[hidden] : null;
        NDArray h = null;
        for (int l = 0; l < hidden; l++) {
            NDArray z;
            if (l == 0) {
                // one (N, 1+D) x (1+D, K·H) multiply, then (N, K, H) → (K, N, H)
                NDArray w = Mlp.own(concat(0, 0), batch);
                NDArray b = Mlp.own(concat(0, 1), batch);
                z = Mlp.linear(h0, w, b).reshape(n, k, width).transpose(1, 0, 2);
            } else {
                NDArray w = Mlp.own(stack(l, 0), batch).transpose(0, 2, 1); // (K, H, H) = W_lᵀ per network
                NDArray b = Mlp.own(stack(l, 1), batch).expandDims(1); // (K, 1, H)
                z = h.matMul(w).add(b);
            }
            if (derivatives) {
                NDArray[] hd = activation.applyWithDerivative(z, oneB, slopeB);
                h = hd[0];
                d[l] = Mlp.own(hd[1], batch);
            } else {
                h = activation.apply(z);
            }
        }
        MlpOutput[] out = new MlpOutput[k];
        for (int i = 0; i < k; i++) {
            NDArray[] di = null;
            if (wants[i].anyDerivative()) {
                di = new NDArray[hidden];
                for (int l = 0; l < hidden; l++) {
                    di[l] = d[l].get(i);
                }
            }
            out[i] = nets[i].output(h.get(i), di, wants[i], probes == null ? null : probes[i], batch);
        }
        return out;
    }

    /** [W_l^1; …; W_l^K] (part 0) or [b_l^1, …, b_l^K] (part 1) along the output units. */
    private NDArray concat(int layer, int part) {
        NDList list = new NDList(nets.length);
        for (Mlp m : nets) {
            list.add(part == 0 ? m.weight(layer) : m.bias(layer));
        }
        return NDArrays.concat(list, 0);
    }

    /** The stack (K, …) of W_l^k (part 0) or b_l^k (part 1). */
    private NDArray stack(int layer, int part) {
        NDList list = new NDList(nets.length);
        for (Mlp m : nets) {
            list.add(part == 0 ? m.weight(layer) : m.bias(layer));
        }
        return NDArrays.stack(list, 0);
    }

    private void ensureConstants() {
        if (one == null) {
            NDManager m = store.manager();
            one = store.dtype() == DataType.FLOAT64 ? Tensors.of(m, 1.0) : Tensors.of(m, 1f);
            slope = store.dtype() == DataType.FLOAT64 ? Tensors.of(m, Activation.LEAKY_SLOPE)
                    : Tensors.of(m, (float) Activation.LEAKY_SLOPE);
            NDScope.unregister(one, slope);
        }
    }
}
