package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Input derivatives and second-order weight gradients of {@link Mlp} against central finite differences (float64). */
class MlpDerivativesTest {
    private static final int N = 7;
    private static final int D = 3;
    private static final double H = 1e-6;
    @RegisterExtension
    static final CpuManager CPU = new CpuManager();

    private static double[][] points(long seed) {
        Random r = new Random(seed);
        double[][] x = new double[N][D];
        for (double[] row : x) {
            for (int j = 0; j < D; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    private static double[] times(long seed) {
        Random r = new Random(seed);
        double[] t = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = 4 * r.nextDouble();
        }
        return t;
    }

    /** Values of the network at (t_i, x_i), as a host matrix (N, out). */
    private static double[][] eval(Mlp net, double[] t, double[][] x) {
        try (NDScope scope = new NDScope()) {
            NDArray y = net.value(col(t), mat(x));
            int out = net.spec().outputDim();
            double[] flat = y.toDoubleArray();
            double[][] r = new double[N][out];
            for (int i = 0; i < N; i++) {
                System.arraycopy(flat, i * out, r[i], 0, out);
            }
            return r;
        }
    }

    private static NDArray mat(double[][] x) {
        return CPU.get().create(x);
    }

    private static NDArray col(double[] t) {
        return CPU.get().create(t, new Shape(t.length, 1));
    }

    private static double[][] shiftX(double[][] x, int j, double h) {
        double[][] c = new double[N][];
        for (int i = 0; i < N; i++) {
            c[i] = x[i].clone();
            c[i][j] += h;
        }
        return c;
    }

    private static double[] shiftT(double[] t, double h) {
        double[] c = t.clone();
        for (int i = 0; i < N; i++) {
            c[i] += h;
        }
        return c;
    }

    /** Jacobian by central differences: jac[i][k][j] = ∂y_k/∂x_j at row i. */
    private static double[][][] fdJacobian(Mlp net, double[] t, double[][] x) {
        int out = net.spec().outputDim();
        double[][][] jac = new double[N][out][D];
        for (int j = 0; j < D; j++) {
            double[][] plus = eval(net, t, shiftX(x, j, H));
            double[][] minus = eval(net, t, shiftX(x, j, -H));
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < out; k++) {
                    jac[i][k][j] = (plus[i][k] - minus[i][k]) / (2 * H);
                }
            }
        }
        return jac;
    }

