package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ruot4j.nn.Optimizer;

/**
 * Where a training phase stands after a completed epoch (or, in the score stage, a logged block of iterations):
 * everything a fit needs to go on exactly as if it had never stopped. The random stream of the next epoch is fixed
 * by (seed, phase, epoch) (see {@link Stage#stream}), so it needs no state of its own.
 *
 * @param phase        the {@link Stage#label()} of the phase: pretrain | refine | score | train
 * @param epoch        epochs (score: iterations) completed in this phase
 * @param phaseSeconds seconds spent in the phase so far (for the history's time column)
 * @param bestValue    best-state criterion so far (OT of the last interval, or the joint selection score); NaN in
 *                     the score stage
 * @param bestOffset   pinned score offset belonging to {@code bestState} (joint stage; NaN otherwise)
 * @param bestState    parameters of the best epoch so far (null in the score stage)
 * @param optimizer    the phase's optimizer, when saving; null when resuming
 * @param params       the parameters the optimizer steps, in its order, when saving; null when resuming
 * @param optimizerFile a state written by {@link Optimizer#saveState}, when resuming; null when saving
 * @param stageRows    the history rows of the current stage so far, when saving; null when resuming
 */
public record EpochState(String phase, int epoch, double phaseSeconds, double bestValue, double bestOffset,
        Map<String, float[]> bestState, Optimizer optimizer, List<NDArray> params, Path optimizerFile,
        TrainingHistory stageRows) {

    /** The state to continue from, as read back from a checkpoint. */
    public static EpochState resumeFrom(String phase, int epoch, double phaseSeconds, double bestValue,
            double bestOffset, Map<String, float[]> bestState, Path optimizerFile) {
        return new EpochState(phase, epoch, phaseSeconds, bestValue, bestOffset, bestState, null, null, optimizerFile,
                null);
    }

    /** Receives the state at the checkpoint epochs of a running stage. */
    @FunctionalInterface
    public interface Sink {
        void save(EpochState state);
    }
}
