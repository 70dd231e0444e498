package org.ruot4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ruot4j.RuotException;

/**
 * The public datasets of the DeepRUOT paper, published as CSV ({@code samples,x1,…,xD}) in the authors' GitHub
 * repositories, and a local cache for them.
 *
 * <p>Cache directory: the system property {@code ruot4j.data}, else the environment variable
 * {@code RUOT4J_DATA}, else {@code ~/.cache/ruot4j}. A dataset is used from the cache only if its SHA-256
 * matches; a file with the wrong checksum is refused, never silently replaced. Where no checksum could be
 * established in advance (the file was not available when the registry was written), the size is checked when
 * known and the checksum of the first file accepted — downloaded by {@link #fetch} or put in place by hand —
 * is pinned in {@code <file>.sha256} next to it; later uses must match the pin. The network is used only by
 * {@link #fetch}.
 *
 * <p>Sources (recorded on 2025-11-28): simulation_gene and emt from zhenyiizhang/DeepRUOTv2 at commit
 * a47fcb03…; the Gaussian mixtures and mouse_hematopoiesis from zhenyiizhang/DeepRUOT at commit 29e94d66….
 * The checksums of simulation_gene, emt, gaussian_10d and gaussian_20d were computed from copies whose size
 * and trailing bytes match the files in those repositories.
 */
public final class DatasetRegistry {
    private static final String V1 = "https://raw.githubusercontent.com/zhenyiizhang/DeepRUOT/";
    private static final String V1_COMMIT = "29e94d6684baf64963d16265214a788e4244f85e";
    private static final String V2 = "https://raw.githubusercontent.com/zhenyiizhang/DeepRUOTv2/";
    private static final String V2_COMMIT = "a47fcb035c76f1aaaec41b3d9a7ccce1638a360a";

    /** The datasets the registry knows. */
    public static final List<Dataset> KNOWN = List.of(
            csv(V2, V2_COMMIT, "simulation_gene", "two-gene toggle switch with growth (synthetic, 400 cells at t0)", 2,
                    "0,1,2,3,4", "d41e3bcd94ff55383264461f2eed048780dbea8faffb77011cff9b8dce231d10", 124310),
            csv(V2, V2_COMMIT, "emt", "A549 epithelial-to-mesenchymal transition, 10 PCA dimensions", 10, "0,1,2,3",
                    "820eca0ca6a9b8c5aba970dda04052b2e2ea4489b712b948559fe5cd185a8294", 337854),
            csv(V1, V1_COMMIT, "mouse_hematopoiesis", "mouse blood hematopoiesis, 2-D embedding", 2, "0,1,2", null,
                    475201),
            csv(V1, V1_COMMIT, "gaussian_10d", "Gaussian mixture with growth in one component, 10-D", 10, "0,1",
                    "85f20ad7d9227455dcb9981fd75c293946e28104bb94d77837c793c054f63f8b", 399427),
            csv(V1, V1_COMMIT, "gaussian_20d", "Gaussian mixture with growth in one component, 20-D", 20, "0,1",
                    "0b71ab71af23dc744ca0fe9c45326d1442c6ed2cdf10cb4f1308bc03512d23df", 794410),
            csv(V1, V1_COMMIT, "gaussian_50d", "Gaussian mixture with growth in one component, 50-D", 50, "0,1", null,
                    1979339),
            csv(V1, V1_COMMIT, "gaussian_100d", "Gaussian mixture with growth in one component, 100-D", 100, "0,1", null,
                    3954374));

    private static Dataset csv(String repo, String commit, String name, String description, int dim, String times,
            String sha256, long size) {
        String path = "data/" + name + ".csv";
        return new Dataset(name, description, dim, times, name + ".csv", List.of(repo + commit + "/" + path,
                repo + "HEAD/" + path), sha256, size);
    }

    private final Path cacheDir;
    private final List<Dataset> datasets;

    /** The known datasets, cached in {@code cacheDir}. */
    public DatasetRegistry(Path cacheDir) {
        this(cacheDir, KNOWN);
    }

