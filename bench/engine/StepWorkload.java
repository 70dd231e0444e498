import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.ToDoubleFunction;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.dynamics.OdeSolver;
import org.ruot4j.dynamics.ParticleDynamics;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Activation;

/**
 * One training interval of the simulation preset's shapes (N = 400 particles, D = 2, width 128, 3 hidden layers):
 * 100 Euler steps of h = 0.01 inside a gradient collector, then backward of mean(x²) + mean(ln w²) (+ mean(m)).
 * apply("transport") = a pretraining stage-A interval (v, g), apply("energy") = a joint-stage interval (v, g, s with
 * ∇s and the energy); returns thread CPU ms per step. Compiled against each build by bench/engine/abstep.sh, which
 * alternates two builds in one JVM.
 */
public class StepWorkload implements ToDoubleFunction<String> {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private final RuotModel model;
    private final NDManager batch;
    private int round;
    private long faults;

    /** Minor page faults of the process so far (/proc/self/stat field 10). */
    static long minorFaults() {
        try {
            String st = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(st.substring(st.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    public StepWorkload() {
        RuotModel.Spec spec = new RuotModel.Spec(2, 0.05, true, true, 1.0, 128, 3, 128, 3, 128, 3,
                Activation.LEAKY_RELU);
        model = RuotModel.create(spec, Device.cpu(), 42);
        batch = NDManager.newBaseManager(Device.cpu());
    }

    @Override
    public double applyAsDouble(String kind) {
        // "transport-fused" / "energy-fused": the same with RuotModel.setFusedEvaluation(true) for this call
        model.setFusedEvaluation(kind.endsWith("-fused") || Boolean.getBoolean("fused"));
        boolean energy = kind.startsWith("energy");
        int steps = 100;
        try (NDScope scope = new NDScope()) {
            batch.getEngine().setRandomSeed(++round);
            NDArray x = batch.randomNormal(new Shape(400, 2));
            NDArray lnw = batch.zeros(new Shape(400, 1));
            NDArray m = energy ? batch.zeros(new Shape(400, 1)) : null;
            long c0 = MX.getCurrentThreadCpuTime();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ParticleDynamics dyn = energy ? model.transportWithEnergy() : model.transport();
                ParticleState end = OdeSolver.integrate(dyn, new ParticleState(x, lnw, m), 0, steps * 0.01,
                        OdeOptions.euler(0.01));
                NDArray loss = end.x().square().mean().add(end.lnw().square().mean());
                if (energy) {
                    loss = loss.add(end.m().mean());
                }
                gc.backward(loss);
            }
            double ms = (MX.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
            if (Boolean.getBoolean("faults")) {
                long f = minorFaults();
                System.err.printf("minor faults per step %.1f%n", (f - faults) / (double) steps);
                faults = f;
            }
            return ms;
        }
    }
}
