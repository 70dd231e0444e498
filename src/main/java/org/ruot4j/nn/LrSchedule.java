package org.ruot4j.nn;

import org.ruot4j.RuotException;

/** Learning rate as a function of the epoch (or step) index k = 0, 1, 2, … */
@FunctionalInterface
public interface LrSchedule {
    double learningRate(int k);

    /** lr(k) = lr0. */
    static LrSchedule constant(double lr0) {
        return k -> lr0;
    }

    /** PyTorch StepLR: lr(k) = lr0 · γ^⌊k / stepSize⌋. */
    static LrSchedule step(double lr0, int stepSize, double gamma) {
        if (stepSize < 1 || !(gamma > 0)) {
            throw new RuotException("step schedule: need stepSize >= 1 and gamma > 0, got " + stepSize + ", " + gamma);
        }
        return k -> lr0 * Math.pow(gamma, Math.floorDiv(k, stepSize));
    }

    /**
     * Cosine annealing (PyTorch CosineAnnealingLR, closed form): lr(k) = lrMin + (lr0 − lrMin)(1 + cos(π k / T)) / 2
     * for k ≤ T, and lrMin after T.
     */
    static LrSchedule cosine(double lr0, int periodT, double lrMin) {
        if (periodT < 1) {
            throw new RuotException("cosine schedule: period must be >= 1, got " + periodT);
        }
        return k -> k >= periodT ? lrMin : lrMin + (lr0 - lrMin) * (1 + Math.cos(Math.PI * k / periodT)) / 2;
    }

    /** Sets {@code optimizer}'s learning rate to lr(k). */
    default void apply(Optimizer optimizer, int k) {
        optimizer.setLearningRate(learningRate(k));
    }
}
