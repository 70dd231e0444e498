import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Two builds of ruot4j in one JVM (each in its own class loader over the shared DJL/libtorch class path), their
 * StepWorkload alternated A, B, A, B, … so that both see the same load; prints the median CPU ms per step of each,
 * and the median of the paired ratios B/A. Usage (bench/engine/abstep.sh): ABStep DIR_A DIR_B KIND [rounds]; KIND "x/y" runs workload x on A and y on B.
 */
public class ABStep {
    @SuppressWarnings("unchecked")
    static ToDoubleFunction<String> load(String dir) throws Exception {
        URL[] urls = Arrays.stream(dir.split(":")).map(p -> {
            try {
                return new File(p).toURI().toURL();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).toArray(URL[]::new);
        ClassLoader cl = new URLClassLoader(urls, ABStep.class.getClassLoader());
        return (ToDoubleFunction<String>) cl.loadClass("StepWorkload").getConstructor().newInstance();
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    public static void main(String[] args) throws Exception {
        ToDoubleFunction<String> a = load(args[0]);
        ToDoubleFunction<String> b = load(args[1]);
        String kind = args[2];
        String kindA = kind.contains("/") ? kind.split("/")[0] : kind; // "x/y": A runs x, B runs y
        String kindB = kind.contains("/") ? kind.split("/")[1] : kind;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        double[] ta = new double[rounds];
        double[] tb = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = -3; r < rounds; r++) {
            double x = a.applyAsDouble(kindA);
            double y = b.applyAsDouble(kindB);
            if (r >= 0) {
                ta[r] = x;
                tb[r] = y;
                ratio[r] = y / x;
            }
        }
        System.out.printf(Locale.ROOT, "%s: A %.3f ms/step (min %.3f), B %.3f ms/step (min %.3f), B/A median of pairs %.3f%n",
                kind, median(ta), Arrays.stream(ta).min().getAsDouble(), median(tb), Arrays.stream(tb).min().getAsDouble(),
                median(ratio));
    }
}
