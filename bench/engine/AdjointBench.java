import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Would a hand-written adjoint of the Euler rollout beat autograd (bench/engine/RESULTS.md, session 5)? One
 * pretraining interval: S Euler steps of h of x' = v(t, x), (ln w)' = g(t, x) for N particles, v and g LeakyReLU
 * MLPs of 3 hidden layers of width H, then the gradient of mean(x²) + mean(ln w²) with respect to every weight.
 *
 * <ul>
 *   <li>autograd: the rollout inside a gradient collector, one backward (as IntervalRollout does);</li>
 *   <li>adjoint: the rollout without a graph, keeping each layer's input and the sign of z; the loss's gradient at
 *       the end state by autograd; then backwards through the steps a = a + (δ_1 W_1)[:, 1:], with
 *       δ_{l−1} = (δ_l W_l) ⊙ a'(z_{l−1}), ∂W_l += δ_lᵀ h_{l−1}, ∂b_l += Σ_rows δ_l, and δ_L = h·a (v) or h·a_w (g);</li>
 *   <li>adjoint, batched: the same, with each layer's weight gradient one multiply over the S stacked steps.</li>
 * </ul>
 * Prints the relative gradient error of both adjoints against autograd, then the median thread CPU ms per Euler step
 * of the three (alternated in each repeat), then where the adjoint's backward time goes.
 * Run: {@code java -cp target/classes:$(cat target/bench-classpath.txt) bench/engine/AdjointBench.java} with one
 * intra-op thread ({@code -Dai.djl.pytorch.num_threads=1}).
 */
public class AdjointBench {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static final int N = 400;
    static final int D = 2;
    static final int H = 128;
    static final int S = 20;
    static final float STEP = 0.05f;

    static double cpuMs() {
        return MX.getCurrentThreadCpuTime() / 1e6;
    }

    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /** p[net][2l] = W_{l+1}, p[net][2l+1] = b_{l+1}; net 0 = v (out D), 1 = g (out 1). */
    static NDArray[][] networks(NDManager m) {
        NDArray[][] p = new NDArray[2][8];
        for (int n = 0; n < 2; n++) {
            int[] ins = {D + 1, H, H, H};
            int[] outs = {H, H, H, n == 0 ? D : 1};
            for (int l = 0; l < 4; l++) {
                float bound = (float) (1 / Math.sqrt(ins[l]));
                p[n][2 * l] = m.randomUniform(-bound, bound, new Shape(outs[l], ins[l]));
                p[n][2 * l + 1] = m.randomUniform(-bound, bound, new Shape(outs[l]));
                p[n][2 * l].setRequiresGradient(true);
                p[n][2 * l + 1].setRequiresGradient(true);
            }
        }
        return p;
    }

    static NDArray input(NDManager m, float t, NDArray x) {
        return NDArrays.concat(new NDList(m.full(new Shape(N, 1), t), x), 1);
    }

    static NDArray loss(NDArray x, NDArray lnw) {
        return x.square().mean().add(lnw.square().mean());
    }

    /**
     * The Euler rollout of the interval; returns {x, ln w} at its end. With {@code inputs} and {@code positive}
     * (else null) it keeps, per step and network, each layer's input and the sign z &gt; 0 of each hidden layer.
     */
    static NDArray[] rollout(NDManager m, NDArray[][] p, NDArray x0, NDArray lnw0, NDArray[][][] inputs,
            NDArray[][][] positive) {
        NDArray x = x0;
        NDArray lnw = lnw0;
        for (int k = 0; k < S; k++) {
            NDArray in = input(m, k * STEP, x);
            NDArray[] y = new NDArray[2];
            for (int n = 0; n < 2; n++) {
                NDArray a = in;
                for (int l = 0; l < 3; l++) {
                    NDArray z = linear(a, p[n][2 * l], p[n][2 * l + 1]);
                    if (inputs != null) {
                        inputs[k][n][l] = a;
                        positive[k][n][l] = z.gt(0);
                    }
                    a = z.getNDArrayInternal().leakyRelu(0.01f);
                }
                if (inputs != null) {
                    inputs[k][n][3] = a;
                }
                y[n] = linear(a, p[n][6], p[n][7]);
            }
            x = x.add(y[0].mul(STEP));
            lnw = lnw.add(y[1].mul(STEP));
        }
        return new NDArray[] {x, lnw};
    }

