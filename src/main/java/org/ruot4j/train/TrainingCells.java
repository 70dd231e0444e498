package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
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

    TrainingCells(RuotModel model, Snapshots data) {
        this.model = model;
        this.data = data;
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
     * Indices of the cells used at time k this epoch: all (in order) when {@code batch} is 0 or at least N_k, else a
     * random subset of {@code batch} (a partial Fisher–Yates shuffle drawing batch numbers from {@code rng}).
     */
    int[] batchIndices(int k, int batch, SplittableRandom rng) {
        int n = data.count(k);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (batch == 0 || batch >= n) {
            return idx;
        }
        for (int i = 0; i < batch; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, batch);
    }

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
