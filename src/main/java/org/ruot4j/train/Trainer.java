package org.ruot4j.train;

import org.ruot4j.nn.Tensors;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.OdeMethod;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleDynamics;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.dynamics.SdeSolver;
import org.ruot4j.nn.Adam;
import org.ruot4j.nn.AdamW;
import org.ruot4j.nn.LrSchedule;
import org.ruot4j.nn.MlpOutput;
import org.ruot4j.nn.Optimizer;
import org.ruot4j.nn.Sgd;
import org.ruot4j.nn.Want;
import org.ruot4j.ot.Emd;
import org.ruot4j.ot.SinkhornDivergence;
import org.ruot4j.ot.Metric;
import org.ruot4j.ot.Metrics;
import org.ruot4j.ot.MinibatchOt;
import org.ruot4j.ot.OtPlan;

/**
 * The three training stages of DESIGN.md §3.5 on one {@link RuotModel} and one {@link Snapshots}.
 *
 * <p>Every stage rolls out interval by interval: particles start from the t0 cells with w = 1/N0, are integrated
 * to t_{k+1} inside a gradient collector, the interval's loss is back-propagated, the optimizer steps, and the
 * state is detached before the next interval. Each interval runs in an {@link NDScope}, so native memory does
 * not grow with the number of epochs.
 *
 * <p>Cancellation: {@link #cancel()} (or interrupting the thread) stops a stage at the next step boundary; the
 * parameters of the last completed step and the history so far are kept. Divergence: a NaN or infinite loss term
 * restores the parameters of the start of the epoch and throws {@link TrainingDivergedException}.
 */
public final class Trainer {
    private final RuotModel model;
    private final Snapshots data;
    private final TrainingConfig config;
    private final TrainingHistory history = new TrainingHistory();
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final NDManager dataManager;
    private final NDArray[] cells;
    private final double[][] cellsHost;
    /** The random stream of the current epoch (or score iteration): see {@link #reseed}. */
    private SplittableRandom rng;
    private boolean cancelled;
    private EpochState.Sink checkpointSink;
    private int checkpointEvery;
    /** A state to continue from, taken by the first phase of that name that runs. */
    private EpochState pendingResume;
    /** Reused host copies of the parameters (the per-epoch divergence guard makes no garbage). */
    private final Map<String, float[]> goodState = new LinkedHashMap<>();
    /** The cell batches of each (phase, time): seeded passes that cover every cell ({@link CellBatches}). */
    private final Map<Long, CellBatches> batches = new java.util.HashMap<>();
    /** The t0 cells over which the offset of s is pinned (all, or a fixed seeded sample of max_batch), lazily. */
    private NDArray pinCells;
    /** The cells of the exact selection score (all, or a seeded sample of eval.max_cells per time), lazily. */
    private Evaluator.Sample selectionSample;

    public Trainer(RuotModel model, Snapshots data, TrainingConfig config) {
        if (model.dim() != data.dim()) {
            throw new RuotException(data.source() + ": data have " + data.dim() + " dimensions but the model has "
                    + model.dim());
        }
        this.model = model;
        this.data = data;
        this.config = config;
        this.rng = stream(config.seed(), 0, 0);
        this.dataManager = model.store().manager().newSubManager();
        int k = data.numTimes();
        cells = new NDArray[k];
        cellsHost = new double[k][];
        for (int i = 0; i < k; i++) {
            cellsHost[i] = data.flat(i);
            cells[i] = Tensors.of(dataManager, cellsHost[i], new Shape(data.count(i), data.dim()))
                    .toType(model.store().dtype(), false);
        }
    }

    public TrainingHistory history() {
        return history;
    }

    public void addListener(ProgressListener l) {
        listeners.add(l);
    }

    public void removeListener(ProgressListener l) {
        listeners.remove(l);
    }

    /**
     * Hands the state of every {@code every}-th epoch (score stage: every {@code every}-th logged block of
     * iterations) to {@code sink}, which writes a checkpoint a fit can resume from; null or every ≤ 0 turns it off.
     */
    public void checkpointTo(EpochState.Sink sink, int every) {
        this.checkpointSink = sink;
        this.checkpointEvery = every;
    }

    /**
     * Continues the phase {@code state.phase()} after epoch {@code state.epoch()} the next time that phase runs
     * (the model must already hold the parameters of that epoch). A resumed {@code refine} phase skips phase A of
     * the pretraining.
     */
    public void resumeFrom(EpochState state) {
        this.pendingResume = state;
    }

    /**
     * The pending state to continue {@code phase} from, with its optimizer state loaded into {@code opt}; null when
     * the phase starts afresh.
     */
    private EpochState takeResume(String phase, Optimizer opt, List<NDArray> params) {
        EpochState r = pendingResume;
        if (r != null && r.phase().equals(phase)) {
            pendingResume = null;
            opt.loadState(r.optimizerFile(), params);
            return r;
        }
        return null;
    }

