package org.ruot4j.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ruot4j.data.Snapshots;
import org.ruot4j.nn.Activation;
import org.ruot4j.nn.Tensors;

/**
 * The change of units of a standardized fit: the data-units model folded from a training-units model computes
 * v = (s/T) v_z, g = g_z/T, s = (s²/T) s_z and ∇s = (s/T) ∇s_z at the corresponding points, with σ = σ_z s/√T; the
 * inverse fold gives back the training parameters; the frame of some snapshots is their mean, root total variance and mean gap.
 */
class UnitFrameTest {
    private static final UnitFrame FRAME = new UnitFrame(new double[] {1.5, -2, 0.25}, 2.5, 1, 4);

    @Test
    void foldedModelComputesTheTransformedFields() {
        RuotModel.Spec spec = new RuotModel.Spec(3, 0.2, true, true, 1.0, 16, 2, 16, 3, 16, 2, Activation.SILU);
        double s = FRAME.scale();
        double tt = FRAME.timeScale();
        try (RuotModel z = RuotModel.create(spec, Device.cpu(), 5); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            z.setScoreOffset(0.3);
            try (RuotModel x = FRAME.toData(z)) {
                assertEquals(0.2 * s / Math.sqrt(tt), x.sigma(), 1e-12);
                assertEquals(spec.width(), x.spec().width());
                SplittableRandom r = new SplittableRandom(1);
                int n = 20;
                double[] xs = new double[n * 3];
                double[] zs = new double[n * 3];
                for (int i = 0; i < n * 3; i++) {
                    xs[i] = FRAME.center()[i % 3] + 3 * (r.nextDouble() - 0.5);
                    zs[i] = (xs[i] - FRAME.center()[i % 3]) / s;
                }
                NDArray xa = Tensors.of(m, xs, new Shape(n, 3)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                NDArray za = Tensors.of(m, zs, new Shape(n, 3)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                for (double t : new double[] {1, 2.2, 9}) {
                    double tau = (t - 1) / tt;
                    close(x.velocity(t, xa), z.velocity(tau, za), s / tt, "v at t=" + t);
                    close(x.growth(t, xa), z.growth(tau, za), 1 / tt, "g at t=" + t);
                    close(x.score(t, xa), z.score(tau, za), s * s / tt, "s at t=" + t);
                    close(x.scoreGradient(t, xa), z.scoreGradient(tau, za), s / tt, "grad s at t=" + t);
                }
                try (RuotModel back = FRAME.toTraining(x)) {
                    assertEquals(z.sigma(), back.sigma(), 1e-12);
                    assertEquals(z.scoreOffset(), back.scoreOffset(), 1e-12);
                    Map<String, float[]> a = z.store().snapshot();
                    Map<String, float[]> b = back.store().snapshot();
                    for (String k : a.keySet()) {
                        for (int i = 0; i < a.get(k).length; i++) {
                            assertEquals(a.get(k)[i], b.get(k)[i], 1e-5 * (1 + Math.abs(a.get(k)[i])), k + "[" + i + "]");
                        }
                    }
                }
                // in place into an existing data-units model: the same values as a fresh fold
                try (RuotModel other = RuotModel.create(spec, Device.cpu(), 9)) {
                    try (RuotModel target = FRAME.toData(other)) {
                        FRAME.copyToData(z, target);
                        assertEquals(x.scoreOffset(), target.scoreOffset(), 1e-12);
                        Map<String, float[]> a = x.store().snapshot();
                        Map<String, float[]> b = target.store().snapshot();
                        for (String k : a.keySet()) {
                            assertTrue(java.util.Arrays.equals(a.get(k), b.get(k)), k);
                        }
                    }
                }
            }
        }
    }

    private static void close(NDArray data, NDArray training, double factor, String what) {
        float[] a = data.toFloatArray();
        float[] b = training.toFloatArray();
        assertEquals(b.length, a.length, what);
        double scale = 0;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v * factor));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i] * factor, a[i], 2e-5 * (1 + scale), what + " [" + i + "]");
        }
    }

    @Test
    void frameOfSnapshotsIsTheirMeanRootTotalVarianceAndMeanGap() {
        Snapshots d = Snapshots.builder("a", "b").add(2, 0, 10).add(2, 2, 14).add(5, 4, 10).add(5, 2, 6).add(8, 2, 10)
                .add(8, 2, 10).build();
        UnitFrame f = UnitFrame.of(d);
        assertEquals(2, f.center()[0], 1e-12);
        assertEquals(10, f.center()[1], 1e-12);
        // Var(a) = (4 + 0 + 4 + 0 + 0 + 0)/6, Var(b) = (0 + 16 + 0 + 16 + 0 + 0)/6
        assertEquals(Math.sqrt(8.0 / 6 + 32.0 / 6), f.scale(), 1e-12);
        assertEquals(2, f.t0());
        assertEquals(3, f.timeScale(), 1e-12);
        Snapshots z = f.toTraining(d);
        assertEquals(0, z.time(0));
        assertEquals(2, z.time(2), 1e-12);
        assertEquals((0 - 2) / f.scale(), z.get(0, 0, 0), 1e-12);
        assertEquals((14 - 10) / f.scale(), z.get(0, 1, 1), 1e-12);
        assertEquals(d.relativeMass(2), z.relativeMass(2));
        assertEquals(0.1 * Math.sqrt(3) / f.scale(), f.sigmaToTraining(0.1), 1e-12);
    }
}
