package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** Optimizers against hand-computed PyTorch updates on loss = Σ c_i p_i² (gradient 2 c_i p_i). */
class OptimizerTest {
    private static final double[] C = {1.0, 0.5, 3.0};
    private static final double[] P0 = {1.0, -2.0, 0.25};

    private static ParameterStore store() {
        ParameterStore s = new ParameterStore(Device.cpu(), DataType.FLOAT64);
        s.put("p", new Shape(3), P0);
        s.setTrainable(List.of("p"), true);
        return s;
    }

    private static void backward(ParameterStore s) {
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray p = s.get("p");
            NDArray loss = p.square().mul(s.manager().create(C)).sum();
            gc.backward(loss);
        }
    }

    private static double[] grad(double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = 2 * C[i] * p[i];
        }
        return g;
    }

    /** torch.optim.Adam / AdamW, written out. */
    private static double[] handAdam(int steps, double lr, double beta1, double beta2, double eps, double wd, boolean decoupled) {
        // the fused native update applies the betas in float32 (documented on Adam)
        double b1 = (float) beta1;
        double b2 = (float) beta2;
        double[] p = P0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int k = 1; k <= steps; k++) {
            double[] g = grad(p);
            for (int i = 0; i < 3; i++) {
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    g[i] += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mh = m[i] / (1 - Math.pow(b1, k));
                double vh = v[i] / (1 - Math.pow(b2, k));
                p[i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
        }
        return p;
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            // the fused native update takes its scalars in float32: relative 1e-7 on each step's change
            assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void adamMatchesHandComputedSteps() {
        try (ParameterStore s = store()) {
            Adam adam = new Adam(0.125);
            for (int k = 0; k < 3; k++) {
                backward(s);
                adam.step(List.of(s.get("p")));
            }
            assertClose(handAdam(3, 0.125, 0.9, 0.999, 1e-8, 0, false), s.get("p").toDoubleArray());
            // first step moves every coordinate by lr against the gradient's sign
            assertEquals(3, adam.steps());
        }
        try (ParameterStore s = store()) {
            Adam one = new Adam(0.125);
            backward(s);
            one.step(List.of(s.get("p")));
            assertArrayEquals(new double[] {1 - 0.125, -2 + 0.125, 0.25 - 0.125}, s.get("p").toDoubleArray(), 1e-7);
            // gradient was zeroed
            assertArrayEquals(new double[3], s.get("p").getGradient().toDoubleArray(), 0.0);
        }
    }

    @Test
    void adamWithCoupledAndDecoupledWeightDecay() {
        assertFourStepsAreHandAdam(new Adam(0.05, 0.8, 0.99, 1e-3, 0.1), false);
        assertFourStepsAreHandAdam(new AdamW(0.05, 0.8, 0.99, 1e-3, 0.1), true);
    }

    /** Four steps of {@code adam} (lr 0.05, β 0.8 and 0.99, ε 1e-3, weight decay 0.1) on a fresh store. */
    private static void assertFourStepsAreHandAdam(Adam adam, boolean decoupled) {
        try (ParameterStore s = store()) {
            for (int k = 0; k < 4; k++) {
                backward(s);
                adam.step(List.of(s.get("p")));
            }
            assertClose(handAdam(4, 0.05, 0.8, 0.99, 1e-3, 0.1, decoupled), s.get("p").toDoubleArray());
        }
    }

    @Test
    void sgdMomentumFollowsPyTorchWhenTheLearningRateChanges() {
        try (ParameterStore s = store()) {
            Sgd sgd = new Sgd(0.1, 0.9, 0.01);
            double[] p = P0.clone();
            double[] buf = new double[3];
            double[] lrs = {0.1, 0.05, 0.2};
            for (double lr : lrs) {
                sgd.setLearningRate(lr);
                backward(s);
                sgd.step(List.of(s.get("p")));
                double[] g = grad(p);
                for (int i = 0; i < 3; i++) {
                    g[i] += 0.01 * p[i];
                    buf[i] = 0.9 * buf[i] + g[i];
                    p[i] -= lr * buf[i];
                }
            }
            assertArrayEquals(p, s.get("p").toDoubleArray(), 1e-12);
        }
    }

    @Test
    void frozenParametersAreNotUpdated() {
        try (ParameterStore s = store()) {
            s.put("q", new Shape(2), new double[] {1, 1});
            backward(s);
            new Adam(0.1).step(List.of(s.get("p"), s.get("q")));
            assertArrayEquals(new double[] {1, 1}, s.get("q").toDoubleArray(), 0.0);
        }
    }

    @Test
    void stateSaveLoadResumesIdentically(@TempDir Path dir) {
        Path file = dir.resolve("adam.bin");
        try (ParameterStore a = store(); ParameterStore b = store()) {
            Adam oa = new Adam(0.1);
            for (int k = 0; k < 2; k++) {
                backward(a);
                oa.step(List.of(a.get("p")));
            }
            oa.saveState(file, List.of(a.get("p")));
            b.put("p", a.get("p"));
            Adam ob = new Adam(0.7);
            ob.loadState(file, List.of(b.get("p")));
            assertEquals(0.1, ob.learningRate());
            assertEquals(2, ob.steps());
            backward(a);
            oa.step(List.of(a.get("p")));
            backward(b);
            ob.step(List.of(b.get("p")));
            assertArrayEquals(a.get("p").toDoubleArray(), b.get("p").toDoubleArray(), 0.0);
            assertThrows(RuotException.class, () -> new Sgd(0.1, 0.9).loadState(file, List.of(b.get("p"))));
        }
    }

    /** Adam keeps 2, SGD 1 buffer per stepped parameter; close() (or, failing that, collection) frees them. */
    @Test
    void closeFreesTheBuffersAndAnUnreachableOptimizerIsFreedAfterCollection() throws InterruptedException {
        try (ParameterStore s = store()) {
            s.put("q", new Shape(2), new double[] {1, -1});
            s.setTrainable(List.of("q"), true);
            List<NDArray> params = List.of(s.get("p"), s.get("q"));
            int base = s.manager().getManagedArrays().size();
            try (Adam adam = new Adam(0.1); Sgd sgd = new Sgd(0.1, 0.9)) {
                backward(s);
                adam.step(params);
                assertEquals(base + 4, s.manager().getManagedArrays().size());
                backward(s);
                sgd.step(params);
                assertEquals(base + 6, s.manager().getManagedArrays().size());
                adam.close();
                assertEquals(base + 2, s.manager().getManagedArrays().size());
                adam.close(); // idempotent
                assertThrows(IllegalStateException.class, () -> adam.step(params));
            }
            assertEquals(base, s.manager().getManagedArrays().size());

            stepAndDrop(s, params);
            assertEquals(base + 4, s.manager().getManagedArrays().size());
            for (int i = 0; i < 100 && s.manager().getManagedArrays().size() != base; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertEquals(base, s.manager().getManagedArrays().size(), "buffers of a collected optimizer");
        }
    }

    private static void stepAndDrop(ParameterStore s, List<NDArray> params) {
        Adam dropped = new Adam(0.1);
        backward(s);
        dropped.step(params);
    }

    @Test
    void schedules() {
        LrSchedule step = LrSchedule.step(1.0, 10, 0.5);
        assertEquals(1.0, step.learningRate(9));
        assertEquals(0.5, step.learningRate(10));
        assertEquals(0.25, step.learningRate(25));
        LrSchedule cos = LrSchedule.cosine(1.0, 100, 0.1);
        assertEquals(1.0, cos.learningRate(0), 1e-15);
        assertEquals(0.55, cos.learningRate(50), 1e-15);
        assertEquals(0.1, cos.learningRate(100), 1e-15);
        assertEquals(0.1, cos.learningRate(150), 1e-15);
        Sgd sgd = new Sgd(1, 0);
        cos.apply(sgd, 50);
        assertEquals(0.55, sgd.learningRate(), 1e-15);
    }
}
