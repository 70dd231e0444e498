package org.ruot4j.ot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Block-size study for the network simplex's pricing (bench/ot/pricing.sh): uniform clouds of n points in
 * [0,1]^dim, n = m, block = factor·√(nm) arcs, all factors interleaved in each repeat so that they share the
 * machine's load. Prints, per n and factor, the median thread-CPU seconds, the pivots and the CPU ratio to
 * factor 1 (the LEMON default). Usage: PricingBench [sizes] [dims] [factors] [repeats].
 */
public final class PricingBench {
    private PricingBench() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "400,1000,2000,5000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int[] dims = Arrays.stream((args.length > 1 ? args[1] : "2").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        double[] factors = Arrays.stream((args.length > 2 ? args[2] : "0.25,0.5,1,2,4").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        run(500, 2, 1, 1); // warm-up
        System.out.println("| n = m | dim | factor | block | CPU s (median) | pivots | CPU / factor 1 |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int dim : dims) {
            for (int n : sizes) {
                int reps = n >= 5000 ? Math.max(1, repeats / 2) : repeats;
                double[][] cpu = new double[factors.length][reps];
                long[] pivots = new long[factors.length];
                for (int r = 0; r < reps; r++) {
                    for (int f = 0; f < factors.length; f++) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        pivots[f] = run(n, dim, factors[f], r + 1);
                        cpu[f][r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                    }
                }
                double base = Double.NaN;
                for (int f = 0; f < factors.length; f++) {
                    if (factors[f] == 1) {
                        base = median(cpu[f]);
                    }
                }
                for (int f = 0; f < factors.length; f++) {
                    int block = Math.max(10, (int) Math.ceil(factors[f] * n));
                    System.out.printf("| %d | %d | %.2f | %d | %.3f | %d | %.2f |%n", n, dim, factors[f], block,
                            median(cpu[f]), pivots[f], median(cpu[f]) / base);
                }
            }
        }
    }

    private static long run(int n, int dim, double factor, long seed) {
        double[][] xy = org.ruot4j.bench.OtBench.uniformClouds(n, dim, seed);
        int block = Math.max(10, (int) Math.ceil(factor * Math.sqrt((double) n * n)));
        OtPlan plan = Emd.emd(null, null, xy[0], n, xy[1], n, dim, Metric.SQEUCLIDEAN, Emd.DEFAULT_MAX_ITERATIONS,
                ns -> ns.blockSize(block));
        if (plan.status() != OtPlan.Status.OPTIMAL) {
            throw new IllegalStateException("not optimal at n = " + n);
        }
        return plan.iterations();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
