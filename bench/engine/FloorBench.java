import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Activation;

/**
 * The matrix-multiply floor of one pretraining Euler step against the step as trained (bench/engine/floor.sh,
 * bench/engine/RESULTS.md). Shapes of the simulation preset: N particles (default 400), D = 2, v and g of width 128
 * with 3 hidden layers.
 *
 * <p>Floor: exactly the matrix multiplies of one step of v and g, forward (x·Wᵀ per layer), input gradients
 * (δ·W) and weight gradients (δᵀ·h), with the same libtorch kernel (DJL matMul on views, as linear and its
 * backward call it), nothing else; "A" with the weight gradients of both networks (stage A), "B" without g's
 * (stage B: g frozen). Kernels: the floor plus the unfused elementwise kernels libtorch runs around those multiplies
 * ({@link #kernels}), the least any eager implementation does. Step: an interval of {@code steps} (default 20) Euler
 * steps of h = 0.05, the pretraining schedule of the simulation and auto presets, of the model's transport inside a
 * gradient collector, then backward of mean(x²) + mean(ln w²), as IntervalRollout does (stage A: v and g trainable;
 * B: g frozen). Median thread CPU ms per step over the repeats (alternating floor, kernels and step within each
 * repeat).
 */
public class FloorBench {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static double cpuMs() {
        return MX.getCurrentThreadCpuTime() / 1e6;
    }

    /** The multiplies of one step; returns thread CPU ms. */
    static double floor(List<NDArray[]> mats) {
        double c0 = cpuMs();
        try (NDScope scope = new NDScope()) {
            for (NDArray[] p : mats) {
                p[0].matMul(p[1]).close();
            }
        }
        return cpuMs() - c0;
    }

