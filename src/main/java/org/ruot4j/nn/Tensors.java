package org.ruot4j.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host data to tensors that own their memory. Use these instead of {@code NDManager.create(javaArray)}.
 *
 * <p>Why: DJL's PyTorch engine wraps a direct ByteBuffer with {@code from_blob}, so such a tensor's memory is
 * kept alive only by its Java wrapper. Anything that shares that memory without copying — a view
 * ({@code get}, {@code reshape}, {@code broadcast}), {@code toType} to the same type, or a tensor that autograd
 * saves for the backward pass (gather indices, for example) — reads freed memory once the wrapper has been
 * closed or garbage-collected. The symptom is NaN or garbage that appears after a few epochs and vanishes when
 * the GC is switched off. Each method here copies into memory owned by libtorch and closes the wrapper at once.
 *
 * <p>The same trap hides in DJL's arithmetic with a Java number ({@code mul(Number)}, {@code div(Number)},
 * {@code maximum(Number)}): it builds the number as such a tensor, uses it and closes it, but autograd saves it
 * for the backward pass (d(a·c)/da = c), which then reads freed memory. In anything that is differentiated use
 * {@link #scale}, {@link #divide} and {@link #relu} instead.
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

    private record ScalarKey(double value, DataType type, Device device) {
    }

    private static final ConcurrentHashMap<ScalarKey, NDArray> SCALARS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_SCALARS = 4096;
    private static volatile NDManager scalarManager;

    /**
     * The number c as a 0-d tensor of a's type on a's device, owned by libtorch. Frequent constants (step sizes,
     * loss weights) are cached in a manager that lives as long as the JVM, so the hot loops do not pay a copy per
     * operation; a tensor from the cache must never be closed by the caller (it is not registered in any
     * {@link NDScope}).
     */
    public static NDArray scalarLike(NDArray a, double c) {
        DataType type = a.getDataType();
        ScalarKey key = new ScalarKey(c, type, a.getDevice());
        NDArray cached = SCALARS.get(key);
        if (cached != null) {
            return cached;
        }
        if (SCALARS.size() >= MAX_CACHED_SCALARS) { // e.g. adaptive step sizes: do not grow without bound
            return ownedScalar(a.getManager(), c, type);
        }
        synchronized (SCALARS) {
            cached = SCALARS.get(key);
            if (cached == null) {
                if (scalarManager == null) {
                    scalarManager = NDManager.newBaseManager(a.getDevice());
                }
                NDManager m = scalarManager.getDevice().equals(a.getDevice()) ? scalarManager
                        : NDManager.newBaseManager(a.getDevice());
                cached = ownedScalar(m, c, type);
                NDScope.unregister(cached);
                SCALARS.put(key, cached);
            }
            return cached;
        }
    }

    private static NDArray ownedScalar(NDManager m, double c, DataType type) {
        if (type == DataType.FLOAT32) {
            return of(m, (float) c);
        }
        NDArray d = of(m, c);
        if (type == DataType.FLOAT64) {
            return d;
        }
        NDArray t = d.toType(type, true);
        d.close();
        return t;
    }

    /** a · c, safe to differentiate (see the class comment). */
    public static NDArray scale(NDArray a, double c) {
        return a.mul(scalarLike(a, c));
    }

    /** a / c, safe to differentiate (see the class comment). */
    public static NDArray divide(NDArray a, double c) {
        return a.div(scalarLike(a, c));
    }

    /** max(a, 0), safe to differentiate: libtorch's relu needs no scalar operand. */
    public static NDArray relu(NDArray a) {
        return ai.djl.nn.Activation.relu(a);
    }

    /** A tensor's values on the host in double precision, detached from the graph (for OT plans, metrics, checks). */
    public static double[] toHost(NDArray a) {
        // scoped: callers outside a step scope (e.g. the score stage's cloud push) would otherwise leave the
        // detached copy and its float64 conversion in a long-lived manager
        try (NDScope scope = new NDScope()) {
            return a.stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }
}
