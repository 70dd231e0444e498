package org.ruot4j.nn;

/**
 * AdamW with PyTorch's semantics (torch.optim.AdamW): p ← p (1 − lr λ), then the Adam update of {@link Adam}
 * without the L2 term. Defaults β = (0.9, 0.999), ε = 1e-8, λ = 0.01 as in PyTorch.
 */
public final class AdamW extends Adam {
    public AdamW(double lr) {
        this(lr, 0.9, 0.999, 1e-8, 0.01);
    }

    public AdamW(double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(lr, beta1, beta2, eps, weightDecay, true);
    }
}
