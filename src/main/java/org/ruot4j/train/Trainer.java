package org.ruot4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleDynamics;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.AdamW;
import org.ruot4j.nn.LrSchedule;
import org.ruot4j.nn.MlpOutput;
import org.ruot4j.nn.Optimizer;
import org.ruot4j.nn.Tensors;
import org.ruot4j.nn.Want;
import org.ruot4j.ot.Metric;
import org.ruot4j.ot.MinibatchOt;
import org.ruot4j.ot.OtPlan;

/**
 * The three training stages of DESIGN.md §3.5 on one {@link RuotModel} and one {@link Snapshots}. Each stage reads
 * its typed {@link StageSettings} from the {@link TrainingConfig} when it starts.
 *
 * <p>Pretraining (phases A and B) and the joint stage are runs of one {@link IntervalRollout}, which differ only in
 * their {@link IntervalRollout.Plan}: the {@link Stage}, the schedule, the dynamics, the per-interval
 * {@link IntervalLoss} and the per-epoch {@link EpochSelection}. The score stage is SF2M score matching
 * ({@link BridgeSampler}, {@link ScoreMatchingLoss}).
 *
 * <p>Cancellation: {@link #cancel()} (or interrupting the thread) stops a stage at the next step boundary; the
 * parameters of the last completed step and the history so far are kept. Divergence: a NaN or infinite loss term
 * restores the parameters of the start of the epoch and throws {@link TrainingDivergedException}.
 */
public final class Trainer {
    private final RuotModel model;
    private final Snapshots data;
    private final TrainingConfig config;
    /** The keys of selection, held-back cells and batching, read once. */
    private final StageSettings.Selection setup;
    private final StageControl control = new StageControl();
    private final TrainingCells cells;
    private final IntervalRollout rollout;
    /** Reused host copies of the parameters (the score stage's divergence guard makes no garbage). */
    private final Map<String, float[]> goodState = new LinkedHashMap<>();
    /** The held-back cells (validation.fraction > 0), or null: then every cell trains and selection uses them. */
    private final Snapshots validation;
    /** Rows recorded before a resumed phase: its validation scores rebuild the early-stopping state. */
    private TrainingHistory rowsBeforeResume = new TrainingHistory();

    /**
     * A trainer on {@code data}; with {@code validation.fraction} f &gt; 0 the fraction f of the cells of every time
     * is held back ({@link ValidationSplit}, seeded by {@code seed}) and only the rest trains.
     */
    public Trainer(RuotModel model, Snapshots data, TrainingConfig config) {
        if (model.dim() != data.dim()) {
            throw new RuotException(data.source() + ": data have " + data.dim() + " dimensions but the model has "
                    + model.dim());
        }
        this.model = model;
        this.setup = StageSettings.Selection.from(config);
        if (setup.validationFraction() > 0) {
            ValidationSplit split = ValidationSplit.of(data, setup.validationFraction(), setup.seed());
            data = split.training();
            this.validation = split.validation();
        } else {
            this.validation = null;
        }
        this.data = data;
        this.config = config;
        this.cells = new TrainingCells(model, data, setup.maxBatch(), setup.seed());
        this.rollout = new IntervalRollout(model, data, cells, control);
    }

    public TrainingHistory history() {
        return control.history();
    }

    public void addListener(ProgressListener l) {
        control.addListener(l);
    }

    public void removeListener(ProgressListener l) {
        control.removeListener(l);
    }

    /**
     * Hands the state of every {@code every}-th epoch (score stage: every {@code every}-th logged block of
     * iterations) to {@code sink}, which writes a checkpoint a fit can resume from; null or every ≤ 0 turns it off.
     */
    public void checkpointTo(EpochState.Sink sink, int every) {
        control.checkpointTo(sink, every);
    }

    /**
     * Continues the phase {@code state.phase()} after epoch {@code state.epoch()} the next time that phase runs
     * (the model must already hold the parameters of that epoch). A resumed {@code refine} phase skips phase A of
     * the pretraining.
     */
    public void resumeFrom(EpochState state) {
        control.resumeFrom(state);
    }

