package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * Per-parameter buffers of an optimizer (k buffers per parameter, zero-initialised), and their file form.
 *
 * <p>The buffers live in a sub-manager of each parameter's manager, owned by this state alone: {@link #close()}
 * frees them. Without that, every optimizer ever made would keep 1–2 copies of its parameters alive in the
 * long-lived parameter manager (a notebook running stage after stage grew by all of them each time). A state that
 * becomes unreachable without {@link #close()} is freed by a {@link Cleaner} after garbage collection.
 */
final class OptimizerState implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final int buffersPerParam;
    private final Map<NDArray, NDArray[]> slots = new IdentityHashMap<>();
    private final Map<NDArray, long[]> stepCounts = new IdentityHashMap<>();
    private final Managers managers = new Managers();
    private final Cleaner.Cleanable cleanable;

    /** The sub-managers holding the buffers (one per parameter manager); the cleaning action, so no reference back. */
    private static final class Managers implements Runnable {
        private final Map<NDManager, NDManager> byParent = new IdentityHashMap<>();
        private boolean closed;

        synchronized NDManager of(NDManager parent) {
            if (closed) {
                throw new IllegalStateException("optimizer is closed");
            }
            return byParent.computeIfAbsent(parent, NDManager::newSubManager);
        }

        @Override
        public synchronized void run() {
            closed = true;
            for (NDManager m : new ArrayList<>(byParent.values())) {
                m.close(); // a no-op when the parameters' manager was closed first (it closed its sub-managers)
            }
            byParent.clear();
        }
    }

    OptimizerState(int buffersPerParam) {
        this.buffersPerParam = buffersPerParam;
        this.cleanable = CLEANER.register(this, managers);
    }

    /** The buffers of {@code p}, created as zeros (outside any step scope) on first use. */
    NDArray[] buffers(NDArray p) {
        NDArray[] b = slots.get(p);
        if (b == null) {
            b = new NDArray[buffersPerParam];
            NDManager m = managers.of(p.getManager());
            for (int k = 0; k < buffersPerParam; k++) {
                b[k] = m.zeros(p.getShape(), p.getDataType());
                NDScope.unregister(b[k]);
            }
            slots.put(p, b);
            stepCounts.put(p, new long[1]);
        }
        return b;
    }

    /** Frees every buffer; the state must not be used afterwards (idempotent). */
    @Override
    public void close() {
        slots.clear();
        stepCounts.clear();
        cleanable.clean();
    }

    /** Increments and returns the step count of {@code p} (PyTorch keeps one per parameter). */
    long nextStep(NDArray p) {
        buffers(p);
        return ++stepCounts.get(p)[0];
    }

    void save(Path file, String kind, double lr, long steps, List<NDArray> params) {
        Map<String, TensorFile.Entry> e = new LinkedHashMap<>();
        e.put("lr", new TensorFile.Entry(new long[] {1}, true, new double[] {lr}));
        e.put("steps", new TensorFile.Entry(new long[] {1}, true, new double[] {steps}));
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray[] b = slots.get(p);
            if (b == null) {
                continue; // never stepped (frozen so far)
            }
            e.put("step." + i, new TensorFile.Entry(new long[] {1}, true, new double[] {stepCounts.get(p)[0]}));
            for (int k = 0; k < b.length; k++) {
                e.put("buf" + k + "." + i, ParameterStore.entryOf(b[k]));
            }
        }
        TensorFile.write(file, kind, e);
    }

    /** Loads buffers; returns {lr, steps}. */
    double[] load(Path file, String kind, List<NDArray> params) {
        Map<String, TensorFile.Entry> e = TensorFile.read(file, kind);
        if (!e.containsKey("lr") || !e.containsKey("steps")) {
            throw new RuotException(file + ": optimizer state lacks 'lr' or 'steps'");
        }
        for (int i = 0; i < params.size(); i++) {
            TensorFile.Entry st = e.get("step." + i);
            if (st == null) {
                continue;
            }
            NDArray p = params.get(i);
            NDArray[] b = buffers(p);
            for (int k = 0; k < b.length; k++) {
                TensorFile.Entry be = e.get("buf" + k + "." + i);
                if (be == null || !new Shape(be.shape()).equals(p.getShape())) {
                    throw new RuotException(file + ": optimizer buffer " + k + " of parameter " + i + " is missing or"
                            + " does not match its shape " + p.getShape());
                }
                try (NDScope scope = new NDScope()) {
                    NDArray tmp = Tensors.of(p.getManager(), be.values(), p.getShape()).toType(p.getDataType(), false);
                    ParameterStore.copyInto(b[k], tmp);
                }
            }
            stepCounts.get(p)[0] = (long) st.values()[0];
        }
        long paramEntries = e.keySet().stream().filter(k -> k.startsWith("step.")).count();
        long matched = 0;
        for (int i = 0; i < params.size(); i++) {
            if (e.containsKey("step." + i)) {
                matched++;
            }
        }
        if (matched != paramEntries) {
            throw new RuotException(file + ": optimizer state is for " + paramEntries + " parameters, given "
                    + params.size());
        }
        return new double[] {e.get("lr").values()[0], e.get("steps").values()[0]};
    }
}
