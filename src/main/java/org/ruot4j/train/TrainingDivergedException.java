package org.ruot4j.train;

import org.ruot4j.RuotException;

/**
 * A loss term became NaN or infinite. The stage stopped and the parameters of the last good step were restored;
 * the message names the stage, the epoch and the term, and suggests a smaller learning rate or step.
 */
public class TrainingDivergedException extends RuotException {
    private final String stage;
    private final int epoch;
    private final String term;

    public TrainingDivergedException(String stage, int epoch, String term) {
        super("training diverged in stage '" + stage + "' at epoch " + epoch + ": loss term '" + term
                + "' is NaN or infinite; the last good parameters were restored — try a smaller learning rate"
                + " (" + rateKey(stage) + ") or a smaller ODE step");
        this.stage = stage;
        this.epoch = epoch;
        this.term = term;
    }

    public TrainingDivergedException(Stage stage, int epoch, String term) {
        this(stage.label(), epoch, term);
    }

    /** The config key of the learning rate of a stage or phase. */
    private static String rateKey(String stage) {
        for (Stage s : Stage.values()) {
            if (s.label().equals(stage)) {
                return s.rateKey();
            }
        }
        return "the stage's learning rate";
    }

    public String stage() {
        return stage;
    }

    public int epoch() {
        return epoch;
    }

    public String term() {
        return term;
    }
}
