package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * Hidden-layer nonlinearity a(z) of an {@link Mlp}, with its derivative a'(z) built from ordinary tensor ops
 * (so that losses containing a'(z) stay differentiable with respect to the weights by first-order autograd).
 *
 * <ul>
 *   <li>LEAKY_RELU: a(z) = z for z &gt; 0, 0.01 z otherwise; a'(z) = 1 or 0.01 (piecewise constant).</li>
 *   <li>TANH: a(z) = tanh z; a'(z) = 1 − tanh² z.</li>
 *   <li>SOFTPLUS: a(z) = ln(1 + e^z) (PyTorch's threshold 20); a'(z) = σ(z).</li>
 *   <li>SILU: a(z) = z σ(z); a'(z) = σ(z) (1 + z (1 − σ(z))).</li>
 * </ul>
 */
public enum Activation {
    LEAKY_RELU,
    TANH,
    SOFTPLUS,
    SILU;

    /** Negative-side slope of LEAKY_RELU (PyTorch's default, and DeepRUOT's). */
    public static final double LEAKY_SLOPE = 0.01;

    /** a(z), elementwise. */
    public NDArray apply(NDArray z) {
        switch (this) {
            case LEAKY_RELU:
                return z.getNDArrayInternal().leakyRelu((float) LEAKY_SLOPE);
            case TANH:
                return z.tanh();
            case SOFTPLUS:
                return z.getNDArrayInternal().softPlus();
            case SILU:
                return z.mul(z.getNDArrayInternal().sigmoid());
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Returns {a(z), a'(z)} sharing intermediate results (tanh z, σ(z)) between the two.
     *
     * @param one 1 of z's shape, type and device (only read by LEAKY_RELU; may be an expanded view)
     * @param slope 0.01 of z's shape, type and device (only read by LEAKY_RELU; may be an expanded view)
     */
    NDArray[] applyWithDerivative(NDArray z, NDArray one, NDArray slope) {
        switch (this) {
            case LEAKY_RELU: {
                NDArray h = z.getNDArrayInternal().leakyRelu((float) LEAKY_SLOPE);
                // torch.where(z > 0, 1, 0.01): two ops instead of the four of a cast-scale-shift
                NDArray d = one.getNDArrayInternal().where(z.gt(0), slope);
                return new NDArray[] {h, d};
            }
            case TANH: {
                NDArray h = z.tanh();
                NDArray d = h.mul(h).neg().addi(1); // 1 - h^2; addi on a fresh temporary is safe for autograd
                return new NDArray[] {h, d};
            }
            case SOFTPLUS: {
                NDArray h = z.getNDArrayInternal().softPlus();
                NDArray d = z.getNDArrayInternal().sigmoid();
                return new NDArray[] {h, d};
            }
            case SILU: {
                NDArray sig = z.getNDArrayInternal().sigmoid();
                NDArray h = z.mul(sig);
                // σ (1 + z (1 − σ)) = σ (1 + z − h)
                NDArray d = z.sub(h).add(1).mul(sig);
                return new NDArray[] {h, d};
            }
            default:
                throw new AssertionError(this);
        }
    }
}