    private static double[][] fdTime(Mlp net, double[] t, double[][] x) {
        double[][] plus = eval(net, shiftT(t, H), x);
        double[][] minus = eval(net, shiftT(t, -H), x);
        int out = net.spec().outputDim();
        double[][] r = new double[N][out];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < out; k++) {
                r[i][k] = (plus[i][k] - minus[i][k]) / (2 * H);
            }
        }
        return r;
    }

    /** A network, random points and times, and by central differences its Jacobian and time derivative there. */
    private record FiniteDifferences(Mlp net, double[][] x, double[] t, double[][][] jac, double[][] dt) {
        static FiniteDifferences of(ParameterStore store, String name, MlpSpec spec, long netSeed, long pointSeed,
                long timeSeed) {
            Mlp net = new Mlp(name, spec, store, netSeed);
            double[][] x = points(pointSeed);
            double[] t = times(timeSeed);
            return new FiniteDifferences(net, x, t, fdJacobian(net, t, x), fdTime(net, t, x));
        }

        /** The network's outputs at these points and times. */
        MlpOutput forward(Want want, NDArray probe) {
            return net.forward(col(t), mat(x), want, probe);
        }
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 2e-6 * (1 + Math.abs(expected)), what);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void scalarNetworkTimeAndGradientMatchFiniteDifferences(Activation act) {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            FiniteDifferences fd = FiniteDifferences.of(store, "s", new MlpSpec(1 + D, 16, 3, 1, act), 11, 1, 2);
            try (NDScope scope = new NDScope()) {
                MlpOutput o = fd.forward(Want.timeAndGradient(), null);
                assertEquals(new Shape(N, D), o.gradX().getShape());
                assertEquals(new Shape(N, 1), o.dt().getShape());
                assertNull(o.div());
                double[] g = o.gradX().toDoubleArray();
                double[] dt = o.dt().toDoubleArray();
                double[] v = o.value().toDoubleArray();
                double[][] ref = eval(fd.net(), fd.t(), fd.x());
                for (int i = 0; i < N; i++) {
                    close(ref[i][0], v[i], "value");
                    close(fd.dt()[i][0], dt[i], act + " ds/dt row " + i);
                    for (int j = 0; j < D; j++) {
                        close(fd.jac()[i][0][j], g[i * D + j], act + " ds/dx_" + j + " row " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void vectorNetworkTimeDerivativeAndExactDivergenceMatchFiniteDifferences(Activation act) {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            FiniteDifferences fd = FiniteDifferences.of(store, "v", new MlpSpec(1 + D, 16, 3, D, act), 12, 3, 4);
            try (NDScope scope = new NDScope()) {
                MlpOutput o = fd.forward(new Want(true, false, Divergence.EXACT), null);
                assertEquals(new Shape(N), o.div().getShape());
                assertEquals(new Shape(N, D), o.dt().getShape());
                double[] div = o.div().toDoubleArray();
                double[] dt = o.dt().toDoubleArray();
                for (int i = 0; i < N; i++) {
                    double trace = 0;
                    for (int j = 0; j < D; j++) {
                        trace += fd.jac()[i][j][j];
                        close(fd.dt()[i][j], dt[i * D + j], act + " dv_" + j + "/dt row " + i);
                    }
                    close(trace, div[i], act + " div row " + i);
                }
                // divergence alone (no time tangent batched in) must agree
                double[] divOnly = fd.forward(Want.divergence(Divergence.EXACT), null).div().toDoubleArray();
                for (int i = 0; i < N; i++) {
                    assertEquals(div[i], divOnly[i], 1e-12);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void hutchinsonIsTheProbeQuadraticFormAndAveragesToTheTrace(Activation act) {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            FiniteDifferences fd = FiniteDifferences.of(store, "v", new MlpSpec(1 + D, 16, 2, D, act), 13, 5, 6);
            double[] mean = new double[N];
            int patterns = 1 << D;
            // every sign pattern ε ∈ {±1}^D once: the exact expectation of a Rademacher probe
            for (int p = 0; p < patterns; p++) {
                double[][] eps = new double[N][D];
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < D; j++) {
                        eps[i][j] = ((p >> j) & 1) == 1 ? 1 : -1;
                    }
                }
                try (NDScope scope = new NDScope()) {
                    MlpOutput o = fd.forward(new Want(true, false, Divergence.HUTCHINSON), mat(eps));
                    double[] est = o.div().toDoubleArray();
                    double[] dt = o.dt().toDoubleArray();
                    for (int i = 0; i < N; i++) {
                        double quad = 0;
                        for (int a = 0; a < D; a++) {
                            for (int b = 0; b < D; b++) {
                                quad += eps[i][a] * fd.jac()[i][a][b] * eps[i][b];
                            }
                            close(fd.dt()[i][a], dt[i * D + a], act + " dt with Hutchinson");
                        }
                        close(quad, est[i], act + " εᵀJε row " + i);
                        mean[i] += est[i] / patterns;
                    }
                }
            }
            try (NDScope scope = new NDScope()) {
                double[] exact = fd.forward(Want.divergence(Divergence.EXACT), null).div().toDoubleArray();
                for (int i = 0; i < N; i++) {
                    assertEquals(exact[i], mean[i], 1e-10, act + " mean of Hutchinson over all probes");
                }
            }
        }
    }

    @Test
    void randomRademacherProbesAverageToTheExactDivergence() {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            Mlp v = new Mlp("v", new MlpSpec(1 + D, 16, 2, D, Activation.TANH), store, 14);
            double[][] x = points(7);
            Random rng = new Random(99);
            int probes = 4000;
            double[] mean = new double[N];
            double[] sq = new double[N];
            for (int p = 0; p < probes; p++) {
                try (NDScope scope = new NDScope()) {
                    NDArray eps = Mlp.rademacher(CPU.get(), N, D, DataType.FLOAT64, rng);
                    double[] est = v.forward(0.7, mat(x), Want.divergence(Divergence.HUTCHINSON), eps).div().toDoubleArray();
                    for (int i = 0; i < N; i++) {
                        mean[i] += est[i] / probes;
                        sq[i] += est[i] * est[i] / probes;
                    }
                }
            }
            try (NDScope scope = new NDScope()) {
                double[] exact = v.forward(0.7, mat(x), Want.divergence(Divergence.EXACT), null).div().toDoubleArray();
                for (int i = 0; i < N; i++) {
                    double sd = Math.sqrt(Math.max(sq[i] - mean[i] * mean[i], 0) / probes);
                    assertEquals(exact[i], mean[i], 5 * sd + 1e-12, "row " + i);
                }
            }
        }
    }

    @Test
    void scalarTimeEqualsBroadcastColumn() {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64); NDScope scope = new NDScope()) {
            Mlp s = new Mlp("s", new MlpSpec(1 + D, 8, 2, 1, Activation.SILU), store, 3);
            double[][] x = points(8);
            double[] t = new double[N];
            java.util.Arrays.fill(t, 1.25);
            MlpOutput a = s.forward(CPU.get().create(1.25), mat(x), Want.timeAndGradient(), null);
            MlpOutput b = s.forward(col(t), mat(x), Want.timeAndGradient(), null);
            MlpOutput c = s.forward(1.25, mat(x), Want.timeAndGradient(), null);
            for (NDArray[] pair : new NDArray[][] {{a.value(), b.value()}, {a.dt(), b.dt()}, {a.gradX(), b.gradX()},
                {c.gradX(), b.gradX()}}) {
                double[] p = pair[0].toDoubleArray();
                double[] q = pair[1].toDoubleArray();
                for (int i = 0; i < p.length; i++) {
                    assertEquals(q[i], p[i], 1e-14);
                }
            }
        }
    }

    /** Loss built from input derivatives; returns its value. */
    private static NDArray derivativeLoss(Mlp s, Mlp v, NDArray t, NDArray x, NDArray probe) {
        MlpOutput so = s.forward(t, x, Want.timeAndGradient(), null);
        MlpOutput vo = v.forward(t, x, new Want(true, false, Divergence.EXACT), null);
        MlpOutput ho = v.forward(t, x, Want.divergence(Divergence.HUTCHINSON), probe);
        // a Fokker–Planck-like mix: every derivative enters nonlinearly
        return so.gradX().square().sum()
                .add(so.dt().mul(so.value()).sum())
                .add(vo.div().square().sum())
                .add(vo.dt().mul(vo.value()).sum())
                .add(ho.div().mul(so.value().squeeze(1)).sum())
                .add(vo.value().mul(so.gradX()).sum());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void weightGradientOfDerivativeLossMatchesFiniteDifferences(Activation act) {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            Mlp s = new Mlp("s", new MlpSpec(1 + D, 10, 2, 1, act), store, 21);
            Mlp v = new Mlp("v", new MlpSpec(1 + D, 10, 2, D, act), store, 22);
            double[][] xs = points(9);
            double[] ts = times(10);
            double[][] eps = new double[N][D];
            Random r = new Random(5);
            for (double[] row : eps) {
                for (int j = 0; j < D; j++) {
                    row[j] = r.nextBoolean() ? 1 : -1;
                }
            }
            List<String> names = new java.util.ArrayList<>(s.parameterNames());
            names.addAll(v.parameterNames());
            double[][] grads = new double[names.size()][];
            try (NDScope scope = new NDScope()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = derivativeLoss(s, v, col(ts), mat(xs), mat(eps));
                    gc.backward(loss);
                }
                for (int k = 0; k < names.size(); k++) {
                    NDArray g = store.get(names.get(k)).getGradient();
                    grads[k] = g.toDoubleArray();
                    g.subi(g);
                }
            }
            Random pick = new Random(77);
            int checked = 0;
            double hw = 1e-6;
            for (int k = 0; k < names.size(); k++) {
                NDArray p = store.get(names.get(k));
                double[] orig = p.toDoubleArray();
                for (int rep = 0; rep < 3; rep++) {
                    int idx = pick.nextInt(orig.length);
                    double lp = lossWith(store, names.get(k), orig, idx, hw, s, v, ts, xs, eps);
                    double lm = lossWith(store, names.get(k), orig, idx, -hw, s, v, ts, xs, eps);
                    double fd = (lp - lm) / (2 * hw);
                    assertEquals(fd, grads[k][idx], 1e-5 * (1 + Math.abs(fd)), act + " d loss / d " + names.get(k) + "[" + idx + "]");
                    checked++;
                }
                try (NDScope scope = new NDScope()) {
                    store.put(names.get(k), CPU.get().create(orig, p.getShape()));
                }
            }
            assertTrue(checked >= 3 * names.size());
        }
    }

    private static double lossWith(ParameterStore store, String name, double[] orig, int idx, double h, Mlp s, Mlp v,
            double[] ts, double[][] xs, double[][] eps) {
        try (NDScope scope = new NDScope()) {
            double[] w = orig.clone();
            w[idx] += h;
            store.put(name, CPU.get().create(w, store.get(name).getShape()));
            return derivativeLoss(s, v, col(ts), mat(xs), mat(eps)).toDoubleArray()[0];
        }
    }

    @Test
    void badShapesAndRequestsAreRuotExceptions() {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64); NDScope scope = new NDScope()) {
            Mlp s = new Mlp("s", new MlpSpec(1 + D, 8, 1, 1, Activation.TANH), store, 1);
            Mlp v = new Mlp("v", new MlpSpec(1 + D, 8, 1, D, Activation.TANH), store, 1);
            NDArray x = mat(points(1));
            NDArray wrongD = CPU.get().zeros(new Shape(N, D + 1), DataType.FLOAT64);
            assertThrows(RuotException.class, () -> s.value(0.0, wrongD));
            assertThrows(RuotException.class, () -> v.forward(0.0, x, Want.gradient(), null));
            assertThrows(RuotException.class, () -> s.forward(0.0, x, Want.divergence(Divergence.EXACT), null));
            assertThrows(RuotException.class, () -> v.forward(0.0, x, Want.divergence(Divergence.HUTCHINSON), null));
            assertThrows(RuotException.class, () -> s.value(0.0, x.toType(DataType.FLOAT32, false)));
            assertThrows(RuotException.class, () -> s.value(CPU.get().zeros(new Shape(N + 1, 1), DataType.FLOAT64), x));
            assertThrows(RuotException.class, () -> new Mlp("s", new MlpSpec(1 + D, 9, 1, 1, Activation.TANH), store, 1));
            assertNotNull(s.value(0.0, x));
        }
    }
}
