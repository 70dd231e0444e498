package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.Session;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.data.SnapshotReaders;
import org.ruot4j.data.Snapshots;

/** {@code %ruot export FILE.h5ad} on a session holding the imported DeepRUOT model ({@code Session.importDeepRuot}). */
class ExportMagicTest {
    static final Path REF = Path.of("..", "shared", "reference");
    static final Path DATA = Path.of("..", "shared", "data", "simulation_gene.csv");

    @TempDir
    Path dir;

    @Test
    void exportMagicWritesTheSessionsCellsAsAnnData() {
        assumeTrue(Files.isRegularFile(REF.resolve("simulation_sigma_005_fnet.pt")) && Files.isRegularFile(DATA),
                "skipped: ../shared/reference or ../shared/data is absent");
        List<Object> shown = new ArrayList<>();
        try (Session s = Session.create()) {
            Snapshots data = SnapshotReaders.read(DATA).subsample(30, 1);
            s.importDeepRuot(REF.resolve("simulation_sigma_005_fnet.pt"), REF.resolve("simulation_sigma_005_score.pt"), 2,
                    0.05).load(data);
            new RuotMagics(s, shown::add).line(CellParser.words("export " + dir.resolve("r.h5ad")));
            assertTrue(shown.get(0).toString().startsWith("wrote "), shown.toString());
            Snapshots back = SnapshotReaders.read(dir.resolve("r.h5ad"), ReadOptions.defaults().withTimeColumn("time"));
            assertArrayEquals(data.times(), back.times());
            for (int k = 0; k < data.numTimes(); k++) {
                assertArrayEquals(data.flat(k), back.flat(k), 0);
            }
            assertEquals(0.05, s.config().sigma(), 0);
        }
    }
}