    /** A registry of the given datasets (tests use local ones). */
    public DatasetRegistry(Path cacheDir, List<Dataset> datasets) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.datasets = List.copyOf(datasets);
    }

    /** The known datasets in the default cache directory. */
    public static DatasetRegistry standard() {
        return new DatasetRegistry(defaultCacheDir());
    }

    /** System property {@code ruot4j.data}, else {@code RUOT4J_DATA}, else {@code ~/.cache/ruot4j}. */
    public static Path defaultCacheDir() {
        String p = System.getProperty("ruot4j.data");
        if (p == null || p.isBlank()) {
            p = System.getenv("RUOT4J_DATA");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "ruot4j");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public List<Dataset> datasets() {
        return datasets;
    }

    public Optional<Dataset> find(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Where the dataset's file is (or would be) in the cache. */
    public Path cachedPath(Dataset d) {
        return cacheDir.resolve(d.fileName());
    }

    /** Whether the dataset's file is in the cache (not verified). */
    public boolean isCached(Dataset d) {
        return Files.isRegularFile(cachedPath(d));
    }

    /**
     * The verified cached file of dataset {@code name}. Refuses a file with the wrong checksum or size; when the
     * file is missing, the message says which URL to download and exactly where to put it (no network here).
     */
    public Path resolve(String name) {
        Dataset d = require(name);
        Path file = cachedPath(d);
        if (!Files.isRegularFile(file)) {
            throw new RuotException("dataset " + d.name() + " is not in the cache: run `ruot4j datasets fetch " + d.name()
                    + "`, or offline download " + d.urls().get(0) + " elsewhere and put it at " + file);
        }
        verify(d, file, file);
        return file;
    }

    /**
     * Downloads dataset {@code name} into the cache unless a verified copy is there already; returns its path.
     * The download goes to a temporary file in the cache directory, is verified, then renamed into place.
     */
    public Path fetch(String name) {
        Dataset d = require(name);
        Path file = cachedPath(d);
        if (Files.isRegularFile(file)) {
            verify(d, file, file);
            return file;
        }
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new RuotException("cannot create the cache directory " + cacheDir + ": " + e.getMessage(), e);
        }
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        List<String> failures = new ArrayList<>();
        for (String url : d.urls()) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile(cacheDir, "." + d.fileName(), ".part");
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build();
                HttpResponse<Path> resp = client.send(req, HttpResponse.BodyHandlers.ofFile(tmp));
                if (resp.statusCode() != 200) {
                    failures.add(url + ": HTTP " + resp.statusCode());
                    continue;
                }
                verify(d, tmp, file);
                org.ruot4j.AtomicFiles.publish(tmp, file);
                if (!d.checksumKnown()) {
                    pin(d, file, sha256(file));
                }
                return file;
            } catch (IOException e) {
                failures.add(url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuotException("download of " + d.name() + " interrupted");
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort: a stray .part file is harmless and named as such
                    }
                }
            }
        }
        throw new RuotException("cannot download dataset " + d.name() + " (" + String.join("; ", failures)
                + "); offline, download " + d.urls().get(0) + " elsewhere and put it at " + file);
    }

    /**
     * Puts a copy of {@code file} (downloaded by the user, e.g. on another machine) into the cache as dataset
     * {@code name}, after checking its size and SHA-256 against the registry (or against the pin; a dataset whose
     * checksum is not known in advance is pinned to this file). The copy goes to a temporary file in the cache
     * directory, is verified there, then renamed into place, so a refused or interrupted import leaves the cache as
     * it was. A verified cached copy already there is kept (and {@code file} must match it).
     *
     * @return the cached file
     * @throws RuotException naming the file when it is missing, of the wrong size or checksum
     */
    public Path importFile(String name, Path file) {
        Dataset d = require(name);
        if (!Files.isRegularFile(file)) {
            throw new RuotException(file + ": no such file (datasets fetch " + d.name() + " --from FILE)");
        }
        Path target = cachedPath(d);
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new RuotException("cannot create the cache directory " + cacheDir + ": " + e.getMessage(), e);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(cacheDir, "." + d.fileName(), ".part");
            Files.copy(file, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            verifyImport(d, tmp, file);
            if (Files.isRegularFile(target)) {
                verify(d, target, target);
                if (!sha256(target).equals(sha256(tmp))) {
                    throw new RuotException(file + ": differs from the verified copy of " + d.name() + " already cached at "
                            + target + "; keeping the cached one");
                }
                return target;
            }
            org.ruot4j.AtomicFiles.publish(tmp, target);
            tmp = null;
            if (!d.checksumKnown() && readPin(d) == null) {
                pin(d, target, sha256(target));
            }
            return target;
        } catch (IOException e) {
            throw new RuotException(file + ": cannot copy into the cache " + cacheDir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is harmless and named as such
                }
            }
        }
    }

    /** {@link #verify} of a copy, with messages naming the user's file instead of the cache. */
    private void verifyImport(Dataset d, Path copy, Path original) {
        try {
            verify(d, copy, copy.resolveSibling(d.fileName()));
        } catch (RuotException e) {
            String m = e.getMessage();
            int colon = m.indexOf(": ");
            throw new RuotException(original + m.substring(colon) .replace("; delete it and run `ruot4j datasets fetch "
                    + d.name() + "`", "").replace(" (delete it and run `ruot4j datasets fetch " + d.name() + "`)", ""));
        }
    }

    /** "verified", "pinned", "missing", "wrong checksum" or "wrong size", for listings. */
    public String state(Dataset d) {
        Path file = cachedPath(d);
        if (!Files.isRegularFile(file)) {
            return "missing";
        }
        try {
            verify(d, file, file);
            return d.checksumKnown() ? "verified" : "pinned";
        } catch (RuotException e) {
            return e.getMessage().contains("checksum") ? "wrong checksum" : "wrong size";
        }
    }

    private Dataset require(String name) {
        return find(name).orElseThrow(() -> new RuotException("unknown dataset '" + name + "'; known datasets: "
                + String.join(", ", datasets.stream().map(Dataset::name).toList())));
    }

    /**
     * Checks {@code file} (which will live at {@code where}) against the expected size and checksum, or the pin.
     * A file with an unknown checksum and no pin yet is pinned when it is already at its place in the cache.
     */
    private void verify(Dataset d, Path file, Path where) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new RuotException(where + ": cannot read: " + e.getMessage(), e);
        }
        if (d.size() >= 0 && size != d.size()) {
            throw new RuotException(where + ": has " + size + " bytes, dataset " + d.name() + " has " + d.size()
                    + " (incomplete or a different file); delete it and run `ruot4j datasets fetch " + d.name() + "`");
        }
        String actual = sha256(file);
        String expected = d.sha256();
        String kind = "expected";
        if (expected == null) {
            expected = readPin(d);
            kind = "pinned at first fetch";
        }
        if (expected == null) {
            if (file.equals(where)) {
                pin(d, where, actual);
            }
            return;
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw new RuotException(where + ": wrong checksum for dataset " + d.name() + ": SHA-256 " + actual + ", "
                    + kind + " " + expected + "; the file is corrupt or a different version, refusing it (delete it and "
                    + "run `ruot4j datasets fetch " + d.name() + "`)");
        }
    }

    private Path pinPath(Dataset d) {
        return cacheDir.resolve(d.fileName() + ".sha256");
    }

    private String readPin(Dataset d) {
        Path p = pinPath(d);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            String s = Files.readString(p, StandardCharsets.US_ASCII).strip();
            int sp = s.indexOf(' ');
            return sp < 0 ? s : s.substring(0, sp);
        } catch (IOException e) {
            throw new RuotException(p + ": cannot read the pinned checksum: " + e.getMessage(), e);
        }
    }

    private void pin(Dataset d, Path file, String sha) {
        Path p = pinPath(d);
        try {
            Path tmp = Files.createTempFile(cacheDir, "." + d.fileName(), ".sha256.part");
            // sha256sum format, so `sha256sum -c` can check it too
            Files.writeString(tmp, sha + "  " + file.getFileName() + "\n", StandardCharsets.US_ASCII);
            org.ruot4j.AtomicFiles.publish(tmp, p);
        } catch (IOException e) {
            throw new RuotException(p + ": cannot write the pinned checksum: " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
