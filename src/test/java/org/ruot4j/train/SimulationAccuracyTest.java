package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ruot4j.Session;

/**
 * The full {@code simulation} preset on the gene-network data (σ = 0.05, seed 42; about one minute on one core)
 * against the accuracy of the published DeepRUOT model by the same protocol (issue 3): ODE W1 at t = 2..4 ≤ 0.086 /
 * 0.123 / 0.145 and TMV ≤ 0.035 at every time. At t = 1 the bound is 0.060, not the benchmark's 0.051: over six
 * seeds the preset gives 0.046-0.057 there (bench/engine/RESULTS.md), and another CPU's rounding acts like another
 * seed. Seed 42 gives .0477/.0685/.0652/.0585, TMV ≤ .017 on the development machine (the schedule of issue 16;
 * bench/engine/RESULTS.md, 2026-12-07).
 */
class SimulationAccuracyTest {
    private static final Path DATA = Path.of("..", "shared", "data", "simulation_gene.csv");

    @Test
    void simulationPresetReachesThePublishedAccuracy() {
        assumeTrue(Files.isRegularFile(DATA), "skipped: ../shared/data/simulation_gene.csv is absent");
        double[] w1Bound = {Double.NaN, 0.060, 0.086, 0.123, 0.145};
        try (Session s = Session.create().preset("simulation").device("cpu").seed(42)) {
            s.load(DATA.toString());
            s.fit();
            MetricsReport.Series ode = s.evaluate().ode();
            StringBuilder all = new StringBuilder();
            for (int k = 1; k < 5; k++) {
                all.append(String.format(" t%d W1 %.4f TMV %.4f;", k, ode.w1()[k], ode.tmv()[k]));
            }
            for (int k = 1; k < 5; k++) {
                assertTrue(ode.w1()[k] <= w1Bound[k], "ODE W1 at t" + k + " above " + w1Bound[k] + ":" + all);
                assertTrue(ode.tmv()[k] <= 0.035, "ODE TMV at t" + k + " above 0.035:" + all);
            }
        }
    }
}
