package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;

/** The held-back cells: seeded, disjoint from the training cells, together all cells; masses kept. */
class ValidationSplitTest {

    /** Cell i of time k has the unique coordinates (k, i). */
    private static Snapshots data(int... counts) {
        Snapshots.Builder b = Snapshots.builder("time", "row");
        for (int k = 0; k < counts.length; k++) {
            for (int i = 0; i < counts[k]; i++) {
                b.add(k, k, i);
            }
        }
        return b.relativeMasses(1.0, 1.7, 2.9).build();
    }

    private static Set<Integer> rows(Snapshots s, int k) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < s.count(k); i++) {
            assertEquals(k, s.get(k, i, 0));
            assertTrue(out.add((int) s.get(k, i, 1)), "a cell appears twice");
        }
        return out;
    }

    @Test
    void disjointAndCompleteAtEveryTime() {
        Snapshots d = data(200, 333, 57);
        ValidationSplit v = ValidationSplit.of(d, 0.1, 7);
        for (int k = 0; k < 3; k++) {
            Set<Integer> train = rows(v.training(), k);
            Set<Integer> held = rows(v.validation(), k);
            assertEquals(Math.round(0.1 * d.count(k)), held.size(), "round(f N) held back at time " + k);
            Set<Integer> both = new HashSet<>(train);
            both.retainAll(held);
            assertTrue(both.isEmpty(), "training and held-back cells overlap at time " + k);
            assertEquals(d.count(k), train.size() + held.size());
            int[] h = v.heldRows(k);
            for (int i : h) {
                assertTrue(held.contains(i));
            }
        }
        assertArrayEquals(d.relativeMasses(), v.training().relativeMasses());
        assertArrayEquals(d.relativeMasses(), v.validation().relativeMasses());
        assertArrayEquals(d.times(), v.validation().times());
    }

    @Test
    void seeded() {
        Snapshots d = data(200, 333, 57);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(ValidationSplit.of(d, 0.2, 7).heldRows(k), ValidationSplit.of(d, 0.2, 7).heldRows(k));
        }
        boolean differs = false;
        for (int k = 0; k < 3; k++) {
            differs |= !java.util.Arrays.equals(ValidationSplit.of(d, 0.2, 7).heldRows(k),
                    ValidationSplit.of(d, 0.2, 8).heldRows(k));
        }
        assertTrue(differs, "another seed holds back other cells");
        // not simply the first or last rows
        int[] h = ValidationSplit.of(d, 0.2, 7).heldRows(1);
        assertFalse(h[h.length - 1] == h.length - 1, "held rows are the first rows");
    }

    @Test
    void everyTimeKeepsCellsOnBothSides() {
        Snapshots d = data(4, 5, 40);
        ValidationSplit v = ValidationSplit.of(d, 0.01, 1);
        for (int k = 0; k < 3; k++) {
            assertEquals(2, v.validation().count(k), "at least two held back (a snapshot needs two cells)");
            assertEquals(d.count(k) - 2, v.training().count(k));
        }
        ValidationSplit most = ValidationSplit.of(d, 0.49, 1);
        assertEquals(2, most.training().count(0), "at least two train");
        assertThrows(RuotException.class, () -> ValidationSplit.of(d, 0.5, 1));
        assertThrows(RuotException.class, () -> ValidationSplit.of(d, 0, 1));
        assertThrows(RuotException.class, () -> ValidationSplit.of(data(3, 4, 4), 0.1, 1));
    }
}
