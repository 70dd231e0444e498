package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ruot4j.Session;
import org.ruot4j.nn.Mlp;

class TrainerTest {

    private static boolean allFinite(Session s) {
        for (Map.Entry<String, float[]> e : s.model().store().snapshot().entrySet()) {
            for (float f : e.getValue()) {
                if (!Float.isFinite(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The reference's failure: a positive offset of s makes exp(2s/σ²) overflow. Here it must not. */
    @Test
    void jointStageFromLargeScoreOffsetStaysFinite() {
        try (Session s = TinyFits.session(40)) {
            s.config("sigma = 0.05\ntrain.epochs = 3");
            s.pretrain();
            s.score();
            // shift the score network's output by +5: exp(2·5/0.05²) = exp(4000) in the reference formulas
            int last = s.model().scoreNet().spec().linearLayers() - 1;
            NDArray bias = s.model().store().get(Mlp.biasName("s", last));
            bias.stopGradient().addi(5.0);
            TrainingHistory h = s.train();
            assertEquals(3, h.size());
            for (TrainingHistory.Row r : h.rows()) {
                for (Map.Entry<String, Double> e : r.losses().entrySet()) {
                    assertTrue(Double.isFinite(e.getValue()), "epoch " + r.epoch() + " " + e.getKey() + " = " + e.getValue());
                }
            }
            assertTrue(allFinite(s), "parameters stay finite");
            assertTrue(s.model().scoreOffset() > 4, "the pinned offset absorbed the shift: " + s.model().scoreOffset());
            MetricsReport m = s.evaluate();
            assertTrue(Double.isFinite(m.sde().w1()[2]));
        }
    }

    @Test
    void divergenceStopsNamesEpochAndTermAndRestores() {
        try (Session s = TinyFits.session(30)) {
            s.config("pretrain.lr = 1e30\npretrain.epochs = 3");
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, s::pretrain);
            assertEquals("pretrain", e.stage());
            assertEquals(1, e.epoch());
            assertTrue(e.getMessage().contains("smaller learning rate"), e.getMessage());
            assertTrue(allFinite(s), "the last good parameters are restored");
            assertTrue(Double.isFinite(s.evaluate().ode().w1()[1]), "model usable after the error");
        }
    }

    @Test
    void cancelStopsAtStepBoundaryAndKeepsTheModelUsable() {
        try (Session s = TinyFits.session(30)) {
            s.config("pretrain.epochs = 50");
            s.addListener(ev -> {
                if (ev.stage().equals("pretrain") && ev.epoch() == 2) {
                    s.cancel();
                }
            });
            TrainingHistory h = s.fit();
            assertTrue(s.wasCancelled());
            List<TrainingHistory.Row> rows = h.rows("pretrain");
            assertEquals(2, rows.size(), "stopped after the epoch during which cancel was called");
            assertTrue(h.rows("score").isEmpty() && h.rows("train").isEmpty());
            assertTrue(Double.isFinite(s.evaluate().ode().w1()[1]));
            assertFalse(s.status().toString().contains("running: pretrain"));
        }
    }

    @Test
    void historyHasEveryTermPerEpochAndStage() {
        try (Session s = TinyFits.session(30)) {
            s.fit();
            TrainingHistory h = s.history();
            assertEquals(3, h.rows("pretrain").size());
            assertEquals(2, h.rows("refine").size());
            assertEquals(2, h.rows("train").size());
            assertFalse(h.rows("score").isEmpty());
            for (String term : new String[] {"ot", "mass_local", "mass_global", "energy", "fokker_planck",
                "init_density", "loss"}) {
                assertTrue(Double.isFinite(h.rows("train").get(0).get(term)), term);
            }
            String csv = h.toCsv();
            assertTrue(csv.startsWith("stage,epoch,seconds,"), csv);
            assertEquals(h.size() + 1, csv.split("\n").length);
        }
    }

    /** First-epoch OT term of stage A under the given extra settings. */
    private static double firstOt(String settings) {
        try (Session s = TinyFits.session(30)) {
            s.config(settings + "\npretrain.refine_epochs = 0");
            s.pretrain();
            return s.history().rows("pretrain").get(0).get("ot");
        }
    }

    /** First-layer weights of g after stage A under the given extra settings. */
    private static float[] growthAfterStageA(String settings) {
        try (Session s = TinyFits.session(30)) {
            s.config(settings + "\npretrain.refine_epochs = 0");
            s.pretrain();
            return s.model().store().snapshot().get("g.0.weight");
        }
    }

    /**
     * {@code ot = sinkhorn} trains on the debiased divergence S_ε with cost ½‖x − y‖² (≈ half the exact squared
     * cost for small ε), not on the exact plan; {@code ot_weight_gradient} changes what the growth net learns.
     */
    @Test
    void otSettingsReachTheLoss() {
        double emd = firstOt("ot = emd");
        double sinkhorn = firstOt("ot = sinkhorn\not_epsilon = 0.001");
        assertTrue(sinkhorn > 0.3 * emd && sinkhorn < 0.75 * emd, "emd " + emd + ", sinkhorn " + sinkhorn);
        assertFalse(java.util.Arrays.equals(growthAfterStageA("ot_weight_gradient = false"),
                growthAfterStageA("ot_weight_gradient = true")), "the OT weight gradient reaches g");
    }

    /** Σ_k (W2_k² + TMV_k) of the ODE protocol: the joint stage's selection score on the training data. */
    private static double selection(MetricsReport m) {
        double sum = 0;
        for (int k = 1; k < m.ode().w2().length; k++) {
            sum += m.ode().w2()[k] * m.ode().w2()[k] + m.ode().tmv()[k];
        }
        return sum;
    }

    /** With a destructive learning rate the joint stage must hand back its best state, never a worse fit. */
    @Test
    void jointStageNeverReturnsAWorseFitThanItStartedFrom() {
        try (Session s = TinyFits.session(40)) {
            s.config("train.epochs = 3\ntrain.lr = 0.05");
            s.pretrain();
            s.score();
            double before = selection(s.evaluate());
            TrainingHistory h = s.train();
            double after = selection(s.evaluate());
            double worst = h.rows("train").stream().mapToDouble(r -> r.get("selection")).max().orElseThrow();
            assertTrue(after <= before + 1e-9, "before " + before + ", after " + after);
            assertTrue(after <= worst + 1e-9, "after " + after + ", worst epoch " + worst);
        }
    }

    /** train.score = false keeps s as the score stage left it; true trains it with v and g. */
    @Test
    void jointStageTrainsTheScoreOnlyWhenAskedTo() {
        for (boolean trainScore : new boolean[] {false, true}) {
            try (Session s = TinyFits.session(40)) {
                s.config("train.epochs = 2\ntrain.score = " + trainScore);
                s.pretrain();
                s.score();
                Map<String, float[]> before = s.model().store().snapshot();
                s.train();
                Map<String, float[]> after = s.model().store().snapshot();
                String sWeight = Mlp.weightName("s", 0);
                String vWeight = Mlp.weightName("v", 0);
                boolean vChanged = !java.util.Arrays.equals(before.get(vWeight), after.get(vWeight));
                boolean sChanged = !java.util.Arrays.equals(before.get(sWeight), after.get(sWeight));
                assertTrue(vChanged, "v trains (the stage kept a trained epoch)");
                assertEquals(trainScore, sChanged, "s " + (trainScore ? "trains" : "stays") + " with train.score = "
                        + trainScore);
            }
        }
    }

    /**
     * train.select_every = k scores (and may keep) only every k-th epoch and the last; the others record no selection
     * and the stage still ends no worse than it started. train.select_step sets the selection ODE's step.
     */
    @Test
    void jointStageScoresEveryKthEpochAndTheLast() {
        try (Session s = TinyFits.session(40)) {
            s.config("train.epochs = 5\ntrain.select_every = 2\ntrain.select_step = 0.05");
            s.pretrain();
            s.score();
            double before = selection(s.evaluate());
            TrainingHistory h = s.train();
            List<TrainingHistory.Row> rows = h.rows("train");
            assertEquals(5, rows.size());
            for (TrainingHistory.Row r : rows) {
                boolean scored = r.epoch() % 2 == 0 || r.epoch() == 5;
                assertEquals(scored, Double.isFinite(r.get("selection")), "epoch " + r.epoch() + ": " + r.losses());
            }
            // the kept state is the best by the selection at step 0.05; evaluated at eval.step it may differ a little
            assertTrue(selection(s.evaluate()) <= before + 0.05, "much worse than the start");
        }
        assertTrue(new StageSettings.Joint(1, 1e-4, 0.1, 0, 1, 1, 1, 0, 0, 0, true, 1, 0).selectionStep(0.01) == 0.01,
                "select_step 0 = eval.step");
        assertTrue(new StageSettings.Joint(1, 1e-4, 0.1, 0, 1, 1, 1, 0, 0, 0, true, 1, 0.05).selectionStep(0.01) == 0.05);
        assertThrows(org.ruot4j.RuotException.class, () -> new TrainingConfig().set("train.select_step", "-1"));
        new TrainingConfig().set("train.select_step", "0"); // 0 is allowed: eval.step
    }
}
