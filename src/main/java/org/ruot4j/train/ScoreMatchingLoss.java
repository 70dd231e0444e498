package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import org.ruot4j.nn.Tensors;

/**
 * The SF2M score-matching loss of DESIGN.md §3.4 on a {@link BridgeSampler.Batch}:
 * <pre>
 *   L_s = mean_i ‖λ_i ∇s(t_i, x_i) + ε_i‖²,    penalty = max_i s(t_i, x_i)⁺  (keeps s ≤ 0)
 * </pre>
 * and the stage minimises L_s + λ_pen · penalty.
 */
final class ScoreMatchingLoss {
    private ScoreMatchingLoss() {
    }

    /** L_s from ∇s (rows × D), λ (rows × 1) and ε (rows × D): the row sums of squares, averaged over the rows. */
    static NDArray scoreMatching(NDArray gradS, NDArray lambda, NDArray eps) {
        return gradS.mul(lambda).add(eps).square().sum(new int[] {1}).mean();
    }

    /** max_i s_i⁺ over the values s (rows × 1): zero when s ≤ 0 everywhere. */
    static NDArray positivePenalty(NDArray s) {
        return Tensors.relu(s).max();
    }
}
