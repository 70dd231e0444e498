import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.ruot4j.nn.Activation;
import org.ruot4j.nn.Divergence;
import org.ruot4j.nn.Mlp;
import org.ruot4j.nn.MlpOutput;
import org.ruot4j.nn.MlpSpec;
import org.ruot4j.nn.ParameterStore;
import org.ruot4j.nn.Want;

/**
 * Micro-benchmark of Mlp forward (+ backward of a loss built from the outputs), float32, CPU.
 * Run through bench/nn/run.sh (sets the thread count). Prints one Markdown table row per case: median ms.
 */
public class MlpBench {
    public static void main(String[] args) {
        int n = 1000;
        int width = 128;
        int hidden = 3;
        int reps = Integer.parseInt(System.getProperty("reps", "40"));
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "?");
        String[] modes = System.getProperty("modes", "value,value+gradX,value+dt+gradX,value+exactDiv,value+dt+exactDiv,value+hutchinsonDiv").split(",");
        for (int dim : new int[] {2, 10}) {
            for (String mode : modes) {
                try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT32);
                        NDManager batch = NDManager.newBaseManager(Device.cpu())) {
                    boolean scalar = mode.contains("gradX");
                    Mlp net = new Mlp("net", new MlpSpec(1 + dim, width, hidden, scalar ? 1 : dim, Activation.LEAKY_RELU), store, 1);
                    Random rng = new Random(1);
                    double[] fwd = new double[reps];
                    double[] both = new double[reps];
                    double[] cpu = new double[reps];
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    for (int r = -5; r < reps; r++) {
                        try (NDScope scope = new NDScope()) {
                            NDArray x = batch.randomNormal(new Shape(n, dim));
                            NDArray probe = Mlp.rademacher(batch, n, dim, DataType.FLOAT32, rng);
                            long c0 = mx.getCurrentThreadCpuTime();
                            long t0 = System.nanoTime();
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                MlpOutput o = net.forward(0.5, x, want(mode), mode.contains("hutch") ? probe : null);
                                NDArray loss = o.value().square().mean();
                                if (o.gradX() != null) {
                                    loss = loss.add(o.gradX().square().mean());
                                }
                                if (o.div() != null) {
                                    loss = loss.add(o.div().square().mean());
                                }
                                if (o.dt() != null) {
                                    loss = loss.add(o.dt().square().mean());
                                }
                                loss.toFloatArray(); // synchronise
                                long t1 = System.nanoTime();
                                gc.backward(loss);
                                store.get("net.0.weight").getGradient().toFloatArray();
                                long t2 = System.nanoTime();
                                long c2 = mx.getCurrentThreadCpuTime();
                                if (r >= 0) {
                                    fwd[r] = (t1 - t0) / 1e6;
                                    both[r] = (t2 - t0) / 1e6;
                                    cpu[r] = (c2 - c0) / 1e6;
                                }
                            }
                            for (NDArray p : net.parameters()) {
                                NDArray g = p.getGradient();
                                g.subi(g);
                            }
                        }
                    }
                    System.out.printf("| %d | %d | %s | %.2f | %.2f | %.2f | %.2f |%n", dim, Integer.parseInt(threads), mode, median(fwd),
                            median(both), median(cpu), min(both));
                }
            }
        }
    }

    private static Want want(String mode) {
        switch (mode) {
            case "value": return Want.valueOnly();
            case "value+gradX": return Want.gradient();
            case "value+dt+gradX": return Want.timeAndGradient();
            case "value+exactDiv": return Want.divergence(Divergence.EXACT);
            case "value+dt+exactDiv": return new Want(true, false, Divergence.EXACT);
            case "value+hutchinsonDiv": return Want.divergence(Divergence.HUTCHINSON);
            default: throw new IllegalArgumentException(mode);
        }
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
