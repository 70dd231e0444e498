package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import org.ruot4j.RuotException;

/**
 * What {@link Sgd} and {@link Adam} share: the learning rate, the step count and the per-parameter buffers in an
 * {@link OptimizerState}, saved and loaded under a kind tag that names the optimizer.
 */
abstract class BufferedOptimizer implements Optimizer {
    /** Per-parameter buffers (momentum, or Adam's m and v) and per-parameter step counts. */
    final OptimizerState state;
    double lr;
    long steps;

    BufferedOptimizer(int buffersPerParameter, double lr) {
        this.state = new OptimizerState(buffersPerParameter);
        this.lr = lr;
    }

    /** The tag written into, and required of, a state file, e.g. {@code optimizer:sgd}. */
    abstract String kind();

    /**
     * Updates one parameter that has a gradient, outside autograd, and zeroes its gradient; {@code buffers} are
     * its own, {@code k} its step count (1 on its first step).
     */
    abstract void update(NDArray p, NDArray[] buffers, long k);

    /** One step for every parameter that has a gradient; the others (frozen, or unused this step) keep theirs. */
    @Override
    public void step(List<NDArray> params) {
        steps++;
        for (NDArray p : params) {
            if (!p.hasGradient()) {
                continue;
            }
            NDArray[] buffers = state.buffers(p);
            update(p, buffers, state.nextStep(p));
        }
    }

    @Override
    public void setLearningRate(double lr) {
        if (!(lr >= 0)) {
            throw new RuotException("learning rate must be >= 0, got " + lr);
        }
        this.lr = lr;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public long steps() {
        return steps;
    }

    /** Frees the per-parameter buffers (native memory); the optimizer must not step afterwards. */
    @Override
    public void close() {
        state.close();
    }

    @Override
    public void saveState(Path file, List<NDArray> params) {
        state.save(file, kind(), lr, steps, params);
    }

    @Override
    public void loadState(Path file, List<NDArray> params) {
        double[] ls = state.load(file, kind(), params);
        lr = ls[0];
        steps = (long) ls[1];
    }
}
