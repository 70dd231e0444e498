package org.ruot4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleDynamics;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.LrSchedule;
import org.ruot4j.nn.Optimizer;

/**
 * The epoch loop of the rollout stages (pretraining phases A and B, the joint stage; DESIGN.md §3.5). Each epoch
 * draws from the stage's stream of that epoch, starts the particles from the t0 cells with w = 1/N0, and for each
 * interval [t_k, t_{k+1}]: integrates them inside a gradient collector, assembles the interval's
 * {@link IntervalLoss}, back-propagates it, steps the optimizer and detaches the state before the next interval.
 * Each interval runs in an {@link NDScope}, so native memory does not grow with the number of epochs. After the
 * epoch its {@link EpochSelection} completes the row and ranks it; the run ends with the best epoch's parameters.
 *
 * <p>Divergence: a NaN or infinite particle state, loss term or criterion restores the parameters (and the pinned
 * score offset) of the start of the epoch and throws {@link TrainingDivergedException}. Cancellation stops at the
 * next interval boundary, keeping the parameters of the last completed step.
 *
 * <p>Where a stage varies, it varies through its {@link Plan}: what is integrated ({@code dynamics}), what each
 * interval minimises ({@link IntervalLoss}: the terms, the OT estimator, the cells drawn) and how epochs are ranked
 * ({@link EpochSelection}: the criterion, and where a held-back score or an early stop would go). The loop itself
 * (draw order, op order, optimizer steps) is the one the CPU bit-identity of every preset depends on.
 */
final class IntervalRollout {
    /**
     * One run of a rollout stage.
     *
     * @param batch     cells per time and epoch, in seeded batches that cover every cell (0 = all)
     * @param dynamics  what is integrated: x and ln w, and m when the loss has the energy term
     * @param loss      the per-interval loss assembly
     * @param selection the per-epoch criterion
     */
    record Plan(Stage stage, int epochs, long seed, int batch, LrSchedule schedule, ParticleDynamics dynamics,
            OdeOptions ode, IntervalLoss loss, EpochSelection selection) {
    }

    private final RuotModel model;
    private final Snapshots data;
    private final TrainingCells cells;
    private final StageControl control;
    /** Reused host copies of the parameters (the per-epoch divergence guard makes no garbage). */
    private final Map<String, float[]> goodState = new LinkedHashMap<>();

    IntervalRollout(RuotModel model, Snapshots data, TrainingCells cells, StageControl control) {
        this.model = model;
        this.data = data;
        this.cells = cells;
        this.control = control;
    }

