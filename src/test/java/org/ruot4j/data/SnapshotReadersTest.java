package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

class SnapshotReadersTest {
    @TempDir
    Path dir;

    private RuotException fails(Path p, ReadOptions o) {
        RuotException e = assertThrows(RuotException.class, () -> SnapshotReaders.read(p, o));
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
        return e;
    }

    private RuotException fails(String name, String text) throws IOException {
        return fails(TestData.write(dir, name, text), ReadOptions.defaults());
    }

    /** Reading {@code text} as the file {@code name} fails with a message that contains each of {@code expected}. */
    private void assertFailsSaying(String name, String text, String... expected) throws IOException {
        String m = fails(name, text).getMessage();
        for (String e : expected) {
            assertTrue(m.contains(e), m);
        }
    }

    @Test
    void readsEmtWithTheKnownCountsAndMasses() {
        Snapshots s = SnapshotReaders.read(TestData.shared("emt.csv"));
        assertArrayEquals(new double[] {0, 1, 2, 3}, s.times(), 0);
        assertArrayEquals(new int[] {577, 885, 788, 883}, s.counts());
        assertEquals(10, s.dim());
        assertEquals("x1", s.features().get(0));
        assertEquals(1.5338, s.relativeMass(1), 5e-5);
        assertEquals(1.3657, s.relativeMass(2), 5e-5);
        assertEquals(1.5303, s.relativeMass(3), 5e-5);
        // the first data row of emt.csv is a t=3 cell: 3,0.8000637,0.48150474,…
        assertEquals(0.8000637, s.get(3, 0, 0), 0);
        assertEquals(0.48150474, s.get(3, 0, 1), 0);
    }

    @Test
    void acceptsUnsortedRowsAndRealTimesKeepingFileOrderWithinATime() throws IOException {
        Path p = TestData.write(dir, "u.csv", "samples,a,b\n2.5,1,2\n0.25,3,4\n2.5,5,6\n0.25,7,8\n1e0,9,10\n1,11,12\n");
        Snapshots s = SnapshotReaders.read(p);
        assertArrayEquals(new double[] {0.25, 1.0, 2.5}, s.times(), 0);
        assertArrayEquals(new double[] {3, 4, 7, 8}, s.flat(0), 0);
        assertArrayEquals(new double[] {9, 10, 11, 12}, s.flat(1), 0);
        assertArrayEquals(new double[] {1, 2, 5, 6}, s.flat(2), 0);
        assertArrayEquals(new double[] {1, 1, 1}, s.relativeMasses(), 0);
    }

    @Test
    void namedTimeColumnChosenFeaturesTsvAndRelativeMasses() throws IOException {
        Path p = TestData.write(dir, "t.tsv", "cell\tg1\tday\tg2\tlabel\nc1\t1\t0\t2\tA\nc2\t3\t0\t4\tB\n"
                + "c3\t5\t1\t6\tA\nc4\t7\t1\t8\tB\nc5\t9\t1\t10\tC\n");
        ReadOptions o = ReadOptions.defaults().withTimeColumn("day").withFeatures("g2", "g1").withRelativeMasses(2, 5);
        Snapshots s = SnapshotReaders.read(p, o);
        assertEquals(List.of("g2", "g1"), s.features());
        assertArrayEquals(new double[] {2, 1, 4, 3}, s.flat(0), 0);
        assertArrayEquals(new double[] {1, 2.5}, s.relativeMasses(), 0); // normalised by r_0
        // without the option, relative masses are N_k / N_0
        Snapshots d = SnapshotReaders.read(p, ReadOptions.defaults().withTimeColumn("day").withFeatures("g1"));
        assertArrayEquals(new double[] {1, 1.5}, d.relativeMasses(), 0);
    }

    @Test
    void sniffsSemicolonsHandlesQuotesBomCrlfAndPandasIndexColumn() throws IOException {
        Path semi = TestData.write(dir, "s.txt", "samples;x\n0;1.5\n0;2\n1;3\n1;4\n");
        assertArrayEquals(new double[] {1.5, 2}, SnapshotReaders.read(semi).flat(0), 0);
        Path quoted = TestData.write(dir, "q.csv", "\uFEFF\"\",\"samples\",\"x 1\"\r\n\"c,1\",0,1\r\n2,0,2\r\n3,1,3\r\n4,1,4\r\n\r\n");
        Snapshots s = SnapshotReaders.read(quoted);
        assertEquals(List.of("x 1"), s.features()); // the unnamed row-name column is not a feature
        assertArrayEquals(new double[] {3, 4}, s.flat(1), 0);
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.csv");
        assertTrue(fails(p, ReadOptions.defaults()).getMessage().contains("no such file"));
    }

