package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SnapshotTablesTest {
    @TempDir
    Path dir;

    @Test
    void tablesawsOwnCsvReaderGivesTheSameSnapshotsAsOurs() throws Exception {
        Path csv = TestData.generatedCsv(dir, 25, 4, 3);
        Snapshots ours = SnapshotReaders.read(csv);
        Table t = Table.read().csv(csv.toFile());
        TestData.assertIdentical(ours, SnapshotTables.toSnapshots(t, ReadOptions.defaults()));
    }

    @Test
    void emtThroughTablesawIsIdentical() throws Exception {
        Path csv = TestData.shared("emt.csv");
        Snapshots ours = SnapshotReaders.read(csv);
        TestData.assertIdentical(ours, SnapshotTables.toSnapshots(Table.read().csv(csv.toFile()), ReadOptions.defaults()));
        TestData.assertIdentical(ours, SnapshotTables.toSnapshots(SnapshotTables.toTable(ours), ReadOptions.defaults()));
    }

    @Test
    void toTableHasOneRowPerCellSortedByTime() {
        Snapshots s = Snapshots.builder("a", "b").add(2, 5, 6).add(0.5, 1, 2).add(2, 7, 8).add(0.5, 3, 4).build();
        Table t = SnapshotTables.toTable(s, "day");
        assertEquals(List.of("day", "a", "b"), t.columnNames());
        assertArrayEquals(new double[] {0.5, 0.5, 2, 2}, t.doubleColumn("day").asDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 3, 5, 7}, t.doubleColumn("a").asDoubleArray(), 0);
    }

    @Test
    void integerColumnsChosenFeaturesAndMasses() {
        Table t = Table.create("cells", IntColumn.create("day", 0, 0, 1, 1, 1), DoubleColumn.create("g", 1, 2, 3, 4, 5),
                StringColumn.create("type", "a", "b", "a", "b", "c"), IntColumn.create("h", 9, 8, 7, 6, 5));
        Snapshots s = SnapshotTables.toSnapshots(t,
                ReadOptions.defaults().withTimeColumn("day").withFeatures("h", "g").withRelativeMasses(1, 3));
        assertArrayEquals(new double[] {9, 1, 8, 2}, s.flat(0), 0);
        assertArrayEquals(new double[] {1, 3}, s.relativeMasses(), 0);
    }

    @Test
    void nonNumericColumnMissingValueAndMissingTimeColumnAreOneLineErrors() {
        Table t = Table.create("cells", IntColumn.create("samples", 0, 0, 1, 1), StringColumn.create("type", "a", "b", "a", "b"));
        String m = assertThrows(RuotException.class, () -> SnapshotTables.toSnapshots(t, ReadOptions.defaults())).getMessage();
        assertTrue(m.contains("column 'type' has type STRING, expected numbers"), m);
        DoubleColumn g = DoubleColumn.create("g", 1, 2, 3, 4);
        g.setMissing(2);
        Table t2 = Table.create("cells", IntColumn.create("samples", 0, 0, 1, 1), g);
        m = assertThrows(RuotException.class, () -> SnapshotTables.toSnapshots(t2, ReadOptions.defaults())).getMessage();
        assertTrue(m.contains("row 3, column g: missing value"), m);
        m = assertThrows(RuotException.class,
                () -> SnapshotTables.toSnapshots(t2, ReadOptions.defaults().withTimeColumn("t"))).getMessage();
        assertTrue(m.contains("no time column 't'; available columns: samples, g"), m);
    }
}
