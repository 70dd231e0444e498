package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code info} and {@code datasets} through {@link Main#run}, with a temporary dataset cache. */
class DataCommandsTest {
    static final Path EMT = Path.of("..", "shared", "data", "emt.csv");

    @RegisterExtension
    final TemporaryDataCache cache = new TemporaryDataCache();

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void needEmt() {
        Assumptions.assumeTrue(Files.isRegularFile(EMT), "skipped: " + EMT.toAbsolutePath() + " is absent");
    }

    @Test
    void infoPrintsTimesCountsDimensionAndMassesOfEmt() {
        needEmt();
        Result r = run("info", "--data", EMT.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dimension:   D = 10"), r.out());
        assertTrue(r.out().contains("features:    x1, x2, x3, x4, x5, x6, x7, x8, x9, x10"), r.out());
        String[][] rows = {{"0", "577", "1.0000"}, {"1", "885", "1.5338"}, {"2", "788", "1.3657"}, {"3", "883", "1.5303"}};
        for (String[] row : rows) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().split("\\s+").length == 3
                    && String.join(" ", l.strip().split("\\s+")).equals(String.join(" ", row))),
                    "row " + String.join(" ", row) + " in\n" + r.out());
        }
    }

    @Test
    void infoJsonHasTheContractLayout() {
        needEmt();
        Result r = run("info", "--data", EMT.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{\"times\": [0, 1, 2, 3], \"counts\": [577, 885, 788, 883], \"dim\": 10, "
                + "\"features\": [\"x1\", \"x2\""), json);
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(5, o.size());
        double[] r4 = {1, 1.5338, 1.3657, 1.5303};
        for (int k = 0; k < 4; k++) {
            assertEquals(r4[k], o.getAsJsonArray("relative_mass").get(k).getAsDouble(), 5e-5);
        }
        assertEquals(885.0 / 577, o.getAsJsonArray("relative_mass").get(1).getAsDouble(), 0);
    }

    @Test
    void infoAcceptsADatasetNameFeaturesAndTimeColumn() throws Exception {
        needEmt();
        Files.copy(EMT, cache.folder().resolve("emt.csv"), StandardCopyOption.REPLACE_EXISTING);
        Result r = run("info", "--data", "emt", "--features", "x3,x1", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"dim\": 2, \"features\": [\"x3\", \"x1\"]"), r.out());
        Path t = cache.folder().resolve("cells.tsv");
        Files.writeString(t, "day\tg\n0.5\t1\n0.5\t2\n2\t3\n2\t4\n2\t5\n");
        r = run("info", "--data", t.toString(), "--time-column", "day", "--json");
        assertEquals("{\"times\": [0.5, 2], \"counts\": [2, 3], \"dim\": 1, \"features\": [\"g\"], "
                + "\"relative_mass\": [1, 1.5]}", r.out().strip());
    }

    @Test
    void infoErrorsAreOneLineWithExitCode1() {
        Result r = run("info", "--data", "no/such.csv");
        assertEquals(1, r.code());
        assertEquals("ruot4j: no/such.csv: no such file", r.err().strip());
        r = run("info", "--data", "emt");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("dataset emt is not in the cache") && r.err().contains(cache.folder().toString()), r.err());
    }

    @Test
    void datasetsListShowsEveryDatasetAndWhatIsCached() throws Exception {
        needEmt();
        Files.copy(EMT, cache.folder().resolve("emt.csv"));
        Result r = run("datasets", "list");
        assertEquals(0, r.code(), r.err());
        for (String n : new String[] {"simulation_gene", "emt", "mouse_hematopoiesis", "gaussian_10d", "gaussian_20d",
                "gaussian_50d", "gaussian_100d"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(n + " ")), n + " in\n" + r.out());
        }
        String emt = r.out().lines().filter(l -> l.startsWith("emt ")).findFirst().orElseThrow();
        assertTrue(emt.matches("emt\\s+10\\s+0,1,2,3\\s+yes\\s+https://raw\\.githubusercontent\\.com/.*/emt\\.csv"), emt);
        String sim = r.out().lines().filter(l -> l.startsWith("simulation_gene ")).findFirst().orElseThrow();
        assertTrue(sim.matches("simulation_gene\\s+2\\s+0,1,2,3,4\\s+no\\s+https://.*"), sim);
        assertTrue(r.out().contains("cache: " + cache.folder()), r.out());
    }

    @Test
    void datasetsFetchKeepsAVerifiedCachedCopyWithoutNetwork() throws Exception {
        needEmt();
        Files.copy(EMT, cache.folder().resolve("emt.csv"));
        Result r = run("datasets", "fetch", "emt");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(SHA-256 820eca0ca6a9b8c5aba970dda04052b2e2ea4489b712b948559fe5cd185a8294)"),
                r.out());
        r = run("datasets", "fetch", "nonsense");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ruot4j: unknown dataset 'nonsense'; known datasets: simulation_gene"), r.err());
    }
}
