package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;
import tech.tablesaw.api.Table;

/**
 * Reads .h5ad files written by real AnnData (Debian's python3-anndata, called as /usr/bin/python3) from the
 * same CSV and checks that every layout gives bit-identical matrices to the CSV reader and to the Tablesaw
 * round trip. Without AnnData the test fails with the command to install it: CI installs it (.ci/run).
 */
class H5adReaderTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;
    static Path csv;
    static Snapshots fromCsv;

    @BeforeAll
    static void writeFiles() throws Exception {
        Path shared = TestData.SHARED.resolve("emt.csv");
        csv = Files.isRegularFile(shared) ? shared : TestData.generatedCsv(dir, 40, 6, 7);
        fromCsv = SnapshotReaders.read(csv);
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing; the .h5ad tests need Debian's AnnData: apt-get install python3-anndata python3-h5py");
        }
        Path script = Path.of(H5adReaderTest.class.getResource("write_h5ad.py").toURI());
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), csv.toString(), dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("writing .h5ad files with AnnData timed out");
        }
        if (out.contains("No module named")) {
            fail(PYTHON + " lacks AnnData (" + out.strip().lines().reduce((a, b) -> b).orElse("")
                    + "); install it: apt-get install python3-anndata python3-h5py");
        }
        assertEquals(0, p.exitValue(), "write_h5ad.py failed:\n" + out);
    }

    @Test
    void denseXIsIdenticalToTheCsvAndTheTablesawRoundTrip() {
        Snapshots h = SnapshotReaders.read(dir.resolve("dense.h5ad"));
        TestData.assertIdentical(fromCsv, h);
        Table table = SnapshotTables.toTable(h);
        TestData.assertIdentical(fromCsv, SnapshotTables.toSnapshots(table, ReadOptions.defaults()));
    }

    @Test
    void csrAndCscXAreIdenticalToTheCsv() {
        TestData.assertIdentical(fromCsv, SnapshotReaders.read(dir.resolve("csr.h5ad")));
        TestData.assertIdentical(fromCsv, SnapshotReaders.read(dir.resolve("csc.h5ad")));
    }

    @Test
    void categoricalTimeColumnsOfAnndata08And07() {
        ReadOptions stage = ReadOptions.defaults().withTimeColumn("stage");
        TestData.assertIdentical(fromCsv, SnapshotReaders.read(dir.resolve("csr.h5ad"), stage));
        TestData.assertIdentical(fromCsv, SnapshotReaders.read(dir.resolve("legacy07.h5ad"), stage));
    }

    @Test
    void obsmEmbeddingGivesTheSameNumbersUnderObsmNames() {
        Snapshots h = SnapshotReaders.read(dir.resolve("obsm.h5ad"), ReadOptions.defaults().withEmbedding("X_pca"));
        assertEquals("X_pca1", h.features().get(0));
        assertEquals(fromCsv.dim(), h.dim());
        Snapshots renamed = fromCsv.mapRows(h.features(), (in, out) -> System.arraycopy(in, 0, out, 0, in.length));
        TestData.assertIdentical(renamed, h);
    }

    @Test
    void featureSelectionByVarNameInDenseAndSparse() {
        List<String> pick = List.of(fromCsv.features().get(2), fromCsv.features().get(0));
        Snapshots expected = SnapshotReaders.read(csv, ReadOptions.defaults().withFeatures(pick));
        for (String f : List.of("dense.h5ad", "csr.h5ad", "csc.h5ad")) {
            TestData.assertIdentical(expected,
                    SnapshotReaders.read(dir.resolve(f), ReadOptions.defaults().withFeatures(pick)));
        }
    }

    private static String fails(String file, ReadOptions o) {
        RuotException e = assertThrows(RuotException.class, () -> SnapshotReaders.read(dir.resolve(file), o));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(file), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void obsLengthDifferentFromXRowsNamesBoth() {
        int n = fromCsv.totalCount();
        String m = fails("mismatch.h5ad", ReadOptions.defaults());
        assertTrue(m.contains("obs has " + (n - 1) + " cells (column 'samples') but X has " + n + " rows"), m);
    }

    @Test
    void missingObsColumnListsTheColumns() {
        String m = fails("dense.h5ad", ReadOptions.defaults().withTimeColumn("day"));
        assertTrue(m.contains("no time column 'day' in obs; available obs columns: samples, stage"), m);
    }

    @Test
    void unknownFeatureAndUnknownObsmKey() {
        assertTrue(fails("dense.h5ad", ReadOptions.defaults().withFeatures("nosuchgene"))
                .contains("unknown feature 'nosuchgene' in X"));
        assertTrue(fails("obsm.h5ad", ReadOptions.defaults().withEmbedding("X_umap"))
                .contains("no obsm key 'X_umap'; available keys: X_pca"));
    }

    @Test
    void notAnHdf5File() throws IOException {
        Files.writeString(dir.resolve("text.h5ad"), "samples,x1\n0,1\n");
        assertTrue(fails("text.h5ad", ReadOptions.defaults()).contains("cannot read as an AnnData .h5ad (HDF5) file"));
    }
}
