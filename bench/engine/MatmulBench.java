import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Single-precision matrix multiply through the bundled libtorch (DJL), one thread: the shapes of one hidden layer
 * of pretraining, forward (400x128 · 128x128) and the weight-gradient product (128x400 · 400x128). Prints the
 * median CPU GFLOP/s of 9 blocks of 400 multiplies each (thread CPU time, so other sessions' load affects it
 * little). Run through bench/engine/matmul.sh, which varies the environment.
 */
public class MatmulBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(System.getProperty("n", "400"));
        int h = 128;
        int per = 400;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = m.randomNormal(new Shape(n, h));
            NDArray w = m.randomNormal(new Shape(h, h));
            NDArray at = m.randomNormal(new Shape(h, n));
            StringBuilder out = new StringBuilder();
            for (int shape = 0; shape < 2; shape++) {
                double[] gf = new double[9];
                for (int b = -2; b < gf.length; b++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int k = 0; k < per; k++) {
                        try (NDArray c = shape == 0 ? a.matMul(w) : at.matMul(a)) {
                            c.toFloatArray(); // force completion (and the copy, the same in every variant)
                        }
                    }
                    double s = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                    if (b >= 0) {
                        gf[b] = 2.0 * n * h * h * per / s / 1e9;
                    }
                }
                Arrays.sort(gf);
                out.append(String.format(" %s %.1f", shape == 0 ? "fwd" : "wgrad", gf[gf.length / 2]));
            }
            System.out.println("GFLOP/s" + out);
        }
    }
}
