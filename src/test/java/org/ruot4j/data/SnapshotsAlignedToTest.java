package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

/** {@link Snapshots#alignedTo}: the one place where data columns are matched to a model's features by name. */
class SnapshotsAlignedToTest {
    private static final Snapshots ABC = Snapshots.builder("a", "b", "c").source("abc.csv").add(0, 1, 2, 3)
            .add(0, 4, 5, 6).add(1, 7, 8, 9).add(1, 10, 11, 12).build();

    @Test
    void sameOrderIsTheSameObjectOtherOrdersAndSubsetsAreReordered() {
        assertSame(ABC, ABC.alignedTo(List.of("a", "b", "c")));
        assertSame(ABC, ABC.alignedTo(null));
        Snapshots cab = ABC.alignedTo(List.of("c", "a", "b"));
        assertEquals(List.of("c", "a", "b"), cab.features());
        assertArrayEquals(new double[] {3, 1, 2, 6, 4, 5}, cab.flat(0));
        assertArrayEquals(new double[] {9, 7, 8, 12, 10, 11}, cab.flat(1));
        Snapshots cb = ABC.alignedTo(List.of("c", "b"));
        assertArrayEquals(new double[] {9, 8, 12, 11}, cb.flat(1));
        assertArrayEquals(ABC.times(), cb.times());
        assertArrayEquals(ABC.relativeMasses(), cb.relativeMasses());
        assertEquals("abc.csv", cb.source());
    }

    @Test
    void missingNamesAreOneLineNamingBothLists() {
        RuotException e = assertThrows(RuotException.class, () -> ABC.alignedTo(List.of("x1", "b")));
        String m = e.getMessage();
        assertTrue(m.startsWith("abc.csv: the data's features do not match the model's"), m);
        assertTrue(m.contains("3 dimensions (a, b, c)") && m.contains("the model 2 (x1, b)")
                && m.contains("missing: x1"), m);
        assertEquals(1, m.lines().count());
    }

    @Test
    void featuresCanBeRenamedInOrder() {
        Snapshots s = Snapshots.builder("x1", "x2").add(0, 1, 2).add(0, 2, 2).add(1, 3, 4).add(1, 5, 4).add(1, 6, 1).build();
        Snapshots pc = s.withFeatureNames(List.of("PC1", "PC2"));
        assertEquals(List.of("PC1", "PC2"), pc.features());
        assertArrayEquals(s.flat(1), pc.flat(1), 0);
        assertArrayEquals(s.relativeMasses(), pc.relativeMasses(), 0);
        assertThrows(RuotException.class, () -> s.withFeatureNames(List.of("PC1")));
        assertThrows(RuotException.class, () -> s.withFeatureNames(List.of("PC1", "PC1")));
    }
}