    /**
     * The multiplies of one step as {left, right} pairs on the tensors of {@link #layers}: per layer the forward
     * x·Wᵀ (NT), the input gradient δ·W (NN) and, for v and (stage A) g, the weight gradient δᵀ·x (TN).
     */
    static List<NDArray[]> gemms(List<NDArray[]> layers, boolean gWeights) {
        List<NDArray[]> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            NDArray[] p = layers.get(i);
            out.add(new NDArray[] {p[0], p[1].transpose()});
            out.add(new NDArray[] {p[3], p[1]});
            if (i < 4 || gWeights) {
                out.add(new NDArray[] {p[3].transpose(), p[0]});
            }
        }
        return out;
    }

    /**
     * The libtorch kernels one step cannot do without, each called once through DJL and nothing else: per layer
     * the forward linear with its bias (addmm), LeakyReLU on hidden layers; backward the activation's gradient (an
     * elementwise product of the same size as leaky_relu_backward), the input-gradient and (when trained) the
     * weight-gradient multiply, the bias-gradient sum and the two gradient accumulations. Returns thread CPU ms.
     */
    static double kernels(List<NDArray[]> layers, boolean gWeights) {
        double c0 = cpuMs();
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < layers.size(); i++) {
                // p: {x, W, b, dy, gradW, gradB}
                NDArray[] p = layers.get(i);
                boolean hidden = i % 4 != 3;
                boolean trained = i < 4 || gWeights;
                NDArray z = linear(p[0], p[1], p[2]);
                if (hidden) {
                    z.getNDArrayInternal().leakyRelu(0.01f);
                }
                NDArray dz = hidden ? p[3].mul(p[3]) : p[3];
                dz.matMul(p[1]);
                if (trained) {
                    p[4].addi(dz.transpose().matMul(p[0]));
                    p[5].addi(dz.sum(new int[] {0}));
                }
            }
        }
        return cpuMs() - c0;
    }

    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    /**
     * Per layer of v (layers 0–3, out D) and g (4–7, out 1), width h: {x (n, in), W (out, in), b (out), δ (n, out),
     * ∂W, ∂b}, random but for the zero gradient buffers.
     */
    static List<NDArray[]> layers(NDManager m, int n, int d, int h) {
        List<NDArray[]> out = new ArrayList<>();
        for (int net = 0; net < 2; net++) {
            int o = net == 0 ? d : 1;
            int[] ins = {d + 1, h, h, h};
            int[] outs = {h, h, h, o};
            for (int l = 0; l < 4; l++) {
                out.add(new NDArray[] {m.randomNormal(new Shape(n, ins[l])), m.randomNormal(new Shape(outs[l], ins[l])),
                    m.randomNormal(new Shape(outs[l])), m.randomNormal(new Shape(n, outs[l])),
                    m.zeros(new Shape(outs[l], ins[l])), m.zeros(new Shape(outs[l]))});
            }
        }
        return out;
    }

    static double step(RuotModel model, NDManager batch, int n, int steps) {
        try (NDScope scope = new NDScope()) {
            NDArray x = batch.randomNormal(new Shape(n, 2));
            NDArray lnw = batch.zeros(new Shape(n, 1));
            double c0 = cpuMs();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ParticleState end = OdeSolver.integrate(model.transport(), new ParticleState(x, lnw, null), 0,
                        steps * 0.05, OdeOptions.euler(0.05));
                NDArray loss = end.x().square().mean().add(end.lnw().square().mean());
                gc.backward(loss);
                // the solver keeps its result out of every scope: closed here, or its graph's buffers leak and each
                // step afterwards writes into freshly faulted pages (~8000 minor faults per 20 steps)
                end.close();
            }
            return (cpuMs() - c0) / steps;
        }
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(System.getProperty("n", "400"));
        int reps = Integer.parseInt(System.getProperty("reps", "9"));
        int steps = Integer.parseInt(System.getProperty("steps", "20"));
        RuotModel.Spec spec = new RuotModel.Spec(2, 0.05, true, true, 1.0, 128, 3, 128, 3, 128, 3,
                Activation.LEAKY_RELU);
        System.out.println("| phase | floor CPU ms/step (matmuls only) | kernels CPU ms | kernels / floor | step CPU ms | step / floor | min step / min floor | GFLOP/step |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        try (RuotModel model = RuotModel.create(spec, Device.cpu(), 42);
                NDManager batch = NDManager.newBaseManager(Device.cpu())) {
            for (String phase : System.getProperty("phases", "A,B").split(",")) {
                boolean a = phase.equals("A");
                model.setTrainable("v", true);
                model.setTrainable("g", a);
                model.setTrainable("s", false);
                List<NDArray[]> lay = layers(batch, n, 2, 128);
                List<NDArray[]> mats = gemms(lay, a);
                double flops = 0;
                for (NDArray[] p : mats) {
                    Shape l = p[0].getShape();
                    flops += 2.0 * l.get(0) * l.get(1) * p[1].getShape().get(1);
                }
                double[] f = new double[reps];
                double[] s = new double[reps];
                double[] kk = new double[reps];
                for (int r = -2; r < reps; r++) {
                    double fr = 0;
                    double kr = 0;
                    for (int k = 0; k < steps; k++) {
                        fr += floor(mats);
                        kr += kernels(lay, a);
                    }
                    double sr = step(model, batch, n, steps);
                    if (r >= 0) {
                        f[r] = fr / steps;
                        kk[r] = kr / steps;
                        s[r] = sr;
                    }
                }
                double km = median(kk);
                double fm = median(f);
                double sm = median(s);
                double fmin = Arrays.stream(f).min().getAsDouble();
                double smin = Arrays.stream(s).min().getAsDouble();
                System.out.printf(Locale.ROOT, "| %s | %.3f (min %.3f) | %.3f | %.2f | %.3f (min %.3f) | %.2f | %.2f | %.4f |%n",
                        phase, fm, fmin, km, km / fm, sm, smin, sm / fm, smin / fmin, flops / 1e9);
            }
        }
    }
}
