package org.ruot4j.dynamics;

import org.ruot4j.nn.Tensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * The state of a weighted particle set: positions x (N×D), log-weights ln w (N×1) and accumulated energy m
 * (N×1). ln w and m may be null when the dynamics carries no growth or no energy; they are then treated as
 * constant (their rate is zero).
 *
 * <p>The arrays are owned by whoever holds the state; {@link #close()} frees them. {@link #detach()} returns
 * copies cut from the autograd graph, which is how training separates one interval from the next.
 */
public record ParticleState(NDArray x, NDArray lnw, NDArray m) implements AutoCloseable {

    /** Number of particles N. */
    public int size() {
        return (int) x.getShape().get(0);
    }

    /** Dimension D. */
    public int dim() {
        return (int) x.getShape().get(1);
    }

    /** state + h · rates (components whose rate is null are copied unchanged). */
    public ParticleState plus(double h, Rates k) {
        NDArray nx = x.add(Tensors.scale(k.dx(), h));
        NDArray nl = lnw == null ? null : k.dlnw() == null ? lnw.duplicate() : lnw.add(Tensors.scale(k.dlnw(), h));
        NDArray nm = m == null ? null : k.dm() == null ? m.duplicate() : m.add(Tensors.scale(k.dm(), h));
        return new ParticleState(nx, nl, nm);
    }

    /** state + Σ_i h_i · k_i (the stage combinations of Runge–Kutta methods; zero coefficients are skipped). */
    public ParticleState plusCombination(double[] h, Rates[] k) {
        NDArray nx = x;
        NDArray nl = lnw;
        NDArray nm = m;
        for (int i = 0; i < h.length; i++) {
            if (h[i] == 0) {
                continue;
            }
            nx = nx.add(Tensors.scale(k[i].dx(), h[i]));
            if (nl != null && k[i].dlnw() != null) {
                nl = nl.add(Tensors.scale(k[i].dlnw(), h[i]));
            }
            if (nm != null && k[i].dm() != null) {
                nm = nm.add(Tensors.scale(k[i].dm(), h[i]));
            }
        }
        return new ParticleState(nx == x ? x.duplicate() : nx, nl == lnw && nl != null ? lnw.duplicate() : nl,
                nm == m && nm != null ? m.duplicate() : nm);
    }

    /** Copies cut from the autograd graph (the next training interval starts from constants). */
    public ParticleState detach() {
        return new ParticleState(x.stopGradient(), lnw == null ? null : lnw.stopGradient(),
                m == null ? null : m.stopGradient());
    }

    /** Removes the arrays from the enclosing {@link NDScope} so that they survive it. */
    public ParticleState keep() {
        NDScope.unregister(x);
        if (lnw != null) {
            NDScope.unregister(lnw);
        }
        if (m != null) {
            NDScope.unregister(m);
        }
        return this;
    }

    /** Weights w = exp(ln w) as a new (N×1) array, or null without log-weights. */
    public NDArray weights() {
        return lnw == null ? null : lnw.exp();
    }

    @Override
    public void close() {
        x.close();
        if (lnw != null) {
            lnw.close();
        }
        if (m != null) {
            m.close();
        }
    }
}