    /**
     * As {@link #resumeFrom(EpochState)}; {@code before} holds the rows the fit recorded up to the checkpoint, whose
     * validation scores rebuild the early stopping of the resumed phase.
     */
    public void resumeFrom(EpochState state, TrainingHistory before) {
        control.resumeFrom(state);
        this.rowsBeforeResume = before == null ? new TrainingHistory() : before;
    }

    // ---------------------------------------------------------------- selection on held-back cells

    /** The held-back cells, or null when every cell trains. */
    public Snapshots validation() {
        return validation;
    }

    /**
     * W1, W2 and TMV per time of the training t0 cells pushed by the evaluation ODE (v and g, Euler, step
     * {@code eval.step}) against the held-back cells; null without held-back cells.
     */
    public MetricsReport.Series validationSeries() {
        return validation == null ? null
                : EpochSelection.heldBackSeries(model, data, validation, setup.evalStep(), setup.seed(),
                        validationParticles());
    }

    /**
     * How many training t0 cells the held-back score pushes: as many as the largest held-back time has cells (more
     * would not sharpen the score, and its exact OT grows with both sizes), at most the selection's cap.
     */
    private int validationParticles() {
        return Math.min(selectionCells(setup.evalMaxCells(), cells.maxBatch()),
                Arrays.stream(validation.counts()).max().orElse(1));
    }

    /** Σ_k [W1_k + TMV_k] of {@link #validationSeries()} (NaN without held-back cells). */
    public double validationScore() {
        return validation == null ? Double.NaN : EpochSelection.sum(validationSeries());
    }

    /**
     * {@code base}, or with held-back cells the criterion on them ({@link EpochSelection#heldBack}) with the early
     * stopping of validation.patience / validation.plateau, its state replayed from the recorded epochs when the
     * stage resumes.
     */
    private EpochSelection selection(Stage stage, EpochSelection base) {
        if (validation == null) {
            return base;
        }
        EarlyStopping stopping = setup.earlyStopping();
        if (control.resumes(stage)) {
            for (TrainingHistory.Row r : rowsBeforeResume.rows(stage.label())) {
                stopping.observe(r.get("validation"));
            }
        }
        return EpochSelection.heldBack(base, model, data, cells, validation, setup.evalStep(), setup.seed(),
                validationParticles(), stopping, stage == Stage.TRAIN);
    }

    /** Asks the running stage to stop at the next step boundary. */
    public void cancel() {
        control.cancel();
    }

    /** True when the last stage stopped early because of {@link #cancel()} or an interrupt. */
    public boolean wasCancelled() {
        return control.wasCancelled();
    }

    // ---------------------------------------------------------------- stage 1: pretraining

    /**
     * Stage 1 (v, g). A: λ_ot L_ot + λ_m (L_loc [+ L_glob]) [+ λ_e L_e with e = w(‖v‖² + g²)] with growth trained,
     * learning rate constant or cosine-annealed from pretrain.lr (epoch 1) to pretrain.final_lr (last epoch);
     * B: reload the best state of A, freeze g, OT only, at pretrain.refine_lr (constant, or cosine-annealed to
     * pretrain.refine_final_lr when that is > 0). Best state of A = lowest OT loss on the last interval; of B =
     * lowest OT summed over the intervals. Returns the rows of this stage ("pretrain" and "refine").
     */
    public TrainingHistory pretrain() {
        control.beginStage();
        StageSettings.Common common = StageSettings.Common.from(config);
        StageSettings.Pretrain ps = StageSettings.Pretrain.from(config);
        TrainingHistory stageRows = new TrainingHistory();
        model.setTrainable("v", true);
        model.setTrainable("g", true);
        model.setTrainable("s", false);
        try {
            List<NDArray> params = model.parameters("v", "g");
            // each optimizer is closed when its phase ends: its moment buffers live in native memory
            if (!control.resumes(Stage.REFINE)) {
                try (Optimizer optA = common.optimizer(ps.lr())) {
                    rollout.run(pretrainPlan(Stage.PRETRAIN, common, ps.epochs(), ps.scheduleA(), ps.weightsA(),
                            selection(Stage.PRETRAIN, EpochSelection.lastIntervalOt())), optA, params, stageRows);
                }
            }
            if (control.wasCancelled()) {
                return stageRows;
            }
            model.setTrainable("g", false);
            try (Optimizer optB = common.optimizer(ps.refineLr())) {
                rollout.run(pretrainPlan(Stage.REFINE, common, ps.refineEpochs(), ps.scheduleB(), ps.weightsB(),
                        selection(Stage.REFINE, EpochSelection.summedOt())), optB, model.parameters("v"), stageRows);
            }
        } finally {
            model.setTrainable("g", true);
            model.setTrainable("s", true);
        }
        return stageRows;
    }