    private void checkpoint(String phase, int epoch, long start, double bestValue, double bestOffset,
            Map<String, float[]> bestState, Optimizer opt, List<NDArray> params, TrainingHistory stageRows) {
        if (checkpointSink != null && checkpointEvery > 0 && epoch % checkpointEvery == 0) {
            checkpointSink.save(new EpochState(phase, epoch, (System.nanoTime() - start) / 1e9, bestValue, bestOffset,
                    bestState, opt, params, null, stageRows));
        }
    }

    /** Asks the running stage to stop at the next step boundary. */
    public void cancel() {
        cancel.set(true);
    }

    /** True when the last stage stopped early because of {@link #cancel()} or an interrupt. */
    public boolean wasCancelled() {
        return cancelled;
    }

    private boolean shouldStop() {
        if (cancel.get() || Thread.currentThread().isInterrupted()) {
            cancelled = true;
            return true;
        }
        return false;
    }

    private void beginStage() {
        cancel.set(false);
        cancelled = false;
    }

    /**
     * Starts the random stream of one epoch of one phase (or one iteration of the score stage). Every epoch draws
     * from a stream fixed by (seed, phase, epoch) alone, so the whole RNG state of a fit at an epoch boundary is
     * those three numbers: a fit resumed from a checkpoint draws exactly what the uninterrupted fit would have.
     */
    private void reseed(int phase, int epoch) {
        rng = stream(config.seed(), phase, epoch);
    }

    static SplittableRandom stream(long seed, int phase, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + phase * 0xC2B2AE3D27D4EB4FL + epoch * 0x165667B19E3779F9L;
        // SplitMix64 finaliser: neighbouring (phase, epoch) pairs get unrelated streams
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /** Phase numbers of the random streams (part of the checkpoint format: do not renumber). */
    static final int PHASE_PRETRAIN = 1;
    static final int PHASE_REFINE = 2;
    static final int PHASE_SCORE = 3;
    static final int PHASE_TRAIN = 4;

    // ---------------------------------------------------------------- sampling

    /**
     * The most cells of one time in one epoch's OT problem: {@code batch}, or when that is 0 (all cells)
     * {@code max_batch} (0 = no limit), so that memory and time per epoch are bounded by the batch size, not by N.
     */
    private int batchLimit() {
        int b = config.getInt("batch");
        return b > 0 ? b : config.getInt("max_batch");
    }

    /**
     * Indices of the cells used at time k in epoch {@code epoch} of {@code phase}: all (in order) when the time has
     * at most {@link #batchLimit()} cells, otherwise that epoch's batch of seeded passes that use every cell once per
     * pass ({@link CellBatches}).
     */
    int[] batchIndices(int phase, int epoch, int k) {
        long key = (long) phase * 4096 + k;
        CellBatches b = batches.computeIfAbsent(key, q -> new CellBatches(config.seed(), q, data.count(k),
                batchLimit()));
        return b.batch(epoch);
    }

    /** The cells of time k at the given row indices (a new array unless all rows are used, in order). */
    private NDArray rowsOf(int k, int[] idx) {
        if (idx.length == data.count(k)) {
            return cells[k];
        }
        // gathered on the host: the subsets are small and this avoids an advanced-indexing kernel per epoch
        return Tensors.of(dataManager, hostRows(k, idx), new Shape(idx.length, data.dim())).toType(model.store().dtype(),
                false);
    }

    private double[] hostRows(int k, int[] idx) {
        int d = data.dim();
        if (idx.length == data.count(k)) {
            return cellsHost[k];
        }
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(cellsHost[k], idx[i] * d, out, i * d, d);
        }
        return out;
    }

