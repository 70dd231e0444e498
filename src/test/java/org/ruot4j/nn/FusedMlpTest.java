package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ruot4j.RuotException;

/**
 * The fused evaluation of v, g and s against the three separate networks: values, ∂t, ∇x, exact and Hutchinson
 * divergence, and the weight gradients of a loss built from all of them. Float64 to 1e-12 (relative), float32 to
 * 1e-5: the stacked multiplies may round differently, the formulas are the same.
 */
class FusedMlpTest {
    private static final int N = 9;
    private static final int D = 3;
    @RegisterExtension
    static final CpuManager CPU = new CpuManager();

    private static NDArray points(long seed, DataType dtype) {
        Random r = new Random(seed);
        double[] x = new double[N * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        NDArray a = CPU.get().create(x, new Shape(N, D));
        return dtype == DataType.FLOAT64 ? a : a.toType(dtype, false);
    }

    private static NDArray times(long seed, DataType dtype) {
        Random r = new Random(seed);
        double[] t = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = 4 * r.nextDouble();
        }
        NDArray a = CPU.get().create(t, new Shape(N, 1));
        return dtype == DataType.FLOAT64 ? a : a.toType(dtype, false);
    }

    private static void assertClose(NDArray want, NDArray got, double rel, String what) {
        if (want == null) {
            assertNull(got, what);
            return;
        }
        assertEquals(want.getShape(), got.getShape(), what + " shape");
        double[] w = want.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] g = got.toType(DataType.FLOAT64, false).toDoubleArray();
        double scale = 0;
        for (double v : w) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], g[i], rel * (1 + scale), what + " [" + i + "]");
        }
    }

    private static void assertSame(MlpOutput want, MlpOutput got, double rel, String what) {
        assertClose(want.value(), got.value(), rel, what + " value");
        assertClose(want.dt(), got.dt(), rel, what + " dt");
        assertClose(want.gradX(), got.gradX(), rel, what + " gradX");
        assertClose(want.div(), got.div(), rel, what + " div");
    }

    private static Mlp[] nets(ParameterStore store, Activation act) {
        return new Mlp[] {
            new Mlp("v", new MlpSpec(1 + D, 16, 3, D, act), store, 21),
            new Mlp("g", new MlpSpec(1 + D, 16, 3, 1, act), store, 22),
            new Mlp("s", new MlpSpec(1 + D, 16, 3, 1, act), store, 23)};
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void valuesAndInputDerivativesMatchTheSeparateNetworks(Activation act) {
        for (DataType dtype : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double rel = dtype == DataType.FLOAT64 ? 1e-12 : 1e-5;
            try (ParameterStore store = new ParameterStore(Device.cpu(), dtype)) {
                Mlp[] m = nets(store, act);
                FusedMlp fused = new FusedMlp(List.of(m));
                NDArray probe = Mlp.rademacher(CPU.get(), N, D, dtype, new Random(5));
                Want[][] cases = {
                    {Want.valueOnly(), Want.valueOnly(), Want.valueOnly()},
                    {Want.valueOnly(), Want.valueOnly(), Want.gradient()},
                    {new Want(true, false, Divergence.EXACT), Want.timeAndGradient(), Want.timeAndGradient()},
                    {new Want(true, false, Divergence.HUTCHINSON), Want.valueOnly(), Want.gradient()},
                    {Want.divergence(Divergence.EXACT), Want.gradient(), Want.valueOnly()},
                };
                for (Want[] wants : cases) {
                    NDArray[] probes = {wants[0].div() == Divergence.HUTCHINSON ? probe : null, null, null};
                    for (boolean perRowTime : new boolean[] {true, false}) {
                        try (NDScope scope = new NDScope()) {
                            NDArray x = points(1, dtype);
                            NDArray t = perRowTime ? times(2, dtype)
                                    : (dtype == DataType.FLOAT64 ? Tensors.of(CPU.get(), 1.7) : Tensors.of(CPU.get(), 1.7f));
                            MlpOutput[] got = fused.forward(t, x, wants, probes);
                            for (int k = 0; k < 3; k++) {
                                MlpOutput want = m[k].forward(t, x, wants[k], probes[k]);
                                assertSame(want, got[k], rel, act + " " + dtype + " " + m[k].name() + " "
                                        + wants[k] + (perRowTime ? " per-row t" : " scalar t"));
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void weightGradientsMatchTheSeparateNetworks(Activation act) {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            Mlp[] m = nets(store, act);
            FusedMlp fused = new FusedMlp(List.of(m));
            Want[] wants = {Want.divergence(Divergence.EXACT), Want.valueOnly(), Want.gradient()};
            List<NDArray> params = new java.util.ArrayList<>();
            for (Mlp net : m) {
                params.addAll(net.parameters());
            }
            double[][] separate = gradients(params, x -> {
                MlpOutput[] o = new MlpOutput[3];
                for (int k = 0; k < 3; k++) {
                    o[k] = m[k].forward(0.6, x, wants[k], null);
                }
                return o;
            });
            double[][] together = gradients(params, x -> fused.forward(0.6, x, wants, null));
            for (int p = 0; p < params.size(); p++) {
                for (int i = 0; i < separate[p].length; i++) {
                    assertEquals(separate[p][i], together[p][i], 1e-12 * (1 + Math.abs(separate[p][i])),
                            act + " parameter " + p + " [" + i + "]");
                }
            }
        }
    }

    /** Weight gradients of L = Σ (‖v‖² + div v + g·s + ‖∇s‖²) (a loss touching every output and derivative). */
    private static double[][] gradients(List<NDArray> params, java.util.function.Function<NDArray, MlpOutput[]> f) {
        double[][] out = new double[params.size()][];
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients(); // the two calls share the parameters, whose gradients accumulate
            NDArray x = points(3, DataType.FLOAT64);
            MlpOutput[] o = f.apply(x);
            NDArray loss = o[0].value().square().sum().add(o[0].div().sum()).add(o[1].value().mul(o[2].value()).sum())
                    .add(o[2].gradX().square().sum());
            gc.backward(loss);
            for (int p = 0; p < params.size(); p++) {
                out[p] = params.get(p).getGradient().toDoubleArray();
            }
        }
        return out;
    }

    @Test
    void mismatchedNetworksAreAClearError() {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT32)) {
            Mlp a = new Mlp("v", new MlpSpec(1 + D, 16, 3, D, Activation.TANH), store, 1);
            Mlp b = new Mlp("g", new MlpSpec(1 + D, 32, 3, 1, Activation.TANH), store, 2);
            assertEquals(false, FusedMlp.compatible(List.of(a, b)));
            RuotException e = assertThrows(RuotException.class, () -> new FusedMlp(List.of(a, b)));
            assertEquals(true, e.getMessage().contains("same input, width, depth"));
        }
    }
}