    private IntervalRollout.Plan pretrainPlan(Stage stage, StageSettings.Common common, int epochs,
            LrSchedule schedule, IntervalLoss.Weights weights, EpochSelection selection) {
        // with the energy term, m integrates the pretraining energy w(‖v‖² + g²)
        ParticleDynamics dyn = weights.energy() ? model.transportWithPretrainEnergy() : model.transport();
        IntervalLoss loss = new IntervalLoss(model, cells, data.time(0), common, weights, null);
        return new IntervalRollout.Plan(stage, epochs, common.seed(), batchLimit(common.batch(), cells.maxBatch()),
                schedule, dyn, common.ode(common.step()), loss, selection);
    }

    /**
     * The most cells of one time in one epoch's OT problem: {@code batch}, or when that is 0 (all cells)
     * {@code max_batch} (0 = no limit), so that memory and time per epoch are bounded by the batch size, not by N.
     */
    static int batchLimit(int batch, int maxBatch) {
        return batch > 0 ? batch : maxBatch;
    }

    /**
     * Cells per time of the joint stage's selection score, computed before and after every epoch: at most
     * eval.max_cells and at most max_batch (0 = no limit for either): on 5000 cells per time (30 dimensions, three
     * intervals) one selection took about 95 s on the shared 2-core machine, longer than the epoch it ranks
     * (bench/largen/RESULTS.md).
     */
    static int selectionCells(int evalMaxCells, int maxBatch) {
        if (evalMaxCells == 0) {
            return maxBatch;
        }
        return maxBatch == 0 ? evalMaxCells : Math.min(evalMaxCells, maxBatch);
    }

    // ---------------------------------------------------------------- stage 2: score matching

    /**
     * Stage 2 (s): SF2M score matching. All t0 cells are pushed through v (Euler, step h) to clouds X̂_k; the exact
     * OT plan between X̂_k and X̂_{k+1} is computed once. Each iteration draws {@link BridgeSampler bridge samples}
     * from each plan and minimizes {@link ScoreMatchingLoss L_s} + λ_pen · max(s⁺) (AdamW). Rows hold means over
     * blocks of iterations.
     */
    public TrainingHistory score() {
        StageSettings.Score ss = StageSettings.Score.from(config);
        try (Optimizer opt = new AdamW(ss.lr())) { // closed: frees its moment buffers
            return score(opt, StageSettings.Common.from(config), ss);
        }
    }

