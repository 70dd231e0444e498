package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Host data to tensors that own their memory. Use these instead of {@code NDManager.create(javaArray)}.
 *
 * <p>Why: DJL's PyTorch engine wraps a direct ByteBuffer with {@code from_blob}, so such a tensor's memory is
 * kept alive only by its Java wrapper. Anything that shares that memory without copying — a view
 * ({@code get}, {@code reshape}, {@code broadcast}), {@code toType} to the same type, or a tensor that autograd
 * saves for the backward pass (gather indices, for example) — reads freed memory once the wrapper has been
 * closed or garbage-collected. The symptom is NaN or garbage that appears after a few epochs and vanishes when
 * the GC is switched off. Each method here copies into memory owned by libtorch and closes the wrapper at once.
 */
public final class Tensors {
    private Tensors() {
    }

    private static NDArray owned(NDArray blob) {
        NDArray copy = blob.duplicate();
        blob.close();
        return copy;
    }

    public static NDArray of(NDManager m, double[] data, Shape shape) {
        return owned(m.create(data, shape));
    }

    public static NDArray of(NDManager m, float[] data, Shape shape) {
        return owned(m.create(data, shape));
    }

    public static NDArray of(NDManager m, long[] data, Shape shape) {
        return owned(m.create(data, shape));
    }

    public static NDArray of(NDManager m, int[] data, Shape shape) {
        return owned(m.create(data, shape));
    }

    public static NDArray of(NDManager m, double[] data) {
        return owned(m.create(data));
    }

    public static NDArray of(NDManager m, float[] data) {
        return owned(m.create(data));
    }

    public static NDArray of(NDManager m, long[] data) {
        return owned(m.create(data));
    }

    public static NDArray of(NDManager m, int[] data) {
        return owned(m.create(data));
    }

    public static NDArray of(NDManager m, double scalar) {
        return owned(m.create(scalar));
    }

    public static NDArray of(NDManager m, float scalar) {
        return owned(m.create(scalar));
    }
}
