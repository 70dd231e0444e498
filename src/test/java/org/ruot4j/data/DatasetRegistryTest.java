package org.ruot4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** The registry against a temporary cache seeded from ../shared/data; no network (fetch uses a loopback server). */
class DatasetRegistryTest {
    @TempDir
    Path cache;

    static void seed(Path cache, String... names) throws IOException {
        Files.createDirectories(cache);
        for (String n : names) {
            Files.copy(TestData.shared(n + ".csv"), cache.resolve(n + ".csv"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void everyKnownChecksumMatchesTheSharedCopyAndNamesWorkLikePaths() throws IOException {
        String[] names = {"simulation_gene", "emt", "gaussian_10d", "gaussian_20d"};
        seed(cache, names);
        DatasetRegistry reg = new DatasetRegistry(cache);
        for (String n : names) {
            Dataset d = reg.find(n).orElseThrow();
            assertEquals(d.sha256(), DatasetRegistry.sha256(TestData.shared(n + ".csv")), n);
            assertEquals("verified", reg.state(d));
            Snapshots byName = DataSources.load(n, ReadOptions.defaults(), reg);
            assertEquals(n, byName.source());
            assertEquals(d.dim(), byName.dim());
            TestData.assertIdentical(SnapshotReaders.read(TestData.shared(n + ".csv")), byName);
        }
        assertEquals("missing", reg.state(reg.find("gaussian_50d").orElseThrow()));
    }

    @Test
    void cachedFileWithTheWrongChecksumIsRefused() throws IOException {
        seed(cache, "emt");
        Path f = cache.resolve("emt.csv");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 2] = (byte) (b[b.length - 2] == '1' ? '2' : '1'); // same size, one digit changed
        Files.write(f, b);
        DatasetRegistry reg = new DatasetRegistry(cache);
        RuotException e = assertThrows(RuotException.class, () -> DataSources.load("emt", ReadOptions.defaults(), reg));
        assertTrue(e.getMessage().startsWith(f.toAbsolutePath().toString() + ": wrong checksum for dataset emt"),
                e.getMessage());
        assertTrue(e.getMessage().contains("expected 820eca0ca6a9b8c5"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(RuotException.class, () -> reg.fetch("emt"), "fetch refuses to use or silently replace it");
        assertEquals("wrong checksum", reg.state(reg.find("emt").orElseThrow()));
        Files.write(f, java.util.Arrays.copyOf(b, 100));
        assertTrue(assertThrows(RuotException.class, () -> reg.resolve("emt")).getMessage()
                .contains("has 100 bytes, dataset emt has 337854"));
    }

    @Test
    void missingFileSaysWhichUrlAndExactlyWhereToPutIt() {
        DatasetRegistry reg = new DatasetRegistry(cache);
        String m = assertThrows(RuotException.class, () -> DataSources.load("emt", ReadOptions.defaults(), reg))
                .getMessage();
        Dataset emt = reg.find("emt").orElseThrow();
        assertTrue(m.contains("ruot4j datasets fetch emt"), m);
        assertTrue(m.contains(emt.urls().get(0)), m);
        assertTrue(m.endsWith("put it at " + cache.toAbsolutePath().normalize().resolve("emt.csv")), m);
    }

    @Test
    void unknownNameAndMissingPath() {
        DatasetRegistry reg = new DatasetRegistry(cache);
        String m = assertThrows(RuotException.class, () -> DataSources.load("emtt", ReadOptions.defaults(), reg))
                .getMessage();
        assertTrue(m.contains("no such file and no dataset of that name; known datasets: simulation_gene, emt"), m);
        m = assertThrows(RuotException.class, () -> DataSources.load("dir/x.csv", ReadOptions.defaults(), reg))
                .getMessage();
        assertEquals("dir/x.csv: no such file", m);
    }

    @Test
    void unknownChecksumIsPinnedOnFirstUseAndEnforcedAfterwards() throws IOException {
        Dataset d = new Dataset("toy", "toy", 1, "0,1", "toy.csv", List.of("http://127.0.0.1:9/toy.csv"), null, -1);
        DatasetRegistry reg = new DatasetRegistry(cache, List.of(d));
        String text = "samples,x\n0,1\n0,2\n1,3\n1,4\n";
        Files.writeString(cache.resolve("toy.csv"), text);
        assertEquals(2, DataSources.load("toy", ReadOptions.defaults(), reg).numTimes());
        Path pin = cache.resolve("toy.csv.sha256");
        String sha = DatasetRegistry.sha256(cache.resolve("toy.csv"));
        assertEquals(sha + "  toy.csv", Files.readString(pin).strip());
        Files.writeString(cache.resolve("toy.csv"), text.replace("4", "5"));
        String m = assertThrows(RuotException.class, () -> reg.resolve("toy")).getMessage();
        assertTrue(m.contains("pinned at first fetch " + sha), m);
    }

    @Test
    void fetchDownloadsVerifiesAndKeepsAVerifiedCopy() throws Exception {
        byte[] body = Files.readAllBytes(TestData.shared("simulation_gene.csv"));
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            boolean ok = ex.getRequestURI().getPath().equals("/sim.csv");
            byte[] out = ok ? body : "not found".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 404, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Dataset real = DatasetRegistry.KNOWN.stream().filter(x -> x.name().equals("simulation_gene")).findFirst()
                    .orElseThrow();
            Dataset good = new Dataset("sim", "", 2, "0,1,2,3,4", "sim.csv", List.of(base + "/gone.csv", base + "/sim.csv"),
                    real.sha256(), real.size());
            Dataset bad = new Dataset("bad", "", 2, "0,1,2,3,4", "bad.csv", List.of(base + "/sim.csv"),
                    "00".repeat(32), -1);
            Path sub = cache.resolve("sub");
            DatasetRegistry reg = new DatasetRegistry(sub, List.of(good, bad));
            Path p = reg.fetch("sim");
            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals(2, hits.get(), "the 404 address, then the working one");
            reg.fetch("sim");
            assertEquals(2, hits.get(), "a verified cached copy is not downloaded again");
            String m = assertThrows(RuotException.class, () -> reg.fetch("bad")).getMessage();
            assertTrue(m.contains("wrong checksum for dataset bad"), m);
            try (Stream<Path> files = Files.list(sub)) {
                assertEquals(List.of("sim.csv"), files.map(f -> f.getFileName().toString()).toList(),
                        "nothing is left behind by the refused download");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void cacheDirectoryComesFromThePropertyOrTheEnvironmentOrHome() {
        String old = System.getProperty("ruot4j.data");
        try {
            System.setProperty("ruot4j.data", cache.toString());
            assertEquals(cache, DatasetRegistry.defaultCacheDir());
            System.clearProperty("ruot4j.data");
            String env = System.getenv("RUOT4J_DATA");
            Path expected = env != null && !env.isBlank() ? Path.of(env)
                    : Path.of(System.getProperty("user.home"), ".cache", "ruot4j");
            assertEquals(expected, DatasetRegistry.defaultCacheDir());
        } finally {
            if (old == null) {
                System.clearProperty("ruot4j.data");
            } else {
                System.setProperty("ruot4j.data", old);
            }
        }
    }
}
