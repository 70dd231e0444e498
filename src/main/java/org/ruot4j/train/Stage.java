package org.ruot4j.train;

import java.util.SplittableRandom;

/**
 * The training stages and phases of DESIGN.md §3.5. {@link #label()} is the name written to history.csv, progress
 * events, checkpoints and divergence messages (file formats: do not rename); {@link #stream(long, int)} is the
 * random stream of one epoch (score stage: one iteration).
 */
public enum Stage {
    /** Stage 1 phase A: v and g by OT + mass [+ energy]. */
    PRETRAIN("pretrain", 1),
    /** Stage 1 phase B: v alone by OT, g frozen. */
    REFINE("refine", 2),
    /** Stage 2: s by SF2M score matching. */
    SCORE("score", 3),
    /** Stage 3: v, g and s jointly. */
    TRAIN("train", 4);

    private final String label;
    /** Part of the checkpoint format (the streams a resumed fit draws): do not renumber. */
    private final int streamId;

    Stage(String label, int streamId) {
        this.label = label;
        this.streamId = streamId;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The stage of a label ("pretrain", "refine", "score", "train"). */
    public static Stage of(String label) {
        for (Stage s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + label + "'; expected pretrain, refine, score or train");
    }

    /**
     * The random stream of one epoch of this stage. Every epoch draws from a stream fixed by (seed, stage, epoch)
     * alone, so the whole RNG state of a fit at an epoch boundary is those three numbers: a fit resumed from a
     * checkpoint draws exactly what the uninterrupted fit would have.
     */
    SplittableRandom stream(long seed, int epoch) {
        return stream(seed, streamId, epoch);
    }

    static SplittableRandom stream(long seed, int phase, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + phase * 0xC2B2AE3D27D4EB4FL + epoch * 0x165667B19E3779F9L;
        // SplitMix64 finaliser: neighbouring (phase, epoch) pairs get unrelated streams
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}
