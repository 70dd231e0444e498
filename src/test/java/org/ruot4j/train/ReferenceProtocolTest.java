package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ruot4j.data.SnapshotReaders;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Activation;
import org.ruot4j.nn.DeepRuotImport;
import org.ruot4j.nn.ParameterStore;

/**
 * The evaluation protocol (DESIGN.md §4) applied to the published DeepRUOT model gives the numbers issue 3 takes
 * as its accuracy targets: the simulation targets are what that model reaches by this protocol, so our W1/TMV
 * must reproduce them, not merely resemble them. Breaks if the pushforward, the weights, the normalisation or
 * the ground cost of W1 were wrong.
 */
class ReferenceProtocolTest {
    private static final Path REF = Path.of("..", "shared", "reference");
    private static final Path DATA = Path.of("..", "shared", "data", "simulation_gene.csv");

    @Test
    void publishedModelReachesTheTargetsByOurProtocol() {
        assumeTrue(Files.isRegularFile(REF.resolve("simulation_sigma_005_fnet.pt")) && Files.isRegularFile(DATA),
                "skipped: ../shared/reference or ../shared/data is absent");
        Snapshots data = SnapshotReaders.read(DATA);
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT32)) {
            DeepRuotImport.load(REF.resolve("simulation_sigma_005_fnet.pt"),
                    REF.resolve("simulation_sigma_005_score.pt"), store);
            RuotModel.Spec spec = new RuotModel.Spec(2, 0.05, true, true, 1.0, 128, 3, 128, 3, 128, 3,
                    Activation.LEAKY_RELU);
            RuotModel model = new RuotModel(spec, store, 0); // reuses the imported parameters
            MetricsReport.Series ode = Evaluator.evaluate(model, data, 0.01, 0).ode();
            // issue 3: W1 <= 0.051 / 0.086 / 0.123 / 0.145, TMV <= 0.035 ("the values the published model reaches")
            double[] w1 = {Double.NaN, 0.0505, 0.0857, 0.1229, 0.1451};
            double[] tmv = {Double.NaN, 0.0230, 0.0350, 0.0215, 0.0164};
            for (int k = 1; k < 5; k++) {
                assertEquals(w1[k], ode.w1()[k], 2e-4, "ODE W1 at t" + k);
                assertEquals(tmv[k], ode.tmv()[k], 2e-4, "ODE TMV at t" + k);
            }
        }
    }
}
