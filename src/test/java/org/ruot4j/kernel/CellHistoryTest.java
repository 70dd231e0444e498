package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

class CellHistoryTest {
    private static List<Integer> numbers(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getCellNumber).toList();
    }

    private static CellHistory sample() {
        CellHistory h = new CellHistory();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "%ruot status", null);
        h.add(4, "a + 1", "2");
        h.add(5, "a * 3", "3");
        return h;
    }

    @Test
    void tailRangeAndSearch() {
        CellHistory h = sample();
        Set<ResultFlag> none = EnumSet.noneOf(ResultFlag.class);
        assertEquals(List.of(4, 5), numbers(h.lookupTail(2, none)));
        assertEquals(List.of(2, 3), numbers(h.lookupRange(0, 2, 4, none))); // [start, stop)
        assertEquals(List.of(4, 5), numbers(h.lookupRange(1, 4, 0, none))); // stop 0: to the end
        assertEquals(List.of(), numbers(h.lookupRange(2, 1, 0, none))); // an earlier session: none here
        assertEquals(List.of(2, 4, 5), numbers(h.search("a ?*", 0, none)));
        assertEquals(List.of(4, 5), numbers(h.search("a ?*", 0, EnumSet.of(ResultFlag.UNIQUE)))); // latest of equals
        assertEquals(List.of(5), numbers(h.search("a*", 1, none)));
    }

    @Test
    void outputsOnlyWhenAskedFor() {
        CellHistory h = sample();
        assertEquals(null, h.lookupTail(1, EnumSet.noneOf(ResultFlag.class)).get(0).getOutput());
        assertEquals("3", h.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
        assertEquals("", h.lookupRange(1, 3, 4, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
    }
}