    /** Runs the plan's epochs (continuing a pending resume of its stage), stepping {@code params} with {@code opt}. */
    void run(Plan p, Optimizer opt, List<NDArray> params, TrainingHistory stageRows) {
        if (p.epochs() == 0) {
            return;
        }
        boolean pins = p.selection().pinsScoreOffset();
        long start = System.nanoTime();
        double bestValue;
        Map<String, float[]> bestState;
        double bestOffset;
        int first = 1;
        EpochState resume = control.takeResume(p.stage(), opt, params);
        if (resume != null) {
            first = resume.epoch() + 1;
            bestValue = resume.bestValue();
            bestState = resume.bestState();
            bestOffset = pins ? resume.bestOffset() : Double.NaN;
            start -= (long) (resume.phaseSeconds() * 1e9);
        } else {
            bestValue = p.selection().initial();
            bestState = model.store().snapshot();
            // pinned now, so that restoring the starting state also restores the offset that belongs to it
            bestOffset = pins ? model.pinScoreOffset(data.time(0), cells.pinCells()) : Double.NaN;
        }
        for (int epoch = first; epoch <= p.epochs(); epoch++) {
            SplittableRandom rng = p.stage().stream(p.seed(), epoch);
            p.schedule().apply(opt, epoch - 1);
            double factor = p.selection().lrFactor();
            if (factor != 1) {
                opt.setLearningRate(opt.learningRate() * factor); // lowered on a validation plateau
            }
            Guard good = new Guard(p.stage(), epoch, model.store().snapshotInto(goodState), pins);
            Map<String, Double> terms = new LinkedHashMap<>();
            Map<String, Double> last = Map.of();
            int[] idx0 = cells.batchIndices(p.stage(), epoch, 0, p.batch(), p.seed());
            p.loss().startEpoch(idx0);
            ParticleState state = cells.startState(idx0, p.loss().weights().energy());
            for (int k = 0; k + 1 < data.numTimes(); k++) {
                if (control.shouldStop()) {
                    state.close();
                    control.finishCancelled(p.stage(), epoch, start);
                    return;
                }
                if (pins) {
                    model.pinScoreOffset(data.time(0), cells.pinCells());
                }
                last = new LinkedHashMap<>();
                ParticleState next = interval(p, epoch, k, state, rng, good, last);
                opt.step(params);
                state.close();
                state = next;
                for (Map.Entry<String, Double> e : last.entrySet()) {
                    terms.merge(e.getKey(), e.getValue(), Double::sum);
                }
                control.interval(p.stage(), epoch, p.epochs(), k + 1, data.numTimes() - 1, last, start);
            }
            state.close();
            if (p.selection().adaptive()) {
                terms.put("lr", opt.learningRate());
            }
            boolean scored = p.selection().scores(epoch, p.epochs());
            double value = scored ? p.selection().score(terms, last) : Double.POSITIVE_INFINITY;
            if (scored && !Double.isFinite(value)) {
                throw good.diverged(p.selection().term());
            }
            control.record(p.stage(), epoch, p.epochs(), terms, start, stageRows);
            if (value < bestValue) {
                bestValue = value;
                bestState = model.store().snapshotInto(bestState);
                bestOffset = pins ? model.scoreOffset() : Double.NaN;
            }
            control.checkpoint(p.stage(), epoch, start, bestValue, bestOffset, bestState, opt, params, stageRows);
            if (scored && p.selection().stop()) {
                break; // no better validation score for validation.patience epochs
            }
        }
        model.store().restore(bestState);
        if (pins) {
            model.setScoreOffset(bestOffset);
        }
    }

    /**
     * Interval k of an epoch: integrates {@code state} from t_k to t_{k+1}, back-propagates the interval's loss
     * (its terms go into {@code step}) and returns the detached state at t_{k+1}; the caller steps the optimizer.
     */
    private ParticleState interval(Plan p, int epoch, int k, ParticleState state, SplittableRandom rng, Guard good,
            Map<String, Double> step) {
        int[] idx = cells.batchIndices(p.stage(), epoch, k + 1, p.batch(), p.seed());
        double r = data.relativeMass(k + 1);
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            ParticleState end = OdeSolver.integrate(p.dynamics(), state, data.time(k), data.time(k + 1), p.ode());
            NDArray w = end.lnw().exp();
            // w = exp(ln w) overflows before ln w itself is infinite: check the weights, not only their logarithms
            if (!Double.isFinite(IntervalLoss.scalar(end.x().sum().add(w.sum())))) {
                throw good.diverged("particle state");
            }
            NDArray y = cells.rows(k + 1, idx);
            double[] yh = cells.hostRows(k + 1, idx);
            NDArray loss = p.loss().assemble(end, w, y, yh, r, data.time(k + 1), rng, step);
            for (Map.Entry<String, Double> e : step.entrySet()) {
                if (!Double.isFinite(e.getValue())) {
                    throw good.diverged(e.getKey());
                }
            }
            gc.backward(loss);
            ParticleState next = end.detach().keep();
            end.close();
            return next;
        }
    }

    /** The parameters (and pinned score offset) of the start of an epoch, restored when the epoch diverges. */
    private final class Guard {
        private final Stage stage;
        private final int epoch;
        private final Map<String, float[]> state;
        private final boolean withOffset;
        private final double offset;

        Guard(Stage stage, int epoch, Map<String, float[]> state, boolean withOffset) {
            this.stage = stage;
            this.epoch = epoch;
            this.state = state;
            this.withOffset = withOffset;
            this.offset = model.scoreOffset();
        }

        TrainingDivergedException diverged(String term) {
            model.store().restore(state);
            if (withOffset) {
                model.setScoreOffset(offset);
            }
            return new TrainingDivergedException(stage, epoch, term);
        }
    }
}
