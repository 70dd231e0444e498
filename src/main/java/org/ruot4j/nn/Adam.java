package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.ruot4j.RuotException;

/**
 * Adam with PyTorch's semantics (torch.optim.Adam, amsgrad off): g ← ∇ + λ p (L2 weight decay, coupled),
 * m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², p ← p − lr · (m / (1 − β1^k)) / (√(v / (1 − β2^k)) + ε), with k
 * the parameter's step count. {@link AdamW} decouples the decay instead: p ← p (1 − lr λ) before the same update.
 *
 * <p>Runs as one fused native update per parameter (libtorch via DJL), outside autograd. That update takes its
 * scalars in float32, so β1, β2 act as their float32 roundings (e.g. 1 − β2 for β2 = 0.999 differs by 1.3e-5
 * relative), which is immaterial for float32 training and exact to that rounding in float64.
 */
public class Adam extends BufferedOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    /** β = (0.9, 0.999), ε = 1e-8, no weight decay. */
    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8, 0.0);
    }

    public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(2, lr);
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new RuotException("Adam: need lr >= 0, 0 <= beta < 1, eps > 0, weight decay >= 0; got lr=" + lr
                    + " betas=(" + beta1 + ", " + beta2 + ") eps=" + eps + " weightDecay=" + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    void update(NDArray p, NDArray[] mv, long k) {
        // the fused update applies β1, β2 as float32; the bias corrections use the same rounded values so
        // that the step is exactly PyTorch's for betas (float) β1, (float) β2
        double bc1 = 1 - Math.pow((float) beta1, k);
        double sqrtBc2 = Math.sqrt(1 - Math.pow((float) beta2, k));
        // libtorch's fused update computes p -= lrc * m / (sqrt(v) + e); lrc = lr sqrt(bc2)/bc1 and
        // e = eps sqrt(bc2) make that exactly PyTorch's p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
        float lrc = (float) (lr * sqrtBc2 / bc1);
        float epsC = (float) (eps * sqrtBc2);
        try (NDScope scope = new NDScope()) {
            PtNDArray grad = (PtNDArray) p.getGradient();
            JniUtils.adamUpdate((PtNDArray) p, grad, (PtNDArray) mv[0], (PtNDArray) mv[1], (float) lr, lrc,
                    (float) weightDecay, 1f, -1f, (float) beta1, (float) beta2, epsC, decoupled);
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    @Override
    String kind() {
        return decoupled ? "optimizer:adamw" : "optimizer:adam";
    }
}
