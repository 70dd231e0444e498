package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** The AnnData encoding written by {@link H5adWriter}, read back with jHDF, and its all-or-nothing write. */
class H5adWriterTest {
    @TempDir
    Path dir;

    static H5adWriter small() {
        return new H5adWriter(new String[] {"a", "b", "c"}).obs("time", new double[] {0, 1, 1})
                .obs("kind", new String[] {"x", "yé", "z"}).x(List.of("g1", "g2"), new double[][] {{1, 2}, {3, 4}, {5, 6}})
                .obsm("v", new double[][] {{0.5}, {1.5}, {2.5}})
                .uns("r", Map.of("sigma", 0.05, "name", "run", "w1", new double[] {Double.NaN, 0.1}, "n", 3));
    }

    @Test
    void writesTheAnnDataEncodingAttributes() {
        Path f = dir.resolve("a.h5ad");
        small().write(f);
        try (HdfFile h = new HdfFile(f)) {
            assertEquals("anndata", h.getAttribute("encoding-type").getData());
            assertEquals("dataframe", h.getByPath("obs").getAttribute("encoding-type").getData());
            assertArrayEquals(new String[] {"time", "kind"}, (String[]) h.getByPath("obs").getAttribute("column-order").getData());
            assertArrayEquals(new String[] {"a", "b", "c"}, (String[]) h.getDatasetByPath("obs/_index").getData());
            assertEquals("string-array", h.getByPath("obs/kind").getAttribute("encoding-type").getData());
            assertArrayEquals(new String[] {"x", "yé", "z"}, (String[]) h.getDatasetByPath("obs/kind").getData());
            assertArrayEquals(new double[] {0, 1, 1}, (double[]) h.getDatasetByPath("obs/time").getData(), 0);
            assertArrayEquals(new String[] {"g1", "g2"}, (String[]) h.getDatasetByPath("var/_index").getData());
            assertArrayEquals(new double[] {3, 4}, ((double[][]) h.getDatasetByPath("X").getData())[1], 0);
            assertEquals("dict", h.getByPath("uns/r").getAttribute("encoding-type").getData());
            assertEquals("numeric-scalar", h.getByPath("uns/r/sigma").getAttribute("encoding-type").getData());
            assertEquals(0.05, (double) h.getDatasetByPath("uns/r/sigma").getData(), 0);
            assertEquals("run", h.getDatasetByPath("uns/r/name").getData());
            assertEquals(3L, h.getDatasetByPath("uns/r/n").getData());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("a.h5ad");
        Files.writeString(f, "old");
        H5adWriter w = small().uns("bad", new Object());
        RuotException e = assertThrows(RuotException.class, () -> w.write(f));
        assertTrue(e.getMessage().contains("uns 'bad'"), e.getMessage());
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
        assertThrows(RuotException.class, () -> new H5adWriter(new String[] {"a", "a"}), "obs names must be unique");
        assertThrows(RuotException.class, () -> new H5adWriter(new String[] {"a"}).obs("t", new double[] {1, 2}));
    }
}
