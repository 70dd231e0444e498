package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import org.ruot4j.RuotException;

/**
 * SGD with momentum, PyTorch's semantics (torch.optim.SGD, dampening 0, not Nesterov): g ← ∇ + λ p,
 * b ← μ b + g (b starts at 0, so b = g on the first step), p ← p − lr b. With μ = 0 plain gradient descent.
 */
public final class Sgd extends BufferedOptimizer {
    private final double momentum;
    private final double weightDecay;

    public Sgd(double lr, double momentum) {
        this(lr, momentum, 0.0);
    }

    public Sgd(double lr, double momentum, double weightDecay) {
        super(1, lr);
        if (!(lr >= 0) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new RuotException("Sgd: need lr >= 0, 0 <= momentum < 1, weight decay >= 0; got lr=" + lr
                    + " momentum=" + momentum + " weightDecay=" + weightDecay);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    void update(NDArray p, NDArray[] buffers, long k) {
        NDArray buf = buffers[0];
        try (NDScope scope = new NDScope()) {
            NDArray grad = p.getGradient();
            NDArray alias = p.stopGradient(); // shares p's storage; updates bypass autograd
            NDArray g = weightDecay == 0 ? grad : grad.add(alias.mul(weightDecay));
            buf.muli(momentum).addi(g);
            alias.subi(buf.mul(lr));
            grad.subi(grad);
        }
    }

    @Override
    String kind() {
        return "optimizer:sgd";
    }
}