    private ParticleState startState(int[] idx0, boolean withEnergy) {
        // called outside the step scopes: every temporary is closed here, or it would stay in dataManager for the
        // trainer's lifetime (one N0×1 array per epoch, two N0×D ones more with a batch)
        NDArray rows = rowsOf(0, idx0);
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

    private Optimizer optimizer(double lr) {
        return switch (config.get("optimizer")) {
            case "adamw" -> new AdamW(lr, 0.9, 0.999, 1e-8, config.getDouble("weight_decay") == 0 ? 0.01
                    : config.getDouble("weight_decay"));
            case "sgd" -> new Sgd(lr, 0.9, config.getDouble("weight_decay"));
            default -> new Adam(lr, 0.9, 0.999, 1e-8, config.getDouble("weight_decay"));
        };
    }

    private OdeOptions trainingOde(double step) {
        OdeMethod m = OdeMethod.parse(config.get("solver"));
        return m == OdeMethod.DOPRI5 ? new OdeOptions(m, step, 1e-4, 1e-6) : new OdeOptions(m, step, 1e-5, 1e-6);
    }

    /**
     * The OT term chosen by {@code ot}: the exact plan cost ({@link Losses#ot}, through the weights too when
     * {@code ot_weight_gradient}) or the debiased Sinkhorn divergence S_ε with cost ½‖x − y‖², differentiable in
     * positions and weights (DESIGN.md §3.4, for large batches).
     */
    private NDArray otLoss(NDArray x, NDArray w, NDArray y, double[] yh) {
        if (config.get("ot").equals("sinkhorn")) {
            return SinkhornDivergence.divergence(x, w.reshape(-1), y, null, config.getDouble("ot_epsilon"),
                    SinkhornDivergence.DEFAULT_MAX_ITERATIONS, SinkhornDivergence.DEFAULT_TOLERANCE,
                    SinkhornDivergence.DEFAULT_CHECK_EVERY);
        }
        return Losses.ot(x, w, y, yh, config.getBool("ot_weight_gradient"));
    }

    private static double scalar(NDArray a) {
        return a.stopGradient().toType(DataType.FLOAT64, false).getDouble();
    }

    private void emit(String stage, int epoch, int total, Map<String, Double> losses, long startNanos) {
        double el = (System.nanoTime() - startNanos) / 1e9;
        double eta = epoch > 0 ? el / epoch * (total - epoch) : Double.NaN;
        ProgressEvent ev = new ProgressEvent(stage, epoch, total, Map.copyOf(losses), el, eta);
        for (ProgressListener l : listeners) {
            l.onProgress(ev);
        }
    }

    /**
     * A partial event after interval {@code done} of epoch {@code epoch} (none after the last interval: the epoch's
     * own event follows), so that progress shows inside an epoch.
     */
    private void emitInterval(String stage, int epoch, int total, int done, Map<String, Double> step, long start) {
        int intervals = data.numTimes() - 1;
        if (done >= intervals || listeners.isEmpty()) {
            return;
        }
        double el = (System.nanoTime() - start) / 1e9;
        double progress = epoch - 1 + (double) done / intervals;
        double eta = el / progress * (total - progress);
        ProgressEvent ev = new ProgressEvent(stage, epoch - 1, total, Map.copyOf(step), el, eta, done, intervals);
        for (ProgressListener l : listeners) {
            l.onProgress(ev);
        }
    }

    private static void addTo(Map<String, Double> acc, String key, double v) {
        acc.merge(key, v, Double::sum);
    }

    private static String firstNonFinite(Map<String, Double> terms) {
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- stage 1: pretraining

    /**
     * Stage 1 (v, g). A: λ_ot L_ot + λ_m (L_loc [+ L_glob]) [+ λ_e L_e with e = w(‖v‖² + g²)] with growth trained,
     * learning rate constant or cosine-annealed from pretrain.lr (epoch 1) to pretrain.final_lr (last epoch);
     * B: reload the best state of A, freeze g, OT only, at pretrain.refine_lr (constant, or cosine-annealed to
     * pretrain.refine_final_lr when that is > 0). Best state = lowest OT loss on the last interval. Returns the
     * rows of this stage ("pretrain" and "refine").
     */
    public TrainingHistory pretrain() {
        beginStage();
        TrainingHistory stageRows = new TrainingHistory();
        model.setTrainable("v", true);
        model.setTrainable("g", true);
        model.setTrainable("s", false);
        try {
            List<NDArray> params = model.parameters("v", "g");
            int epochsA = config.getInt("pretrain.epochs");
            double lr = config.getDouble("pretrain.lr");
            // cosine annealing towards the refinement rate: with a constant 1e-3 the OT loss kept oscillating by a
            // factor 3 between epochs, so the best state was a matter of luck
            LrSchedule scheduleA = config.get("pretrain.schedule").equals("cosine")
                    // the end rate is its own key (not refine_lr): stage B may then run at a higher rate than the end
                    // of stage A without making stage A end noisier (bench/engine/RESULTS.md, 2026-11-28 tune2)
                    ? LrSchedule.cosine(lr, Math.max(1, epochsA - 1), Math.min(lr, config.getDouble("pretrain.final_lr")))
                    : LrSchedule.constant(lr);
            // each optimizer is closed when its phase ends: its moment buffers live in native memory
            if (pendingResume == null || !pendingResume.phase().equals("refine")) {
                try (Optimizer optA = optimizer(lr)) {
                    runPretrainPhase("pretrain", epochsA, optA, scheduleA, params,
                            config.getDouble("pretrain.lambda_ot"), config.getDouble("pretrain.lambda_mass"),
                            config.getBool("pretrain.global_mass"), config.getDouble("pretrain.lambda_energy"),
                            stageRows);
                }
            }
            if (cancelled) {
                return stageRows;
            }
            model.setTrainable("g", false);
            int epochsB = config.getInt("pretrain.refine_epochs");
            double lrB = config.getDouble("pretrain.refine_lr");
            double lrBEnd = config.getDouble("pretrain.refine_final_lr");
            // optional cosine decay of stage B (refine_final_lr > 0): a rate high enough to keep improving the fit
            // at t1 oscillates at constant value; the decay lets the last epochs settle (bench/engine/RESULTS.md)
            LrSchedule scheduleB = lrBEnd > 0 ? LrSchedule.cosine(lrB, Math.max(1, epochsB - 1), Math.min(lrB, lrBEnd))
                    : LrSchedule.constant(lrB);
            try (Optimizer optB = optimizer(lrB)) {
                runPretrainPhase("refine", epochsB, optB, scheduleB, model.parameters("v"), 1.0, 0.0, false, 0.0,
                        stageRows);
            }
        } finally {
            model.setTrainable("g", true);
            model.setTrainable("s", true);
        }
        return stageRows;
    }

    private void runPretrainPhase(String stage, int epochs, Optimizer opt, LrSchedule schedule, List<NDArray> params,
            double lOt, double lMass, boolean global, double lEnergy, TrainingHistory stageRows) {
        if (epochs == 0) {
            return;
        }
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        Map<String, float[]> bestState;
        int first = 1;
        EpochState resume = takeResume(stage, opt, params);
        if (resume != null) {
            first = resume.epoch() + 1;
            best = resume.bestValue();
            bestState = resume.bestState();
            start -= (long) (resume.phaseSeconds() * 1e9);
        } else {
            bestState = model.store().snapshot();
        }
        double h = config.getDouble("step");
        boolean energy = lEnergy > 0;
        ParticleDynamics dyn = energy ? model.transportWithPretrainEnergy() : model.transport();
        OdeOptions ode = trainingOde(h);
        int phase = stage.equals("refine") ? PHASE_REFINE : PHASE_PRETRAIN;
        for (int epoch = first; epoch <= epochs; epoch++) {
            reseed(phase, epoch);
            schedule.apply(opt, epoch - 1);
            Map<String, float[]> good = model.store().snapshotInto(goodState);
            Map<String, Double> terms = new LinkedHashMap<>();
            double lastOt = Double.NaN;
            ParticleState state = startState(batchIndices(phase, epoch, 0), energy);
            for (int k = 0; k + 1 < data.numTimes(); k++) {
                if (shouldStop()) {
                    state.close();
                    finishCancelled(stage, epoch, start, stageRows);
                    return;
                }
                int[] idx = batchIndices(phase, epoch, k + 1);
                double r = data.relativeMass(k + 1);
                ParticleState next;
                Map<String, Double> step = new LinkedHashMap<>();
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    ParticleState end = OdeSolver.integrate(dyn, state, data.time(k), data.time(k + 1), ode);
                    if (!Double.isFinite(scalar(end.x().sum().add(end.lnw().sum())))) {
                        model.store().restore(good);
                        throw new TrainingDivergedException(stage, epoch, "particle state");
                    }
                    NDArray w = end.lnw().exp();
                    NDArray y = rowsOf(k + 1, idx);
                    double[] yh = hostRows(k + 1, idx);
                    NDArray ot = otLoss(end.x(), w, y, yh);
                    NDArray loss = Tensors.scale(ot, lOt);
                    step.put("ot", scalar(ot));
                    if (lMass > 0) {
                        NDArray loc = Losses.localMass(end.x(), w, yh, r);
                        step.put("mass_local", scalar(loc));
                        NDArray mass = loc;
                        if (global) {
                            NDArray glob = Losses.globalMass(w, r);
                            step.put("mass_global", scalar(glob));
                            mass = mass.add(glob);
                        }
                        loss = loss.add(Tensors.scale(mass, lMass));
                    }
                    if (energy) {
                        NDArray e = Losses.energy(end.m());
                        step.put("energy", scalar(e));
                        loss = loss.add(Tensors.scale(e, lEnergy));
                    }
                    step.put("loss", scalar(loss));
                    String bad = firstNonFinite(step);
                    if (bad != null) {
                        model.store().restore(good);
                        throw new TrainingDivergedException(stage, epoch, bad);
                    }
                    gc.backward(loss);
                    next = end.detach().keep();
                    end.close();
                }
                opt.step(params);
                state.close();
                state = next;
                lastOt = step.get("ot");
                for (Map.Entry<String, Double> e : step.entrySet()) {
                    addTo(terms, e.getKey(), e.getValue());
                }
                emitInterval(stage, epoch, epochs, k + 1, step, start);
            }
            state.close();
            terms.put("ot_last", lastOt);
            record(stage, epoch, epochs, terms, start, stageRows);
            // stage A keeps the epoch with the lowest OT on the last interval (DESIGN.md §3.5); stage B keeps the one
            // with the lowest value of its own objective, the OT summed over the intervals: by the last-interval
            // rule it stopped at early epochs while its fit at t1 was still improving (bench/engine/RESULTS.md)
            double value = phase == PHASE_REFINE ? terms.get("ot") : lastOt;
            if (value < best) {
                best = value;
                bestState = model.store().snapshotInto(bestState);
            }
            checkpoint(stage, epoch, start, best, Double.NaN, bestState, opt, params, stageRows);
        }
        model.store().restore(bestState);
    }

    private void record(String stage, int epoch, int total, Map<String, Double> terms, long start,
            TrainingHistory stageRows) {
        TrainingHistory.Row row = new TrainingHistory.Row(stage, epoch, (System.nanoTime() - start) / 1e9, terms);
        history.add(row);
        stageRows.add(row);
        emit(stage, epoch, total, terms, start);
    }

    private void finishCancelled(String stage, int epoch, long start, TrainingHistory stageRows) {
        cancelled = true;
        emit(stage, epoch - 1, Math.max(epoch - 1, 0), Map.of("cancelled", 1.0), start);
    }

    // ---------------------------------------------------------------- stage 2: score matching

    /**
     * Stage 2 (s): SF2M score matching. All t0 cells are pushed through v (Euler, step h) to clouds X̂_k; the exact
     * OT plan between X̂_k and X̂_{k+1} is computed once. Each iteration draws pairs (x0, x1) from each plan,
     * τ ~ U(0,1), ε ~ N(0, I), x_τ = (1−τ)x0 + τx1 + σ√(τ(1−τ)) ε at t = t_k + τ(t_{k+1} − t_k), and minimizes
     * mean ‖λ(τ) ∇s(t, x_τ) + ε‖² + λ_pen · max(s⁺), λ(τ) = 2√(τ(1−τ))/σ (AdamW). Rows hold means over blocks of
     * iterations.
     */
    public TrainingHistory score() {
        try (Optimizer opt = new AdamW(config.getDouble("score.lr"))) { // closed: frees its moment buffers
            return score(opt);
        }
    }

    private TrainingHistory score(Optimizer opt) {
        beginStage();
        TrainingHistory stageRows = new TrainingHistory();
        if (!model.hasScore()) {
            return stageRows;
        }
        int iterations = config.getInt("score.iterations");
        int d = data.dim();
        int intervals = data.numTimes() - 1;
        double sigma = model.sigma();
        int cap = config.getInt("max_batch");
        double[][] clouds = pushClouds(cap);
        int n0 = data.count(0);
        // the exact plan between the clouds, or with more than max_batch t0 cells the minibatch plan over one seeded
        // partition of them into blocks of at most max_batch (every cell is in one block: MinibatchOt)
        int[][] blocks = new CellBatches(config.seed(), STREAM_SCORE, n0, cap).partition(0);
        OtPlan[] plans = new OtPlan[intervals];
        for (int k = 0; k < intervals; k++) {
            plans[k] = MinibatchOt.plan(clouds[k], clouds[k + 1], n0, d, Metric.SQEUCLIDEAN, blocks);
        }
        // samples per interval and iteration: score.batch, or the number of t0 cells up to max_batch
        int b = config.getInt("score.batch") != 0 ? config.getInt("score.batch") : cap == 0 ? n0 : Math.min(n0, cap);
        double penalty = config.getDouble("score.lambda_penalty");
        model.setTrainable("s", true);
        List<NDArray> params = model.parameters("s");
        long start = System.nanoTime();
        int block = Math.max(1, Math.min(50, iterations / 20));
        Map<String, Double> acc = new LinkedHashMap<>();
        int inBlock = 0;
        Map<String, float[]> good = model.store().snapshotInto(goodState);
        int first = 1;
        EpochState resume = takeResume("score", opt, params);
        if (resume != null) {
            first = resume.epoch() + 1;
            start -= (long) (resume.phaseSeconds() * 1e9);
        }
        for (int it = first; it <= iterations; it++) {
            if (shouldStop()) {
                finishCancelled("score", it, start, stageRows);
                break;
            }
            reseed(PHASE_SCORE, it);
            java.util.Random jr = new java.util.Random(rng.nextLong());
            int rows = b * intervals;
            double[] t = new double[rows];
            double[] xt = new double[rows * d];
            double[] eps = new double[rows * d];
            double[] lam = new double[rows];
            int r = 0;
            for (int k = 0; k < intervals; k++) {
                int[] picks = plans[k].sample(b, jr);
                double t0 = data.time(k);
                double dt = data.time(k + 1) - t0;
                for (int p : picks) {
                    int i = plans[k].row(p);
                    int j = plans[k].column(p);
                    double tau = rng.nextDouble();
                    double sd = sigma * Math.sqrt(tau * (1 - tau));
                    for (int c = 0; c < d; c++) {
                        double e = SdeSolver.normal(rng);
                        eps[r * d + c] = e;
                        xt[r * d + c] = (1 - tau) * clouds[k][i * d + c] + tau * clouds[k + 1][j * d + c] + sd * e;
                    }
                    t[r] = t0 + tau * dt;
                    lam[r] = 2 * Math.sqrt(tau * (1 - tau)) / sigma;
                    r++;
                }
            }
            Map<String, Double> step = new LinkedHashMap<>();
            try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                DataType dt = model.store().dtype();
                NDArray tt = Tensors.of(dataManager, t, new Shape(rows, 1)).toType(dt, false);
                NDArray xx = Tensors.of(dataManager, xt, new Shape(rows, d)).toType(dt, false);
                NDArray ee = Tensors.of(dataManager, eps, new Shape(rows, d)).toType(dt, false);
                NDArray ll = Tensors.of(dataManager, lam, new Shape(rows, 1)).toType(dt, false);
                MlpOutput so = model.scoreNet().forward(tt, xx, Want.gradient(), null);
                NDArray sm = so.gradX().mul(ll).add(ee).square().sum(new int[] {1}).mean();
                NDArray pen = Tensors.relu(so.value()).max();
                NDArray loss = sm.add(Tensors.scale(pen, penalty));
                step.put("score", scalar(sm));
                step.put("penalty", scalar(pen));
                step.put("loss", scalar(loss));
                String bad = firstNonFinite(step);
                if (bad != null) {
                    model.store().restore(good);
                    throw new TrainingDivergedException("score", it, bad);
                }
                gc.backward(loss);
            }
            opt.step(params);
            for (Map.Entry<String, Double> e : step.entrySet()) {
                addTo(acc, e.getKey(), e.getValue());
            }
            inBlock++;
            if (inBlock == block || it == iterations) {
                Map<String, Double> mean = new LinkedHashMap<>();
                for (Map.Entry<String, Double> e : acc.entrySet()) {
                    mean.put(e.getKey(), e.getValue() / inBlock);
                }
                record("score", it, iterations, mean, start, stageRows);
                acc.clear();
                inBlock = 0;
                good = model.store().snapshotInto(goodState);
                if (it % (block * Math.max(1, checkpointEvery)) == 0) {
                    // at a block boundary, so a resumed stage starts with an empty block
                    checkpoint("score", it, start, Double.NaN, Double.NaN, null, opt, params, stageRows);
                }
            }
        }
        try (NDScope scope = new NDScope()) {
            pinOffset();
        }
        return stageRows;
    }

