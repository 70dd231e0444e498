package org.ruot4j.train;

import java.util.Map;

/**
 * Progress of a training stage after one epoch (or a block of score iterations).
 *
 * @param stage "pretrain", "refine", "score" or "train"
 * @param epoch 1-based number of the completed epoch or iteration
 * @param total epochs or iterations of the stage
 * @param losses the loss terms of that epoch by name (as in {@link TrainingHistory})
 * @param elapsedSeconds time since the stage started
 * @param etaSeconds estimated time to the end of the stage
 */
public record ProgressEvent(String stage, int epoch, int total, Map<String, Double> losses, double elapsedSeconds,
        double etaSeconds) {
}
