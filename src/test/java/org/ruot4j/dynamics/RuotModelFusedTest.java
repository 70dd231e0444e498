package org.ruot4j.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.ruot4j.nn.Activation;

/**
 * RuotModel's fused evaluation (one stacked network for v, g, s per step) against the separate networks: the
 * rates of every dynamics and a 50-step Euler rollout agree to float32 tolerance; off by default.
 */
class RuotModelFusedTest {

    private static void close(NDArray want, NDArray got, double tol, String what) {
        if (want == null) {
            assertNull(got, what);
            return;
        }
        assertEquals(want.getShape(), got.getShape(), what);
        float[] w = want.toFloatArray();
        float[] g = got.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], g[i], tol * (1 + Math.abs(w[i])), what + " [" + i + "]");
        }
    }

    private static void close(Rates want, Rates got, String what) {
        close(want.dx(), got.dx(), 1e-5, what + " dx");
        close(want.dlnw(), got.dlnw(), 1e-5, what + " dlnw");
        close(want.dm(), got.dm(), 1e-5, what + " dm");
    }

    @Test
    void fusedRatesAndRolloutsMatchTheSeparateNetworks() {
        for (boolean noise : new boolean[] {true, false}) {
            RuotModel.Spec spec = new RuotModel.Spec(3, 0.1, true, noise, 1.0, 32, 3, 32, 3, 32, 3,
                    Activation.LEAKY_RELU);
            try (RuotModel model = RuotModel.create(spec, Device.cpu(), 7);
                    NDManager m = NDManager.newBaseManager(Device.cpu());
                    NDScope scope = new NDScope()) {
                assertFalse(model.fusedEvaluation(), "fusing must be off by default");
                model.setScoreOffset(0.3);
                m.getEngine().setRandomSeed(3);
                NDArray x = m.randomNormal(new Shape(50, 3));
                NDArray lnw = m.randomNormal(new Shape(50, 1)).mul(0.1);
                ParticleState st = new ParticleState(x, lnw, m.zeros(new Shape(50, 1)));
                ParticleState noWeights = new ParticleState(x, null, null);
                Rates[][] r = new Rates[2][];
                NDArray[] drift = new NDArray[2];
                ParticleState[] end = new ParticleState[2];
                for (int f = 0; f < 2; f++) {
                    model.setFusedEvaluation(f == 1);
                    r[f] = new Rates[] {model.transport().rates(0.4, st), model.transport().rates(0.4, noWeights),
                        model.transportWithPretrainEnergy().rates(0.4, st), model.transportWithEnergy().rates(0.4, st)};
                    drift[f] = model.stochastic().drift(0.4, x);
                    end[f] = OdeSolver.integrate(model.transportWithEnergy(), st, 0, 0.5, OdeOptions.euler(0.01));
                }
                String[] names = {"transport", "transport without weights", "pretrain energy", "energy"};
                for (int k = 0; k < names.length; k++) {
                    close(r[0][k], r[1][k], names[k] + (noise ? "" : " (no s)"));
                }
                close(drift[0], drift[1], 1e-5, "SDE drift");
                close(end[0].x(), end[1].x(), 1e-4, "rollout x");
                close(end[0].lnw(), end[1].lnw(), 1e-4, "rollout ln w");
                close(end[0].m(), end[1].m(), 1e-4, "rollout energy");
                assertEquals(DataType.FLOAT32, end[1].x().getDataType());
            }
        }
    }
}
