package org.ruot4j.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ruot4j.RuotException;

/**
 * Owns every trainable tensor of a model, by name, in one long-lived {@link NDManager} on one device with one
 * data type. Arrays handed out by {@link #get} keep their identity for the store's lifetime: {@link #put} on an
 * existing name and {@link #restore} copy values in place, so networks and optimizers holding the array see the
 * new values.
 */
public final class ParameterStore implements AutoCloseable {
    private static final String FILE_KIND = "parameters";

    private final NDManager manager;
    private final Device device;
    private final DataType dtype;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /** A store on the CPU in float32. */
    public ParameterStore() {
        this(Device.cpu(), DataType.FLOAT32);
    }

    /**
     * @param device where every parameter lives
     * @param dtype FLOAT32 (training) or FLOAT64 (tests, reference checks)
     */
    public ParameterStore(Device device, DataType dtype) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new RuotException("ParameterStore: data type must be FLOAT32 or FLOAT64, got " + dtype);
        }
        this.device = device;
        this.dtype = dtype;
        this.manager = NDManager.newBaseManager(device);
        this.manager.setName("ruot4j-parameters");
    }

    /** The parameter called {@code name}. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new RuotException("parameter '" + name + "' is not in the store (has " + arrays.size()
                    + " parameters" + (arrays.isEmpty() ? "" : ", e.g. '" + arrays.keySet().iterator().next() + "'")
                    + ")");
        }
        return a;
    }

    /** True when {@code name} is stored. */
    public boolean contains(String name) {
        return arrays.containsKey(name);
    }

    /** Parameter names in insertion order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    /**
     * Stores a copy of {@code value} (converted to this store's device and type) under {@code name}. When the
     * name exists the values are copied into the existing array (same shape required), keeping its identity and
     * its trainable flag.
     */
    public void put(String name, NDArray value) {
        NDArray existing = arrays.get(name);
        if (existing != null) {
            if (!existing.getShape().equals(value.getShape())) {
                throw new RuotException("parameter '" + name + "': shape " + value.getShape()
                        + " does not match the stored " + existing.getShape());
            }
            copyInto(existing, value);
            return;
        }
        NDArray copy;
        try (NDScope scope = new NDScope()) {
            // detach first: the copy must be a fresh leaf, not a node of the caller's graph. duplicate() is a
            // real clone; toDevice/toType on the same device and type may return an alias of the caller's
            // (possibly Java-buffer-backed) memory, which would dangle once the caller's array is freed.
            NDArray onDevice = value.stopGradient().toDevice(device, false);
            NDArray typed = onDevice.getDataType() == dtype ? onDevice : onDevice.toType(dtype, false);
            copy = typed.duplicate();
            NDScope.unregister(copy);
        }
        copy.attach(manager);
        copy.setName(name);
        arrays.put(name, copy);
    }

    /** Stores values given in row-major order under {@code name} with {@code shape} (copy). */
    public void put(String name, Shape shape, double[] values) {
        if (shape.size() != values.length) {
            throw new RuotException("parameter '" + name + "': " + values.length + " values for shape " + shape);
        }
        try (NDScope scope = new NDScope()) {
            NDArray tmp = dtype == DataType.FLOAT64 ? Tensors.of(manager, values, shape) : Tensors.of(manager, toFloat(values), shape);
            put(name, tmp);
        }
    }

    /** The long-lived manager that owns the parameters (and nothing per-step). */
    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return device;
    }

    public DataType dtype() {
        return dtype;
    }

    /** Attaches (on = true) or detaches gradients of the named parameters; frozen parameters get no gradient. */
    public void setTrainable(Collection<String> names, boolean on) {
        for (String n : names) {
            get(n).setRequiresGradient(on);
        }
    }

    /** True when the named parameter collects a gradient. */
    public boolean isTrainable(String name) {
        return get(name).hasGradient();
    }

    /** Writes every parameter to {@code file} (ruot4j tensor format, atomically). */
    public void save(Path file) {
        Map<String, TensorFile.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            entries.put(e.getKey(), entryOf(e.getValue()));
        }
        TensorFile.write(file, FILE_KIND, entries);
    }

    /**
     * Reads a file written by {@link #save} into a new store (parameters trainable).
     *
     * @throws RuotException naming the file when it is truncated, not a ruot4j file, or of another version
     */
    public static ParameterStore load(Path file, Device device, DataType dtype) {
        Map<String, TensorFile.Entry> entries = TensorFile.read(file, FILE_KIND);
        ParameterStore store = new ParameterStore(device, dtype);
        try {
            for (Map.Entry<String, TensorFile.Entry> e : entries.entrySet()) {
                store.put(e.getKey(), new Shape(e.getValue().shape()), e.getValue().values());
            }
            store.setTrainable(store.names(), true);
            return store;
        } catch (RuntimeException e) {
            store.close(); // free the native arrays of a file that failed half-way
            throw e;
        }
    }

    /** A host copy of every parameter, in float32, for best-state tracking. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            s.put(e.getKey(), a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : toFloat(a.toDoubleArray()));
        }
        return s;
    }

    /**
     * Like {@link #snapshot} but into {@code into}, reusing its arrays: an entry whose array has the parameter's
     * size is overwritten in place, a missing or mis-sized one is (re)allocated. A training loop that keeps one
     * map per purpose (last good state, best state) then snapshots every epoch without allocating, where
     * {@link #snapshot} would make garbage of the size of the model each time. Returns {@code into}.
     */
    public Map<String, float[]> snapshotInto(Map<String, float[]> into) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            int n = Math.toIntExact(a.size());
            float[] dst = into.get(e.getKey());
            if (dst == null || dst.length != n) {
                dst = new float[n];
                into.put(e.getKey(), dst);
            }
            // a direct view of the tensor's memory when it is on the host (no copy), else a copy
            ByteBuffer bytes = a.toByteBuffer(true).order(ByteOrder.nativeOrder());
            if (a.getDataType() == DataType.FLOAT32) {
                bytes.asFloatBuffer().get(dst, 0, n);
            } else {
                DoubleBuffer d = bytes.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    dst[i] = (float) d.get(i);
                }
            }
        }
        return into;
    }

    /** Copies a {@link #snapshot} back in place; every stored name must be present with its size. */
    public void restore(Map<String, float[]> snapshot) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            float[] v = snapshot.get(e.getKey());
            NDArray a = e.getValue();
            if (v == null || v.length != a.size()) {
                throw new RuotException("restore: snapshot lacks parameter '" + e.getKey() + "' of shape " + a.getShape());
            }
            try (NDScope scope = new NDScope()) {
                NDArray tmp = Tensors.of(manager, v, a.getShape()).toType(dtype, false);
                copyInto(a, tmp);
            }
        }
    }

    /** Writes a {@link #snapshot} of this store (same names and sizes) to {@code file}, atomically. */
    public void saveSnapshot(Path file, Map<String, float[]> snapshot) {
        Map<String, TensorFile.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            float[] v = snapshot.get(e.getKey());
            if (v == null || v.length != e.getValue().size()) {
                throw new RuotException("snapshot lacks parameter '" + e.getKey() + "' of shape " + e.getValue().getShape());
            }
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            entries.put(e.getKey(), new TensorFile.Entry(e.getValue().getShape().getShape(), false, d));
        }
        TensorFile.write(file, FILE_KIND, entries);
    }

    /**
     * Reads a snapshot written by {@link #saveSnapshot} for this store.
     *
     * @throws RuotException naming the file when it is damaged or its parameters differ from this store's
     */
    public Map<String, float[]> loadSnapshot(Path file) {
        Map<String, TensorFile.Entry> entries = TensorFile.read(file, FILE_KIND);
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            TensorFile.Entry t = entries.get(e.getKey());
            if (t == null || !new Shape(t.shape()).equals(e.getValue().getShape())) {
                throw new RuotException(file + ": parameter '" + e.getKey() + "' is missing or not of shape "
                        + e.getValue().getShape());
            }
            s.put(e.getKey(), toFloat(t.values()));
        }
        if (entries.size() != arrays.size()) {
            throw new RuotException(file + ": holds " + entries.size() + " parameters, the model has " + arrays.size());
        }
        return s;
    }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        return arrays.values().stream().mapToLong(NDArray::size).sum();
    }

    @Override
    public void close() {
        manager.close();
    }

    /** dst ← src in place, outside autograd (through a detached alias sharing dst's storage). */
    static void copyInto(NDArray dst, NDArray src) {
        try (NDScope scope = new NDScope()) {
            NDArray alias = dst.stopGradient();
            NDArray value = src.toDevice(dst.getDevice(), false).toType(dst.getDataType(), false);
            alias.set(new NDIndex("..."), value);
        }
    }

    static TensorFile.Entry entryOf(NDArray a) {
        boolean f64 = a.getDataType() == DataType.FLOAT64;
        double[] v = f64 ? a.toDoubleArray() : toDouble(a.toFloatArray());
        return new TensorFile.Entry(a.getShape().getShape(), f64, v);
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Override
    public String toString() {
        return "ParameterStore" + Arrays.toString(arrays.keySet().toArray()) + " on " + device + " " + dtype;
    }
}
