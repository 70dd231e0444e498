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
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleDynamics;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Activation;

/**
 * Fused against separate network evaluation per Euler step (RuotModel.setFusedEvaluation), float32, CPU, the
 * simulation preset's shapes (D = 2, width 128, 3 hidden layers, LeakyReLU, N = 400 particles). One timed unit:
 * an Euler rollout of 100 steps of h = 0.01 with the given dynamics, then backward of mean(x²) + mean(ln w²)
 * (+ mean(m) with energy) — a pretraining / joint-stage interval. Fused and separate alternate within every
 * repeat (same load). Prints median CPU ms per step of each, their ratio, and the largest difference of the
 * rolled-out states. Run through bench/nn/fused.sh.
 */
public class FusedStepBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(System.getProperty("n", "400"));
        int reps = Integer.parseInt(System.getProperty("reps", "15"));
        int steps = 100;
        System.out.println("| dynamics | separate CPU ms/step | fused CPU ms/step | fused / separate | max |Δx| | max |Δ ln w| |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String kind : new String[] {"transport (v, g)", "energy (v, g, s, ∇s)"}) {
            boolean energy = kind.startsWith("energy");
            RuotModel.Spec spec = new RuotModel.Spec(2, 0.05, true, true, 1.0, 128, 3, 128, 3, 128, 3,
                    Activation.LEAKY_RELU);
            try (RuotModel model = RuotModel.create(spec, Device.cpu(), 42);
                    NDManager batch = NDManager.newBaseManager(Device.cpu())) {
                double[][] cpu = new double[2][reps];
                double dx = 0;
                double dw = 0;
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                for (int r = -3; r < reps; r++) {
                    float[][] finals = new float[2][];
                    float[][] lnws = new float[2][];
                    for (int f = 0; f < 2; f++) {
                        model.setFusedEvaluation(f == 1);
                        try (NDScope scope = new NDScope()) {
                            batch.getEngine().setRandomSeed(r + 100);
                            NDArray x = batch.randomNormal(new Shape(n, 2));
                            NDArray lnw = batch.zeros(new Shape(n, 1));
                            NDArray m = batch.zeros(new Shape(n, 1));
                            long c0 = mx.getCurrentThreadCpuTime();
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                ParticleDynamics dyn = energy ? model.transportWithEnergy() : model.transport();
                                ParticleState end = OdeSolver.integrate(dyn, new ParticleState(x, lnw, energy ? m : null),
                                        0, 1, OdeOptions.euler(0.01));
                                NDArray loss = end.x().square().mean().add(end.lnw().square().mean());
                                if (energy) {
                                    loss = loss.add(end.m().mean());
                                }
                                gc.backward(loss);
                                finals[f] = end.x().toFloatArray();
                                lnws[f] = end.lnw().toFloatArray();
                            }
                            if (r >= 0) {
                                cpu[f][r] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
                            }
                        }
                    }
                    for (int i = 0; i < finals[0].length; i++) {
                        dx = Math.max(dx, Math.abs(finals[0][i] - finals[1][i]));
                    }
                    for (int i = 0; i < lnws[0].length; i++) {
                        dw = Math.max(dw, Math.abs(lnws[0][i] - lnws[1][i]));
                    }
                }
                double s = median(cpu[0]);
                double fu = median(cpu[1]);
                System.out.printf("| %s | %.3f | %.3f | %.2f | %.2g | %.2g |%n", kind, s, fu, fu / s, dx, dw);
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