    private TrainingHistory score(Optimizer opt, StageSettings.Common common, StageSettings.Score ss) {
        control.beginStage();
        TrainingHistory stageRows = new TrainingHistory();
        if (!model.hasScore()) {
            return stageRows;
        }
        int iterations = ss.iterations();
        int d = data.dim();
        int intervals = data.numTimes() - 1;
        if (iterations == 0) {
            // nothing to sample: skip the clouds and their OT plans (minutes for 10^5 cells), keep the pinned offset
            try (NDScope scope = new NDScope()) {
                model.pinScoreOffset(data.time(0), cells.pinCells());
            }
            return stageRows;
        }
        int cap = cells.maxBatch();
        double[][] clouds = pushClouds(common.step(), cap);
        int n0 = data.count(0);
        // the exact plan between the clouds, or with more than max_batch t0 cells the minibatch plan over one seeded
        // partition of them into blocks of at most max_batch (every cell is in one block: MinibatchOt)
        int[][] blocks = new CellBatches(common.seed(), TrainingCells.STREAM_SCORE, n0, cap).partition(0);
        OtPlan[] plans = new OtPlan[intervals];
        for (int k = 0; k < intervals; k++) {
            plans[k] = MinibatchOt.plan(clouds[k], clouds[k + 1], n0, d, Metric.SQEUCLIDEAN, blocks);
        }
        int[] counts = new int[data.numTimes()];
        double[] times = new double[data.numTimes()];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = n0;
            times[k] = data.time(k);
        }
        BridgeSampler sampler = new BridgeSampler(clouds, counts, plans, times, d, model.sigma());
        // score.batch, or the number of t0 cells up to max_batch
        int b = ss.samplesPerInterval(cap == 0 ? n0 : Math.min(n0, cap));
        model.setTrainable("s", true);
        List<NDArray> params = model.parameters("s");
        long start = System.nanoTime();
        int block = Math.max(1, Math.min(50, iterations / 20));
        Map<String, Double> acc = new LinkedHashMap<>();
        int inBlock = 0;
        Map<String, float[]> good = model.store().snapshotInto(goodState);
        int first = 1;
        EpochState resume = control.takeResume(Stage.SCORE, opt, params);
        if (resume != null) {
            first = resume.epoch() + 1;
            start -= (long) (resume.phaseSeconds() * 1e9);
        }
        for (int it = first; it <= iterations; it++) {
            if (control.shouldStop()) {
                control.finishCancelled(Stage.SCORE, it, start);
                break;
            }
            BridgeSampler.Batch batch = sampler.sample(b, Stage.SCORE.stream(common.seed(), it));
            Map<String, Double> step = scoreStep(batch, ss.lambdaPenalty());
            for (Map.Entry<String, Double> e : step.entrySet()) {
                if (!Double.isFinite(e.getValue())) {
                    model.store().restore(good);
                    throw new TrainingDivergedException(Stage.SCORE, it, e.getKey());
                }
            }
            opt.step(params);
            for (Map.Entry<String, Double> e : step.entrySet()) {
                acc.merge(e.getKey(), e.getValue(), Double::sum);
            }
            inBlock++;
            if (inBlock == block || it == iterations) {
                Map<String, Double> mean = new LinkedHashMap<>();
                for (Map.Entry<String, Double> e : acc.entrySet()) {
                    mean.put(e.getKey(), e.getValue() / inBlock);
                }
                control.record(Stage.SCORE, it, iterations, mean, start, stageRows);
                acc.clear();
                inBlock = 0;
                good = model.store().snapshotInto(goodState);
                if (it % (block * Math.max(1, control.checkpointEvery())) == 0) {
                    // at a block boundary, so a resumed stage starts with an empty block
                    control.checkpoint(Stage.SCORE, it, start, Double.NaN, Double.NaN, null, opt, params, stageRows);
                }
            }
        }
        try (NDScope scope = new NDScope()) {
            model.pinScoreOffset(data.time(0), cells.pinCells());
        }
        return stageRows;
    }

    /**
     * One score-matching step on a bridge batch: back-propagates L_s + λ_pen · penalty unless a term is not finite
     * (the caller then restores the parameters); returns the terms score, penalty and loss.
     */
    private Map<String, Double> scoreStep(BridgeSampler.Batch batch, double lambdaPenalty) {
        int rows = batch.rows();
        int d = data.dim();
        Map<String, Double> step = new LinkedHashMap<>();
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray tt = cells.tensor(batch.t(), new Shape(rows, 1));
            NDArray xx = cells.tensor(batch.x(), new Shape(rows, d));
            NDArray ee = cells.tensor(batch.eps(), new Shape(rows, d));
            NDArray ll = cells.tensor(batch.lambda(), new Shape(rows, 1));
            MlpOutput so = model.scoreNet().forward(tt, xx, Want.gradient(), null);
            NDArray sm = ScoreMatchingLoss.scoreMatching(so.gradX(), ll, ee);
            NDArray pen = ScoreMatchingLoss.positivePenalty(so.value());
            NDArray loss = sm.add(Tensors.scale(pen, lambdaPenalty));
            step.put("score", IntervalLoss.scalar(sm));
            step.put("penalty", IntervalLoss.scalar(pen));
            step.put("loss", IntervalLoss.scalar(loss));
            for (double v : step.values()) {
                if (!Double.isFinite(v)) {
                    return step;
                }
            }
            gc.backward(loss);
        }
        return step;
    }

    /**
     * All t0 cells pushed through v alone (Euler, step h), at every observed time: row-major N0×D per time. The cells
     * go through in chunks of at most {@code chunk} (0 = all at once), so the tensors stay bounded by the chunk size.
     */
    private double[][] pushClouds(double h, int chunk) {
        int k = data.numTimes();
        int n0 = data.count(0);
        int d = data.dim();
        int size = chunk <= 0 || chunk >= n0 ? n0 : chunk;
        double[][] out = new double[k][];
        out[0] = cells.host(0);
        for (int i = 1; i < k; i++) {
            out[i] = size == n0 ? null : new double[n0 * d];
        }
        OdeOptions ode = OdeOptions.euler(h);
        ParticleDynamics v = model.transport();
        for (int from = 0; from < n0; from += size) {
            NDArray x0;
            if (size == n0) {
                x0 = cells.cells(0).duplicate();
            } else {
                int[] idx = new int[Math.min(n0, from + size) - from];
                for (int j = 0; j < idx.length; j++) {
                    idx[j] = from + j;
                }
                try (NDScope scope = new NDScope()) { // closes the double copy the gathered rows convert from
                    x0 = cells.rows(0, idx);
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
                double[] x = Tensors.toHost(st.x());
                if (size == n0) {
                    out[i + 1] = x;
                } else {
                    System.arraycopy(x, 0, out[i + 1], from * d, x.length);
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
     * Best state: {@link EpochSelection#joint} (the evaluation ODE's fit to every snapshot, scored before the first
     * epoch too).
     */
    public TrainingHistory train() {
        StageSettings.Common common = StageSettings.Common.from(config);
        StageSettings.Joint js = StageSettings.Joint.from(config);
        try (Optimizer opt = common.optimizer(js.lr())) { // closed: frees its moment buffers
            return train(opt, common, js);
        }
    }

    private TrainingHistory train(Optimizer opt, StageSettings.Common common, StageSettings.Joint js) {
        control.beginStage();
        TrainingHistory stageRows = new TrainingHistory();
        if (js.epochs() == 0) {
            return stageRows;
        }
        model.setTrainable("v", true);
        model.setTrainable("g", true);
        // with train.score = false s keeps the score stage's fit: its terms still shape v and g
        model.setTrainable("s", js.trainScore());
        List<NDArray> params = js.trainScore() ? model.parameters("v", "g", "s") : model.parameters("v", "g");
        // p̂0 at every t0 cell, from one mixture component per t0 cell, or per cell of a fixed seeded sample of
        // max_batch of them when there are more (a Monte-Carlo estimate of the same density, costing N0·max_batch·D
        // instead of N0²·D)
        int[] centres = CellBatches.sample(data.count(0), cells.maxBatch(), common.seed(), TrainingCells.STREAM_CENTRES);
        double[] p0 = Losses.mixtureDensity(cells.host(0), data.count(0), cells.hostRows(0, centres), centres.length,
                data.dim(), common.initVariance());
        IntervalLoss loss = new IntervalLoss(model, cells, data.time(0), common, js.weights(model.hasScore()), p0);
        try {
            rollout.run(new IntervalRollout.Plan(Stage.TRAIN, js.epochs(), common.seed(),
                    batchLimit(common.batch(), cells.maxBatch()), js.schedule(), model.transportWithEnergy(),
                    common.ode(js.step()), loss,
                    selection(Stage.TRAIN, EpochSelection.joint(model, data, cells, js.selectionStep(common.evalStep()),
                            common.seed(), selectionCells(setup.evalMaxCells(), cells.maxBatch()),
                            js.selectEvery()))), opt, params, stageRows);
        } finally {
            model.setTrainable("s", true);
        }
        return stageRows;
    }

    /** Frees the training tensors (the model stays usable). */
    public void close() {
        cells.close();
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
}