    @Test
    void emptyFile() throws IOException {
        assertFailsSaying("e.csv", "", "file is empty");
        assertFailsSaying("b.csv", "\n  \n", "file is empty");
        assertFailsSaying("h.csv", "samples,x1\n", "no data rows");
    }

    @Test
    void noTimeColumnListsTheAvailableColumns() throws IOException {
        assertFailsSaying("n.csv", "time,x1,x2\n0,1,2\n0,1,2\n1,1,2\n1,1,2\n", "no time column 'samples'",
                "available columns: time, x1, x2");
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        assertFailsSaying("c.csv", "samples,x1,x2\n0,1,2\n0,1,2\n1,1,abc\n1,1,2\n",
                "line 4, column x2: 'abc' is not a number");
        // Java would parse these, a table should not contain them
        assertFailsSaying("d.csv", "samples,x1\n0,1d\n0,1\n1,1\n1,1\n", "line 2, column x1");
        assertFailsSaying("x.csv", "samples,x1\n0,0x10\n0,1\n1,1\n1,1\n", "not a number");
        assertFailsSaying("t.csv", "samples,x1\n0,1\nday1,1\n1,1\n1,1\n",
                "line 3, column samples: 'day1' is not a number");
    }

    @Test
    void nanAndInfinityAreRefused() throws IOException {
        assertFailsSaying("nan.csv", "samples,x1,x2\n0,1,2\n0,NaN,2\n1,1,2\n1,1,2\n",
                "line 3, column x1: value is NaN");
        assertFailsSaying("inf.csv", "samples,x1,x2\n0,1,2\n0,1,2\n1,1,-inf\n1,1,2\n",
                "line 4, column x2: value is infinite");
        assertFailsSaying("big.csv", "samples,x1\n0,1e400\n0,1\n1,1\n1,1\n", "line 2, column x1: '1e400' overflows");
        assertFailsSaying("empty.csv", "samples,x1,x2\n0,1,2\n0,,2\n1,1,2\n1,1,2\n", "line 3, column x1: empty cell");
    }

    @Test
    void singleTimePoint() throws IOException {
        assertFailsSaying("one.csv", "samples,x1\n3,1\n3,2\n3,4\n", "only one time point (t=3)");
    }

    @Test
    void timePointWithOneCell() throws IOException {
        assertFailsSaying("few.csv", "samples,x1\n0,1\n0,2\n1.5,4\n", "t=1.5 has 1 cell");
    }

    @Test
    void duplicateColumnNames() throws IOException {
        assertFailsSaying("dup.csv", "samples,x1,x2,x1\n0,1,2,3\n0,1,2,3\n1,1,2,3\n1,1,2,3\n",
                "line 1: duplicate column name 'x1' (columns 2 and 4)");
    }

    @Test
    void unknownFeatureListsTheColumns() throws IOException {
        Path p = TestData.write(dir, "f.csv", "samples,x1,x2\n0,1,2\n0,1,2\n1,1,2\n1,1,2\n");
        String m = fails(p, ReadOptions.defaults().withFeatures("x1", "x3")).getMessage();
        assertTrue(m.contains("unknown feature 'x3'; available columns: samples, x1, x2"), m);
    }

    @Test
    void rowWithTheWrongNumberOfCells() throws IOException {
        assertFailsSaying("w.csv", "samples,x1,x2\n0,1,2\n0,1\n1,1,2\n1,1,2\n",
                "line 3: expected 3 cells (as in the header), found 2");
    }

    @Test
    void binaryFileWithCsvNameIsReportedAsNotText() throws IOException {
        Path p = dir.resolve("bin.csv");
        Files.write(p, new byte[] {'s', ',', 'x', '\n', (byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(fails(p, ReadOptions.defaults()).getMessage().contains("not UTF-8 text"));
    }
}
