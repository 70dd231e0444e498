package org.ruot4j.train;

/**
 * Stopping and learning-rate reduction of one stage by a validation score (lower is better), as PyTorch's
 * ReduceLROnPlateau with a stop: a score counts as better when it is below best − 1e-4 · |best| (relative threshold,
 * so noise in the last digits does not reset the counters); after {@code plateau} epochs in a row without a better
 * score the learning-rate factor is multiplied by {@code factor} (and the plateau count restarts); after
 * {@code patience} epochs without a better score the stage stops. The state is a function of the scores observed so
 * far, so a resumed stage rebuilds it by replaying the scores of its recorded epochs.
 */
public final class EarlyStopping {
    /** Relative improvement a score needs to count as better. */
    static final double THRESHOLD = 1e-4;

    private final int patience;
    private final int plateau;
    private final double factor;
    private double best = Double.POSITIVE_INFINITY;
    private int sinceBest;
    private int sincePlateau;
    private double lrFactor = 1;
    private int reductions;

    /** What one observed score means for the stage. */
    public enum Verdict { IMPROVED, NO_IMPROVEMENT, REDUCED_LR, STOP }

    /**
     * @param patience epochs without improvement before stopping (0: never stop)
     * @param plateau epochs without improvement before the rate is lowered (0: never)
     * @param factor learning-rate multiplier on a plateau, in (0, 1]
     */
    public EarlyStopping(int patience, int plateau, double factor) {
        if (patience < 0 || plateau < 0 || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("early stopping: need patience, plateau >= 0 and factor in (0, 1], got "
                    + patience + ", " + plateau + ", " + factor);
        }
        this.patience = patience;
        this.plateau = plateau;
        this.factor = factor;
    }

    /** Records the score of one epoch. A non-finite score never counts as better. */
    public Verdict observe(double score) {
        if (Double.isFinite(score) && (best == Double.POSITIVE_INFINITY || score < best - THRESHOLD * Math.abs(best))) {
            best = score;
            sinceBest = 0;
            sincePlateau = 0;
            return Verdict.IMPROVED;
        }
        sinceBest++;
        sincePlateau++;
        if (patience > 0 && sinceBest >= patience) {
            return Verdict.STOP;
        }
        if (plateau > 0 && sincePlateau >= plateau) {
            lrFactor *= factor;
            reductions++;
            sincePlateau = 0;
            return Verdict.REDUCED_LR;
        }
        return Verdict.NO_IMPROVEMENT;
    }

    /** The product of the plateau reductions so far (multiplies the stage's scheduled rate). */
    public double lrFactor() {
        return lrFactor;
    }

    /** Number of plateau reductions so far. */
    public int reductions() {
        return reductions;
    }

    /** The best score so far (+∞ before the first). */
    public double best() {
        return best;
    }

    /** Epochs since the best score. */
    public int sinceBest() {
        return sinceBest;
    }
}
