package org.ruot4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ruot4j.ot.Emd;
import org.ruot4j.ot.Metric;
import org.ruot4j.ot.OtPlan;

/**
 * Times exact OT (network simplex, squared Euclidean cost computed on the fly) between uniform clouds of
 * n points in [0,1]^dim, n = m. Usage: OtBench [sizes comma-separated] [dims comma-separated] [repeats]
 * [output .md]. Wall and thread-CPU seconds include generating the clouds' costs (on the fly in 2-D, a stored
 * matrix in 10-D up to 16M pairs). One warm-up solve at n = 500 precedes the timings; the median of the repeats is reported.
 */
public final class OtBench {
    private OtBench() {
    }

    public static void main(String[] args) throws IOException {
        int[] sizes = parse(args.length > 0 ? args[0] : "500,1000,2000,5000,10000");
        int[] dims = parse(args.length > 1 ? args[1] : "2,10");
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path out = args.length > 3 ? Path.of(args[3]) : null;
        solve(500, 2, 0);
        List<String> rows = new ArrayList<>();
        rows.add("| n = m | dim | wall s (median) | CPU s (same run) | pivots | cost | status |");
        rows.add("|---:|---:|---:|---:|---:|---:|---|");
        for (int dim : dims) {
            for (int n : sizes) {
                int reps = n >= 5000 ? 1 : repeats;
                double[][] secs = new double[reps][];
                OtPlan plan = null;
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    plan = solve(n, dim, r + 1);
                    secs[r] = new double[] {(System.nanoTime() - t0) / 1e9,
                        (threads.getCurrentThreadCpuTime() - c0) / 1e9};
                }
                java.util.Arrays.sort(secs, (p, q) -> Double.compare(p[0], q[0]));
                String row = String.format("| %d | %d | %.3f | %.3f | %d | %.6g | %s |", n, dim, secs[reps / 2][0],
                        secs[reps / 2][1], plan.iterations(), plan.cost(), plan.status());
                System.out.println(row);
                rows.add(row);
            }
        }
        if (out != null) {
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "bench", ".tmp");
            Files.write(tmp, rows);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static OtPlan solve(int n, int dim, long seed) {
        double[][] xy = uniformClouds(n, dim, seed);
        return Emd.emd(null, null, xy[0], n, xy[1], n, dim, Metric.SQEUCLIDEAN);
    }

    /**
     * The benchmark problem of the OT benches (this one and ot.PricingBench): two clouds x, y of n points uniform
     * in [0,1]^dim, interleaved from one stream seeded by (seed, n, dim), so each size has its own problems.
     */
    public static double[][] uniformClouds(int n, int dim, long seed) {
        Random rng = new Random(seed * 1_000_003L + n * 31L + dim);
        double[] x = new double[n * dim];
        double[] y = new double[n * dim];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble();
            y[k] = rng.nextDouble();
        }
        return new double[][] {x, y};
    }

    private static int[] parse(String s) {
        String[] p = s.split(",");
        int[] r = new int[p.length];
        for (int k = 0; k < p.length; k++) {
            r[k] = Integer.parseInt(p[k].trim());
        }
        return r;
    }
}
