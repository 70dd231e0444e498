package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Tensors;

/**
 * The observed cells of every time as tensors of the model's type (kept for the trainer's lifetime) and on the host,
 * the per-epoch batches drawn from them, and the starting particles of a rollout.
 */
final class TrainingCells implements AutoCloseable {
    private final RuotModel model;
    private final Snapshots data;
    private final NDManager manager;
    private final NDArray[] cells;
    private final double[][] host;
    /** The cell batches of each (stage, time). */
    private final java.util.Map<Long, CellBatches> batches = new java.util.HashMap<>();
    private NDArray pinCells;

    /** Most t0 cells in the pinning set (max_batch; 0 = all) and the seed of its sample. */
    private final int maxBatch;
    private final long seed;

    TrainingCells(RuotModel model, Snapshots data, int maxBatch, long seed) {
        this.model = model;
        this.data = data;
        this.maxBatch = maxBatch;
        this.seed = seed;
        this.manager = model.store().manager().newSubManager();
        int k = data.numTimes();
        cells = new NDArray[k];
        host = new double[k][];
        for (int i = 0; i < k; i++) {
            host[i] = data.flat(i);
            cells[i] = tensor(host[i], new Shape(data.count(i), data.dim()));
        }
    }

    /** All cells of time k, N_k×D. */
    NDArray cells(int k) {
        return cells[k];
    }

    /** All cells of time k on the host, row-major N_k×D. */
    double[] host(int k) {
        return host[k];
    }

    /** A host array as a tensor of the model's type in the trainer's manager (close it, or open it in a scope). */
    NDArray tensor(double[] values, Shape shape) {
        return Tensors.of(manager, values, shape).toType(model.store().dtype(), false);
    }

    /**
     * Indices of the cells used at time k in epoch {@code epoch} of {@code stage}: all (in order) when {@code batch}
     * is 0 or at least N_k, else that epoch's batch of {@code batch} cells from seeded passes that use every cell
     * of the time at least once per pass ({@link CellBatches}; the batch depends on (seed, stage, time, epoch) only).
     */
    int[] batchIndices(Stage stage, int epoch, int k, int batch, long seed) {
        long key = (long) stage.ordinal() * 4096 + k;
        CellBatches b = batches.computeIfAbsent(key, q -> new CellBatches(seed, q, data.count(k), batch));
        return b.batch(epoch);
    }

    /**
     * The t0 cells over which the offset of s is pinned (max s = 0): all of them when there are at most max_batch
     * (or max_batch = 0), else a fixed seeded sample of max_batch, so that pinning before every interval costs one
     * forward pass of bounded size.
     */
    NDArray pinCells() {
        if (pinCells == null) {
            int[] idx = CellBatches.sample(data.count(0), maxBatch, seed, STREAM_PIN);
            if (idx.length == data.count(0)) {
                pinCells = cells[0];
            } else {
                try (NDScope scope = new NDScope()) { // closes the double copy tensor() converts from
                    pinCells = rows(0, idx);
                    NDScope.unregister(pinCells);
                }
            }
        }
        return pinCells;
    }

    /** max_batch: the most cells of one time in one problem (0 = no limit). */
    int maxBatch() {
        return maxBatch;
    }

    /** Streams of the fixed samples (the batches' streams are stage·4096 + time). */
    static final long STREAM_PIN = 102_000;
    static final long STREAM_CENTRES = 101_000;
    static final long STREAM_SCORE = 103_000;

    /** The cells of time k at the given row indices (a new array unless all rows are used, in order). */
    NDArray rows(int k, int[] idx) {
        if (idx.length == data.count(k)) {
            return cells[k];
        }
        // gathered on the host: the subsets are small and this avoids an advanced-indexing kernel per epoch
        return tensor(hostRows(k, idx), new Shape(idx.length, data.dim()));
    }

    /** {@link #rows} on the host. */
    double[] hostRows(int k, int[] idx) {
        int d = data.dim();
        if (idx.length == data.count(k)) {
            return host[k];
        }
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(host[k], idx[i] * d, out, i * d, d);
        }
        return out;
    }

    /** The t0 particles at the given rows with w = 1/N0 (ln w = −ln N0) and, with energy, m = 0. */
    ParticleState startState(int[] idx0, boolean withEnergy) {
        // called outside the step scopes: every temporary is closed here, or it would stay in the manager for the
        // trainer's lifetime (one N0×1 array per epoch, two N0×D ones more with a batch)
        NDArray rows = rows(0, idx0);
        NDArray x0 = rows.duplicate();
        if (rows != cells[0]) {
            rows.close();
        }
        int n = idx0.length;
        NDArray lnw;
        try (NDArray zeros = x0.getManager().zeros(new Shape(n, 1), x0.getDataType())) {
            lnw = zeros.sub(Math.log(n));
        }
        NDArray m = withEnergy ? x0.getManager().zeros(new Shape(n, 1), x0.getDataType()) : null;
        return new ParticleState(x0, lnw, m);
    }

    @Override
    public void close() {
        manager.close();
    }
}
