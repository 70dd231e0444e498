package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training steps scoped by NDScope leave no live NDArray behind in any manager. */
class MemoryTest {
    @Test
    void twoThousandScopedTrainingStepsDoNotGrowLiveArrays() {
        try (ParameterStore store = new ParameterStore(); NDManager batch = NDManager.newBaseManager(Device.cpu())) {
            Mlp v = new Mlp("v", new MlpSpec(3, 16, 2, 2, Activation.LEAKY_RELU), store, 1);
            Mlp s = new Mlp("s", new MlpSpec(3, 16, 2, 1, Activation.SILU), store, 2);
            List<NDArray> params = new ArrayList<>(v.parameters());
            params.addAll(s.parameters());
            Adam adam = new Adam(1e-3);
            Random rng = new Random(3);
            int[] counts = null;
            for (int step = 0; step < 2000; step++) {
                try (NDScope scope = new NDScope()) {
                    NDArray x = batch.randomNormal(new Shape(32, 2));
                    NDArray probe = Mlp.rademacher(batch, 32, 2, DataType.FLOAT32, rng);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        MlpOutput vo = v.forward(0.5, x, new Want(true, false, Divergence.EXACT), null);
                        MlpOutput ho = v.forward(0.5, x, Want.divergence(Divergence.HUTCHINSON), probe);
                        MlpOutput so = s.forward(batch.create(0.5f), x, Want.timeAndGradient(), null);
                        NDArray loss = vo.value().add(so.gradX()).square().mean()
                                .add(vo.div().add(ho.div()).mul(so.value().squeeze(1)).mean())
                                .add(vo.dt().square().mean()).add(so.dt().square().mean());
                        gc.backward(loss);
                    }
                    adam.step(params);
                }
                if (step == 10) { // after the optimizer created its buffers
                    counts = counts(store, batch);
                }
            }
            int[] after = counts(store, batch);
            assertEquals(counts[0], after[0], "live arrays in the parameter manager");
            assertEquals(counts[1], after[1], "live arrays in the batch manager");
            assertEquals(counts[2], after[2], "live arrays in the engine's system manager");
            assertTrue(after[0] >= params.size());
        }
    }

    @Test
    void withoutAScopeEveryTemporaryLandsInTheBatchManagerNotTheParameters() {
        try (ParameterStore store = new ParameterStore(); NDManager root = NDManager.newBaseManager(Device.cpu())) {
            Mlp v = new Mlp("v", new MlpSpec(3, 8, 2, 2, Activation.LEAKY_RELU), store, 1);
            Mlp s = new Mlp("s", new MlpSpec(3, 8, 2, 1, Activation.TANH), store, 2);
            try (NDScope warm = new NDScope()) { // creates the networks' two long-lived LeakyReLU constants
                v.forward(0.0, root.zeros(new Shape(1, 2)), Want.divergence(Divergence.EXACT), null);
            }
            int before = store.manager().getManagedArrays().size();
            assertEquals(v.parameters().size() + s.parameters().size() + 2, before);
            NDManager batch = root.newSubManager();
            NDArray x = batch.randomNormal(new Shape(5, 2));
            NDArray tOther = root.create(new float[] {0.25f}); // time from another manager
            NDArray probe = Mlp.rademacher(batch, 5, 2, DataType.FLOAT32, new Random(1));
            int created;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                MlpOutput a = v.forward(tOther, x, new Want(true, false, Divergence.EXACT), null);
                MlpOutput b = v.forward(tOther, x, new Want(true, false, Divergence.HUTCHINSON), probe);
                MlpOutput c = s.forward(tOther, x, Want.timeAndGradient(), null);
                NDArray loss = a.div().add(b.div()).sum().add(a.dt().sum()).add(c.gradX().sum()).add(c.dt().sum());
                gc.backward(loss);
                created = batch.getManagedArrays().size();
            }
            assertEquals(before, store.manager().getManagedArrays().size(), "parameter manager holds only parameters");
            assertTrue(created > 20, "temporaries were created in the batch manager: " + created);
            batch.close();
            assertEquals(1, root.getManagedArrays().size(), "only tOther is left outside the batch");
        }
    }

    private static int[] counts(ParameterStore store, NDManager batch) {
        return new int[] {store.manager().getManagedArrays().size(), batch.getManagedArrays().size(),
            batch.getParentManager().getManagedArrays().size()};
    }
}
