package org.ruot4j.data;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/** Seeded draws of rows without replacement: subsampling, the synthetic generators' cell caps, figure subsets. */
public final class RowSample {
    private RowSample() {
    }

    /**
     * {@code k} of the indices 0 … n−1 (k ≤ n) without replacement, in ascending order (so rows keep their order):
     * the first k places of a partial Fisher–Yates shuffle whose i-th swap partner is i + below(n − i), where
     * {@code below.applyAsInt(m)} is a uniform integer in [0, m) from the caller's seeded generator.
     */
    public static int[] ascending(int n, int k, IntUnaryOperator below) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        for (int i = 0; i < k; i++) {
            swap(idx, i, i + below.applyAsInt(n - i));
        }
        int[] out = Arrays.copyOf(idx, k);
        Arrays.sort(out);
        return out;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