    /**
     * All t0 cells pushed through v alone (Euler, step h), at every observed time: row-major N0×D per time. The cells
     * go through in chunks of at most {@code chunk} (0 = all at once), so the tensors stay bounded by the chunk size.
     */
    private double[][] pushClouds(int chunk) {
        int k = data.numTimes();
        int n0 = data.count(0);
        int d = data.dim();
        int step = chunk <= 0 || chunk >= n0 ? n0 : chunk;
        double[][] out = new double[k][];
        out[0] = cellsHost[0];
        for (int i = 1; i < k; i++) {
            out[i] = step == n0 ? null : new double[n0 * d];
        }
        OdeOptions ode = OdeOptions.euler(config.getDouble("step"));
        ParticleDynamics v = model.transport();
        for (int from = 0; from < n0; from += step) {
            int to = Math.min(n0, from + step);
            NDArray x0;
            if (step == n0) {
                x0 = cells[0].duplicate();
            } else {
                int[] idx = new int[to - from];
                for (int j = 0; j < idx.length; j++) {
                    idx[j] = from + j;
                }
                try (NDScope scope = new NDScope()) { // closes the double copy rowsOf converts from
                    x0 = rowsOf(0, idx);
                    NDScope.unregister(x0);
                }
            }
            ParticleState st = new ParticleState(x0, null, null);
            for (int i = 0; i + 1 < k; i++) {
                ParticleState next;
                try (NDScope scope = new NDScope()) {
                    next = OdeSolver.integrate(v, st, data.time(i), data.time(i + 1), ode).keep();
                }
                st.close();
                st = next;
                double[] h = Tensors.toHost(st.x());
                if (step == n0) {
                    out[i + 1] = h;
                } else {
                    System.arraycopy(h, 0, out[i + 1], from * d, h.length);
                }
            }
            st.close();
        }
        return out;
    }

