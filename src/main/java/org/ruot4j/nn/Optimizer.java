package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;

/**
 * A first-order optimizer over the parameters of a {@link ParameterStore}. {@link #step} must be given the same
 * list (same arrays, same order) every time; per-parameter state (moments, momentum) is kept per array, in native
 * memory that {@link #close()} frees (use try-with-resources: one optimizer per stage).
 */
public interface Optimizer extends AutoCloseable {
    /**
     * Reads each parameter's gradient, updates the parameter in place, then zeros the gradient. Parameters that
     * collect no gradient (frozen) are skipped.
     */
    void step(List<NDArray> params);

    void setLearningRate(double lr);

    double learningRate();

    /** Number of {@link #step} calls so far. */
    long steps();

    /** Writes the optimizer state (step count, learning rate, per-parameter buffers in list order) atomically. */
    void saveState(Path file, List<NDArray> params);

    /**
     * Reads a state written by {@link #saveState} for the same parameter list.
     *
     * @throws org.ruot4j.RuotException naming the file when it is truncated, of another optimizer or version, or
     *     its buffers do not match the parameters' shapes
     */
    void loadState(Path file, List<NDArray> params);

    /**
     * Frees the per-parameter buffers. An optimizer that is dropped without closing frees them only after it has
     * been garbage collected. Stepping a closed optimizer throws {@link IllegalStateException}.
     */
    @Override
    void close();
}