    static void autograd(NDManager m, NDArray[][] p, NDArray x0, NDArray lnw0) {
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray[] end = rollout(m, p, x0, lnw0, null, null);
            gc.backward(loss(end[0], end[1]));
        }
    }

    /**
     * The adjoint's gradients, accumulated into p's. With {@code parts} (else null; the timed runs pass null, so
     * the clock reads stay out of them) the unbatched backward adds its thread CPU ms by kind: weight-gradient
     * multiplies, accumulations, bias sums, input-gradient multiplies, activation masks.
     */
    static void adjoint(NDManager m, NDArray[][] p, NDArray x0, NDArray lnw0, boolean batched, double[] parts) {
        try (NDScope scope = new NDScope()) {
            NDArray[][][] inputs = new NDArray[S][2][4];
            NDArray[][][] positive = new NDArray[S][2][3];
            NDArray[] end = rollout(m, p, x0, lnw0, inputs, positive);
            NDArray xe = end[0].duplicate();
            NDArray we = end[1].duplicate();
            xe.setRequiresGradient(true);
            we.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss(xe, we));
            }
            NDArray ax = xe.getGradient().duplicate();
            NDArray aw = we.getGradient().duplicate();
            NDArray[][] grads = new NDArray[2][8];
            for (int n = 0; n < 2; n++) {
                for (int j = 0; j < 8; j++) {
                    grads[n][j] = p[n][j].getGradient();
                }
            }
            NDArray[][][] deltas = new NDArray[S][2][4];
            boolean timing = parts != null && !batched;
            for (int k = S - 1; k >= 0; k--) {
                NDArray gin = null;
                for (int n = 0; n < 2; n++) {
                    NDArray d = (n == 0 ? ax : aw).mul(STEP);
                    for (int l = 3; l >= 0; l--) {
                        if (batched) {
                            deltas[k][n][l] = d;
                        } else {
                            double c0 = timing ? cpuMs() : 0;
                            NDArray gw = d.transpose().matMul(inputs[k][n][l]);
                            double c1 = timing ? cpuMs() : 0;
                            grads[n][2 * l].addi(gw);
                            double c2 = timing ? cpuMs() : 0;
                            grads[n][2 * l + 1].addi(d.sum(new int[] {0}));
                            if (timing) {
                                double c3 = cpuMs();
                                parts[0] += c1 - c0;
                                parts[1] += c2 - c1;
                                parts[2] += c3 - c2;
                            }
                        }
                        double c4 = timing ? cpuMs() : 0;
                        NDArray back = d.matMul(p[n][2 * l]);
                        double c5 = timing ? cpuMs() : 0;
                        if (l > 0) {
                            d = back.getNDArrayInternal().where(positive[k][n][l - 1], back.mul(0.01f));
                        } else {
                            gin = gin == null ? back : gin.add(back);
                        }
                        if (timing) {
                            parts[3] += c5 - c4;
                            parts[4] += cpuMs() - c5;
                        }
                    }
                }
                ax = ax.add(gin.get(new NDIndex(":, 1:")));
            }
            if (batched) {
                for (int n = 0; n < 2; n++) {
                    for (int l = 0; l < 4; l++) {
                        NDList ds = new NDList();
                        NDList as = new NDList();
                        for (int k = 0; k < S; k++) {
                            ds.add(deltas[k][n][l]);
                            as.add(inputs[k][n][l]);
                        }
                        NDArray dd = NDArrays.concat(ds, 0);
                        grads[n][2 * l].addi(dd.transpose().matMul(NDArrays.concat(as, 0)));
                        grads[n][2 * l + 1].addi(dd.sum(new int[] {0}));
                    }
                }
            }
        }
    }

    static void zero(NDArray[][] p) {
        for (NDArray[] q : p) {
            for (NDArray a : q) {
                a.getGradient().subi(a.getGradient());
            }
        }
    }

    static float[][] gradients(NDArray[][] p) {
        float[][] g = new float[16][];
        int i = 0;
        for (NDArray[] q : p) {
            for (NDArray a : q) {
                g[i++] = a.getGradient().toFloatArray();
            }
        }
        return g;
    }

    public static void main(String[] args) {
        int reps = Integer.parseInt(System.getProperty("reps", "15"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[][] p = networks(m);
            NDArray x0 = m.randomNormal(new Shape(N, D));
            NDArray lnw0 = m.zeros(new Shape(N, 1));
            zero(p);
            autograd(m, p, x0, lnw0);
            float[][] reference = gradients(p);
            for (boolean batched : new boolean[] {false, true}) {
                zero(p);
                adjoint(m, p, x0, lnw0, batched, null);
                float[][] g = gradients(p);
                double worst = 0;
                for (int i = 0; i < g.length; i++) {
                    double num = 0;
                    double den = 0;
                    for (int j = 0; j < g[i].length; j++) {
                        num += Math.pow(reference[i][j] - g[i][j], 2);
                        den += reference[i][j] * (double) reference[i][j];
                    }
                    worst = Math.max(worst, Math.sqrt(num / den));
                }
                System.out.printf(Locale.ROOT, "adjoint%s: largest relative gradient error %.2e%n",
                        batched ? " (batched)" : "", worst);
            }
            double[][] t = new double[3][reps];
            for (int r = -3; r < reps; r++) {
                double[] c = new double[4];
                c[0] = cpuMs();
                for (int kind = 0; kind < 3; kind++) {
                    for (int i = 0; i < 5; i++) {
                        zero(p);
                        if (kind == 0) {
                            autograd(m, p, x0, lnw0);
                        } else {
                            adjoint(m, p, x0, lnw0, kind == 2, null);
                        }
                    }
                    c[kind + 1] = cpuMs();
                }
                for (int kind = 0; r >= 0 && kind < 3; kind++) {
                    t[kind][r] = (c[kind + 1] - c[kind]) / 5 / S;
                }
            }
            for (double[] a : t) {
                Arrays.sort(a);
            }
            System.out.printf(Locale.ROOT, "ms per Euler step: autograd %.3f, adjoint %.3f, adjoint batched %.3f%n",
                    t[0][reps / 2], t[1][reps / 2], t[2][reps / 2]);
            double[] parts = new double[5];
            for (int i = 0; i < 20; i++) {
                zero(p);
                adjoint(m, p, x0, lnw0, false, parts);
            }
            double per = 20.0 * S;
            System.out.printf(Locale.ROOT, "adjoint backward ms per step: weight-gradient multiplies %.3f, accumulations"
                    + " %.3f, bias sums %.3f, input-gradient multiplies %.3f, activation masks %.3f%n", parts[0] / per,
                    parts[1] / per, parts[2] / per, parts[3] / per, parts[4] / per);
        }
    }
}