    // ---------------------------------------------------------------- stage 3: joint training

    /**
     * Stage 3 (v, g, s jointly): λ_ot L_ot + λ_m (L_loc + L_glob) + λ_e L_e + λ_pinn R + λ_init L_init per interval,
     * with the RUOT energy, the Fokker–Planck residual at the data of t_{k+1} and the initial density at the t0
     * cells; Adam with StepLR. The offset of s is re-pinned (max s over the t0 cells = 0) before every interval.
     *
     * <p>Best state: before the first epoch and after each one, all t0 cells are pushed by the ODE of the evaluation
     * protocol (v and g, Euler with step {@code eval.step}) and scored by
     * {@code selection = Σ_k [OT_k + |Σ w(t_k) − r_k|]} (OT_k = exact squared-Euclidean OT cost against the cells of
     * t_k); the stage ends with the parameters of the lowest selection value, so it never returns a model that fits
     * the snapshots worse than the one it started from.
     */
    public TrainingHistory train() {
        try (Optimizer opt = optimizer(config.getDouble("train.lr"))) { // closed: frees its moment buffers
            return train(opt);
        }
    }

    private TrainingHistory train(Optimizer opt) {
        beginStage();
        TrainingHistory stageRows = new TrainingHistory();
        int epochs = config.getInt("train.epochs");
        if (epochs == 0) {
            return stageRows;
        }
        double lOt = config.getDouble("train.lambda_ot");
        double lMass = config.getDouble("train.lambda_mass");
        double lE = config.getDouble("train.lambda_energy");
        double lPinn = config.getDouble("train.lambda_pinn");
        double lInit = config.getDouble("train.lambda_init");
        double sigma = model.sigma();
        model.setTrainable("v", true);
        model.setTrainable("g", true);
        model.setTrainable("s", true);
        List<NDArray> params = model.parameters("v", "g", "s");
        double lr = config.getDouble("train.lr");
        int stepSize = config.getInt("train.scheduler_step");
        LrSchedule schedule = stepSize == 0 ? LrSchedule.constant(lr)
                : LrSchedule.step(lr, stepSize, config.getDouble("train.scheduler_gamma"));
        OdeOptions ode = trainingOde(config.getDouble("train.step"));
        ParticleDynamics dyn = model.transportWithEnergy();
        int d = data.dim();
        // p̂0 at every t0 cell, from one mixture component per t0 cell, or per cell of a fixed seeded sample of
        // max_batch of them when there are more (the mixture is then a Monte-Carlo estimate of the same density, and
        // its cost N0·max_batch·D instead of N0²·D)
        int[] centres = CellBatches.sample(data.count(0), config.getInt("max_batch"), config.seed(), STREAM_CENTRES);
        double[] p0 = Losses.mixtureDensity(cellsHost[0], data.count(0), CellBatches.rows(cellsHost[0], d, centres),
                centres.length, d, config.getDouble("init_variance"));
        long start = System.nanoTime();
        double bestSelection;
        Map<String, float[]> bestState;
        double bestOffset;
        int first = 1;
        EpochState resume = takeResume("train", opt, params);
        if (resume != null) {
            first = resume.epoch() + 1;
            bestSelection = resume.bestValue();
            bestState = resume.bestState();
            bestOffset = resume.bestOffset();
            start -= (long) (resume.phaseSeconds() * 1e9);
        } else {
            bestSelection = selectionScore();
            bestState = model.store().snapshot();
            // pinned now, so that restoring the starting state also restores the offset that belongs to it
            bestOffset = pinOffset();
        }
        for (int epoch = first; epoch <= epochs; epoch++) {
            reseed(PHASE_TRAIN, epoch);
            schedule.apply(opt, epoch - 1);
            Map<String, float[]> good = model.store().snapshotInto(goodState);
            double goodOffset = model.scoreOffset();
            Map<String, Double> terms = new LinkedHashMap<>();
            int[] idx0 = batchIndices(PHASE_TRAIN, epoch, 0);
            ParticleState state = startState(idx0, true);
            // L_init at the t0 cells: all of them while they fit in one batch, else this epoch's t0 batch
            int[] initIdx = data.count(0) <= batchLimit() || batchLimit() == 0 ? null : idx0;
            for (int k = 0; k + 1 < data.numTimes(); k++) {
                if (shouldStop()) {
                    state.close();
                    finishCancelled("train", epoch, start, stageRows);
                    return stageRows;
                }
                pinOffset();
                int[] idx = batchIndices(PHASE_TRAIN, epoch, k + 1);
                double r = data.relativeMass(k + 1);
                ParticleState next;
                Map<String, Double> step = new LinkedHashMap<>();
                try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    ParticleState end = OdeSolver.integrate(dyn, state, data.time(k), data.time(k + 1), ode);
                    if (!Double.isFinite(scalar(end.x().sum().add(end.lnw().sum())))) {
                        model.store().restore(good);
                        model.setScoreOffset(goodOffset);
                        throw new TrainingDivergedException("train", epoch, "particle state");
                    }
                    NDArray w = end.lnw().exp();
                    NDArray y = rowsOf(k + 1, idx);
                    double[] yh = hostRows(k + 1, idx);
                    NDArray ot = otLoss(end.x(), w, y, yh);
                    NDArray loc = Losses.localMass(end.x(), w, yh, r);
                    NDArray glob = Losses.globalMass(w, r);
                    NDArray en = Losses.energy(end.m());
                    NDArray loss = Tensors.scale(ot, lOt).add(Tensors.scale(loc.add(glob), lMass)).add(Tensors.scale(en, lE));
                    step.put("ot", scalar(ot));
                    step.put("mass_local", scalar(loc));
                    step.put("mass_global", scalar(glob));
                    step.put("energy", scalar(en));
                    if (model.hasScore()) {
                        NDArray fp = fokkerPlanck(data.time(k + 1), y, sigma);
                        NDArray init = initialDensity(p0, initIdx, sigma);
                        step.put("fokker_planck", scalar(fp));
                        step.put("init_density", scalar(init));
                        loss = loss.add(Tensors.scale(fp, lPinn)).add(Tensors.scale(init, lInit));
                    }
                    step.put("loss", scalar(loss));
                    String bad = firstNonFinite(step);
                    if (bad != null) {
                        model.store().restore(good);
                        model.setScoreOffset(goodOffset);
                        throw new TrainingDivergedException("train", epoch, bad);
                    }
                    gc.backward(loss);
                    next = end.detach().keep();
                    end.close();
                }
                opt.step(params);
                state.close();
                state = next;
                for (Map.Entry<String, Double> e : step.entrySet()) {
                    addTo(terms, e.getKey(), e.getValue());
                }
                emitInterval("train", epoch, epochs, k + 1, step, start);
            }
            state.close();
            pinOffset();
            terms.put("score_offset", model.scoreOffset());
            double selection = selectionScore();
            if (!Double.isFinite(selection)) {
                model.store().restore(good);
                model.setScoreOffset(goodOffset);
                throw new TrainingDivergedException("train", epoch, "selection (predicted particles)");
            }
            terms.put("selection", selection);
            record("train", epoch, epochs, terms, start, stageRows);
            if (selection < bestSelection) {
                bestSelection = selection;
                bestState = model.store().snapshotInto(bestState);
                bestOffset = model.scoreOffset();
            }
            checkpoint("train", epoch, start, bestSelection, bestOffset, bestState, opt, params, stageRows);
        }
        model.store().restore(bestState);
        model.setScoreOffset(bestOffset);
        return stageRows;
    }

    /**
     * Σ_k [OT_k + |Σ w(t_k) − r_k|] over the observed times k ≥ 1, for all t0 cells pushed by the evaluation ODE
     * (v and g, Euler, step {@code eval.step}); OT_k is the exact OT cost with squared Euclidean ground cost between
     * the normalised predicted weights and the uniform cells of t_k.
     */
    private double selectionScore() {
        if (selectionSample == null) {
            selectionSample = Evaluator.sample(data, config.getInt("eval.max_cells"), config.seed());
        }
        Evaluator.Prediction p = Evaluator.predict(model, data, selectionSample, false, config.getDouble("eval.step"),
                config.seed());
        double total = 0;
        for (int k = 1; k < data.numTimes(); k++) {
            double[] w = p.w()[k];
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            int[] rows = selectionSample.rows()[k];
            total += Metrics.squaredW2(p.x()[k], w, w.length, CellBatches.rows(cellsHost[k], data.dim(), rows),
                    rows.length, data.dim()) + Math.abs(sum - data.relativeMass(k));
        }
        return total;
    }

    private NDArray fokkerPlanck(double t, NDArray y, double sigma) {
        MlpOutput so = model.scoreNet().forward(t, y, Want.timeAndGradient(), null);
        NDArray probe = null;
        if (model.divergenceMethod() == org.ruot4j.nn.Divergence.HUTCHINSON) {
            probe = org.ruot4j.nn.Mlp.rademacher(y.getManager(), (int) y.getShape().get(0), data.dim(),
                    y.getDataType(), new java.util.Random(rng.nextLong()));
        }
        MlpOutput vo = model.velocityNet().forward(t, y, Want.divergence(model.divergenceMethod()), probe);
        NDArray g = model.growth(t, y);
        return Losses.fokkerPlanck(so.value().sub(model.scoreOffset()), so.dt(), so.gradX(), vo.value(), vo.div(), g,
                sigma);
    }

    /** L_init at the t0 cells {@code idx} (null: all), p0 the density estimate at every t0 cell. */
    private NDArray initialDensity(double[] p0, int[] idx, double sigma) {
        NDArray x = idx == null ? cells[0] : rowsOf(0, idx);
        double[] target = p0;
        if (idx != null) {
            target = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                target[i] = p0[idx[i]];
            }
        }
        NDArray s = model.scoreNet().forward(data.time(0), x, Want.valueOnly(), null).value()
                .sub(model.scoreOffset());
        return Losses.initialDensity(s, target, sigma);
    }

    /**
     * Pins the offset of s (max of s over the t0 cells = 0) over all t0 cells while they fit in max_batch, else over
     * a fixed seeded sample of max_batch of them: one forward pass per interval must not grow with N.
     */
    private double pinOffset() {
        if (pinCells == null) {
            int[] idx = CellBatches.sample(data.count(0), config.getInt("max_batch"), config.seed(), STREAM_PIN);
            pinCells = idx.length == data.count(0) ? cells[0] : rowsOf(0, idx);
            NDScope.unregister(pinCells); // kept for the trainer's lifetime, even when first asked for inside a scope
        }
        return model.pinScoreOffset(data.time(0), pinCells);
    }

    /** Streams of the fixed samples (unrelated to the batches of the phases, whose streams are phase·4096 + k). */
    private static final long STREAM_CENTRES = 101_000;
    private static final long STREAM_PIN = 102_000;
    private static final long STREAM_SCORE = 103_000;

    /** Frees the training tensors (the model stays usable). */
    public void close() {
        dataManager.close();
    }

    /** The model being trained. */
    public RuotModel model() {
        return model;
    }

    public Snapshots data() {
        return data;
    }

    public TrainingConfig config() {
        return config;
    }

    static List<String> stages() {
        return new ArrayList<>(List.of("pretrain", "score", "train"));
    }
}
