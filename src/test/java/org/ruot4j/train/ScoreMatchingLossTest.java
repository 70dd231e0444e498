package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** L_s = mean ‖λ ∇s + ε‖² and the positivity penalty against values computed by hand. */
class ScoreMatchingLossTest {

    private static double scoreMatching(double[] gradS, double[] lambda, double[] eps, int d) {
        try (NDManager m = NDManager.newBaseManager()) {
            int rows = lambda.length;
            return ScoreMatchingLoss.scoreMatching(m.create(gradS, new Shape(rows, d)),
                    m.create(lambda, new Shape(rows, 1)), m.create(eps, new Shape(rows, d))).getDouble();
        }
    }

    private static double penalty(double... s) {
        try (NDManager m = NDManager.newBaseManager()) {
            return ScoreMatchingLoss.positivePenalty(m.create(s, new Shape(s.length, 1))).getDouble();
        }
    }

    @Test
    void scoreMatchingByHand() {
        // row 1: λ∇s + ε = (0.5·1 + 0.1, 0.5·2 − 0.2) = (0.6, 0.8), ‖·‖² = 1
        // row 2: (2·0 + 0.3, 2·(−1) + 0.4) = (0.3, −1.6), ‖·‖² = 0.09 + 2.56 = 2.65; mean over the 2 rows = 1.825
        assertEquals(1.825, scoreMatching(new double[] {1, 2, 0, -1}, new double[] {0.5, 2},
                new double[] {0.1, -0.2, 0.3, 0.4}, 2), 1e-12);
        // one row in 3-D: λ = 3, ∇s = (1, 0, −1), ε = (0, 1, 1): (3, 1, −2), ‖·‖² = 14
        assertEquals(14, scoreMatching(new double[] {1, 0, -1}, new double[] {3}, new double[] {0, 1, 1}, 3), 1e-12);
    }

    @Test
    void perfectScoreHasZeroLoss() {
        // λ∇s = −ε in every row: the minimum
        assertEquals(0, scoreMatching(new double[] {-0.25, 0.5, -4, -0.5}, new double[] {2, 0.5},
                new double[] {0.5, -1, 2, 0.25}, 2), 1e-15);
    }

    @Test
    void penaltyIsTheLargestPositivePart() {
        assertEquals(0.3, penalty(-1, 0.3, 0.1), 1e-15);
        assertEquals(0, penalty(-1, -0.3), 0);
    }
}
