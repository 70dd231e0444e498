package org.ruot4j.train;

import java.util.Map;

/**
 * Progress of a training stage: after one epoch (or a block of score iterations), or — a partial event — after one
 * interval inside an epoch, so that a stage whose epochs take long (many cells, many dimensions) still shows progress.
 *
 * @param stage "pretrain", "refine", "score" or "train"
 * @param epoch 1-based number of the completed epoch or iteration (of a partial event: the epochs completed before
 *        the one in progress)
 * @param total epochs or iterations of the stage
 * @param losses the loss terms of that epoch by name (as in {@link TrainingHistory}); of a partial event, the terms of
 *        the interval just done
 * @param elapsedSeconds time since the stage started
 * @param etaSeconds estimated time to the end of the stage
 * @param interval of a partial event, the intervals done in the epoch in progress (1 ≤ interval &lt; intervals); 0
 *        for an epoch's event
 * @param intervals of a partial event, the intervals of one epoch; 0 for an epoch's event
 */
public record ProgressEvent(String stage, int epoch, int total, Map<String, Double> losses, double elapsedSeconds,
        double etaSeconds, int interval, int intervals) {

    /** The event of a completed epoch (or block of score iterations). */
    public ProgressEvent(String stage, int epoch, int total, Map<String, Double> losses, double elapsedSeconds,
            double etaSeconds) {
        this(stage, epoch, total, losses, elapsedSeconds, etaSeconds, 0, 0);
    }

    /** True for an event from inside an epoch (after one of its intervals); false for the end of an epoch. */
    public boolean partial() {
        return intervals > 0;
    }

    /** Epochs done, counting the intervals of the one in progress as fractions (e.g. 4.5 of 50). */
    public double progress() {
        return partial() ? epoch + (double) interval / intervals : epoch;
    }
}
