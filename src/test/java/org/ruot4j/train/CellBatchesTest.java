package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CellBatchesTest {

    @ParameterizedTest(name = "n = {0}, batch = {1}")
    @CsvSource({"1000, 128", "1001, 1000", "26000, 2048", "7, 3", "10, 5"})
    void everyPassUsesEveryCellInBatchesOfExactlyTheBatchSize(int n, int batch) {
        CellBatches b = new CellBatches(42, 7, n, batch);
        int parts = b.batchesPerPass();
        assertEquals((n + batch - 1) / batch, parts);
        assertEquals(batch, b.batchSize());
        for (int pass = 0; pass < 3; pass++) {
            int[] uses = new int[n];
            for (int p = 0; p < parts; p++) {
                int[] idx = b.batch(pass * parts + p + 1);
                assertEquals(batch, idx.length);
                for (int i = 0; i < idx.length; i++) {
                    if (i > 0) {
                        assertTrue(idx[i - 1] < idx[i], "ascending, no repeats");
                    }
                    uses[idx[i]]++;
                }
            }
            int twice = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(uses[i] == 1 || uses[i] == 2, "cell " + i + " in pass " + pass + ": " + uses[i]);
                twice += uses[i] - 1;
            }
            assertEquals(parts * batch - n, twice, "only the top-up of the last batch repeats cells");
        }
    }

    @ParameterizedTest(name = "n = {0}, batch = {1}")
    @CsvSource({"1000, 128", "26000, 2048", "7, 3", "9, 100"})
    void partitionsHoldEveryCellOnceInBlocksOfAtMostTheBatchSize(int n, int batch) {
        CellBatches b = new CellBatches(3, 4, n, batch);
        int[][] blocks = b.partition(0);
        assertEquals(b.batchesPerPass(), blocks.length);
        int[] uses = new int[n];
        for (int[] block : blocks) {
            assertTrue(block.length <= batch && block.length > 0);
            for (int i : block) {
                uses[i]++;
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, uses[i], "cell " + i);
        }
    }

    @Test
    void passesAreReshuffledAndSeeded() {
        CellBatches a = new CellBatches(42, 1, 500, 100);
        CellBatches again = new CellBatches(42, 1, 500, 100);
        CellBatches otherSeed = new CellBatches(43, 1, 500, 100);
        CellBatches otherStream = new CellBatches(42, 2, 500, 100);
        // asked in any order: the batch of an epoch depends on (seed, stream, epoch) alone (resume)
        int[] e12 = a.batch(12);
        assertArrayEquals(a.batch(3), again.batch(3));
        assertArrayEquals(e12, again.batch(12));
        assertFalse(Arrays.equals(a.batch(1), a.batch(6)), "the second pass is a new permutation");
        assertFalse(Arrays.equals(a.batch(1), otherSeed.batch(1)));
        assertFalse(Arrays.equals(a.batch(1), otherStream.batch(1)));
    }

    @Test
    void aBatchAsLargeAsTheDataIsEveryCellInOrder() {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        for (int limit : new int[] {0, 9, 100}) {
            CellBatches b = new CellBatches(1, 1, 9, limit);
            assertEquals(1, b.batchesPerPass());
            assertArrayEquals(all, b.batch(1));
            assertArrayEquals(all, b.batch(17));
        }
    }

    @Test
    void samplesAreBoundedDistinctAndSeeded() {
        int[] s = CellBatches.sample(10_000, 300, 5, 9);
        assertEquals(300, s.length);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i - 1] < s[i]);
        }
        assertArrayEquals(s, CellBatches.sample(10_000, 300, 5, 9));
        assertFalse(Arrays.equals(s, CellBatches.sample(10_000, 300, 6, 9)));
        assertArrayEquals(new int[] {0, 1, 2}, CellBatches.sample(3, 300, 5, 9));
        assertArrayEquals(new int[] {0, 1, 2}, CellBatches.sample(3, 0, 5, 9));
    }

    @Test
    void rowsGathersRowMajorRows() {
        double[] flat = {0, 1, 10, 11, 20, 21, 30, 31};
        assertArrayEquals(new double[] {10, 11, 30, 31}, CellBatches.rows(flat, 2, new int[] {1, 3}));
        assertTrue(flat == CellBatches.rows(flat, 2, new int[] {0, 1, 2, 3}));
    }
}
