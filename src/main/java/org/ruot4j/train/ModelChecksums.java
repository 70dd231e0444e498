package org.ruot4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ruot4j.RuotException;

/**
 * The SHA-256 of every file of a model directory, in {@code sha256sum} format ({@code <hex>  <name>} per line):
 * written last when the directory is saved, checked first when it is read. Every file a model or a resumable
 * checkpoint is read from must be listed and match, so no part of a model (its settings included) can change
 * unnoticed.
 */
final class ModelChecksums {
    /** The files a load reads: each one present must be covered. */
    private static final Set<String> READ = Set.of("config.json", "parameters.bin", "history.csv", "optimizer.bin",
            "best.bin", FitCheckpoints.RESUME_FILE);

    private ModelChecksums() {
    }

    /** Writes {@code dir/name} listing every regular file of {@code dir} (sorted by name). */
    static void write(Path dir, String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.equals(name)) {
                    sb.append(sha256(p)).append("  ").append(n).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Checks {@code dir} against {@code dir/name}.
     *
     * @throws RuotException one line naming the file that is missing, not covered or changed
     */
    static void verify(Path dir, String name) {
        Path list = dir.resolve(name);
        if (!Files.isRegularFile(list)) {
            throw new RuotException(list + ": missing; the checksum file of a model directory must be kept with it "
                    + "(copy the whole directory)");
        }
        Map<String, String> expected = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                int sep = line.indexOf("  ");
                if (sep != 64 || !line.substring(0, 64).matches("[0-9a-f]{64}") || line.length() == 66
                        || expected.put(line.substring(66), line.substring(0, 64)) != null) {
                    throw new RuotException(list + ": line " + (i + 1) + ": expected '<64 hex digits>  <file name>' "
                            + "once per file (damaged checksum file)");
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RuotException(list + ": cannot read: " + e.getMessage());
        }
        for (String f : READ) {
            if (Files.exists(dir.resolve(f)) && !expected.containsKey(f)) {
                throw new RuotException(dir.resolve(f) + ": not listed in " + name + " (the file was added after the "
                        + "model was saved)");
            }
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String n = e.getKey();
            Path p = dir.resolve(n).normalize();
            if (n.contains("/") || n.contains("\\") || !dir.resolve(n).normalize().getParent().equals(dir.normalize())) {
                throw new RuotException(list + ": names a file outside the directory ('" + printable(n) + "')");
            }
            if (!Files.isRegularFile(p)) {
                throw new RuotException(p + ": missing (listed in " + name + "); copy the whole model directory");
            }
            if (!sha256(p).equals(e.getValue())) {
                throw new RuotException(p + ": changed since the model was saved (its SHA-256 does not match " + name
                        + "); a model's files must not be edited: refit to change settings such as sigma");
            }
        }
    }

    private static String sha256(Path p) {
        try (var in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new RuotException(p + ": cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }
}
