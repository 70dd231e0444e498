import java.util.Locale;
import org.ruot4j.Session;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.train.FateGrowthCheck;
import org.ruot4j.train.MetricsReport;

/**
 * The quick schedule on the quickstart's toggle switch (400 cells, t = 0..4, σ = 0.1, death rates 0.2 + 0.4 h(x1)):
 * per-fate growth-sign accuracy, ODE W1/TMV per time and seconds. Args: seed, then 'key = value' overrides.
 */
public class QuickProbe {
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        StringBuilder conf = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            conf.append(args[i]).append('\n');
        }
        SyntheticDataset ds = ToggleSwitch.builder().cells(400).times(0, 1, 2, 3, 4).sigma(0.1).seed(seed)
                .maxCellsPerTime(600).deathRate(0.2, 0.4).build().generate();
        try (Session s = Session.create().preset("quick").device("cpu").seed(seed)) {
            s.config(conf.toString());
            s.load(ds.snapshots());
            long t0 = System.nanoTime();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long c0 = os.getProcessCpuTime();
            s.fit();
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - c0) / 1e9;
            MetricsReport r = s.evaluate();
            FateGrowthCheck.Result f = FateGrowthCheck.compare(s.model(), ds.snapshots(), ds.truth());
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "seed %d %s | %.0f s wall, %.0f s CPU |", seed,
                    conf.toString().replace('\n', ';'), secs, cpu));
            for (int k = 1; k < r.times().length; k++) {
                sb.append(String.format(Locale.ROOT, " t%d W1 %.3f TMV %.3f;", k, r.ode().w1()[k], r.ode().tmv()[k]));
            }
            sb.append(" seconds ").append(s.seconds());
            System.out.println(sb);
            System.out.println(f.summary());
        }
    }
}
