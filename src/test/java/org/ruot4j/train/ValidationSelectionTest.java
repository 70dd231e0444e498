package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruot4j.Session;

/**
 * Selection on held-back cells: each stage ends in its epoch with the best validation score, stops when the score
 * has not improved for validation.patience epochs, and metrics.json reports the held-back cells' accuracy.
 */
class ValidationSelectionTest {

    private static double min(List<TrainingHistory.Row> rows) {
        double m = Double.POSITIVE_INFINITY;
        for (TrainingHistory.Row r : rows) {
            m = Math.min(m, r.get("validation"));
        }
        return m;
    }

    @Test
    void stagesEndInTheirBestValidationStateAndStopEarly() {
        try (Session s = TinyFits.session(60)) {
            // a rate high enough that the score stops improving quickly; patience 2 must cut the 40-epoch cap
            s.config("validation.fraction = 0.2\nvalidation.patience = 2\nvalidation.plateau = 1\n"
                    + "pretrain.epochs = 40\npretrain.refine_epochs = 40\npretrain.refine_lr = 1e-2\n"
                    + "pretrain.schedule = constant\npretrain.lr = 3e-2");
            TrainingHistory h = s.pretrain();
            List<TrainingHistory.Row> a = h.rows("pretrain");
            List<TrainingHistory.Row> b = h.rows("refine");
            assertTrue(a.size() < 40 || b.size() < 40, "patience 2 stops a stage before its cap: " + a.size() + ", "
                    + b.size() + " epochs");
            for (TrainingHistory.Row r : b) {
                assertTrue(Double.isFinite(r.get("validation")), "every epoch records its validation score");
            }
            // the model is the refine phase's best state: scoring it again gives the recorded minimum
            Trainer t = new Trainer(s.model(), s.data(), s.config());
            try {
                assertEquals(min(b), t.validationScore(), 1e-9 + 1e-6 * min(b),
                        "stage B ends in its best validation state");
                assertEquals(s.data().totalCount(), t.data().totalCount() + t.validation().totalCount());
            } finally {
                t.close();
            }
            // the learning rate is lowered on a plateau (plateau 1): some epoch ran below the first epoch's rate
            double first = b.get(0).get("lr");
            assertTrue(b.stream().anyMatch(r -> r.get("lr") < first) || b.size() <= 2, "rate never lowered: " + b);
        }
    }

    @Test
    void metricsGainAValidationBlockOnlyWithHeldBackCells() {
        try (Session s = TinyFits.session(40)) {
            s.config("validation.fraction = 0.2\npretrain.epochs = 2\npretrain.refine_epochs = 1");
            s.pretrain();
            MetricsReport r = s.evaluate();
            assertNotNull(r.validation());
            assertTrue(Double.isFinite(r.validation().w1()[1]));
            assertTrue(r.toJson().contains("\"validation\""), r.toJson());
        }
        try (Session s = TinyFits.session(40)) {
            s.config("pretrain.epochs = 1\npretrain.refine_epochs = 1");
            s.pretrain();
            assertNull(s.evaluate().validation());
            assertTrue(!s.evaluate().toJson().contains("\"validation\""));
        }
    }
}
