package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

class KernelInstallerTest {
    @TempDir
    Path dir;

    private static Path template() {
        return JupyterSupport.projectDir().resolve("kernel");
    }

    @Test
    void writesTheSpecWithPlaceholdersFilledIn() throws Exception {
        Path kernels = KernelInstaller.prefixKernelsDir(dir.resolve("p"));
        Path spec = KernelInstaller.install(template(), kernels, "/opt/jdk/bin/java",
                KernelInstaller.jvmOptions(3, Path.of("/src/ruot4j"), List.of("-Xmx2g")), "/a.jar:/b.jar");
        assertEquals(dir.resolve("p/share/jupyter/kernels/ruot4j"), spec);
        JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("Java (ruot4j)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        List<String> argv = new ArrayList<>();
        for (var e : (JsonArray) json.get("argv")) {
            argv.add(e.getAsString());
        }
        assertEquals(List.of("/opt/jdk/bin/java", "-Xss8m", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=3", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Druot4j.home=/src/ruot4j", "-XX:+UseSerialGC", "-Xmn32m", "-Xmx2g", "-cp", "/a.jar:/b.jar", "org.ruot4j.kernel.KernelMain",
                "{connection_file}"), argv);
        for (int size : new int[] {32, 64}) {
            BufferedImage logo = ImageIO.read(spec.resolve("logo-" + size + "x" + size + ".png").toFile());
            assertEquals(size, logo.getWidth());
            assertEquals(size, logo.getHeight());
        }
    }

    @Test
    void theKernelspecCarriesAHeapLimitThatCanBeChanged() {
        List<String> dflt = KernelInstaller.jvmOptions(1, null, List.of());
        assertEquals(1, dflt.stream().filter(o -> o.startsWith("-Xmx")).count(), dflt.toString());
        assertTrue(dflt.contains("-Xmx" + KernelInstaller.defaultHeap()), dflt.toString());
        long mb = Long.parseLong(KernelInstaller.defaultHeap().replace("m", ""));
        assertTrue(mb >= 512 && mb <= 4096, KernelInstaller.defaultHeap());
        // --heap SIZE
        List<String> eight = KernelInstaller.jvmOptions(1, null, "8g", List.of());
        assertTrue(eight.contains("-Xmx8g") && eight.stream().filter(o -> o.startsWith("-Xmx")).count() == 1, eight.toString());
        // an -Xmx among the extra options wins, and is not doubled
        List<String> own = KernelInstaller.jvmOptions(1, null, "8g", List.of("-Xmx3g"));
        assertEquals(List.of("-Xmx3g"), own.stream().filter(o -> o.startsWith("-Xmx")).toList());
        RuotException bad = assertThrows(RuotException.class, () -> KernelInstaller.jvmOptions(1, null, "lots", List.of()));
        assertEquals("kernel install: --heap must be a JVM heap size such as 4g or 2048m, got 'lots'", bad.getMessage());
    }

    @Test
    void reinstallReplacesTheSpecAndLeavesNothingBehind() throws Exception {
        Path kernels = dir.resolve("kernels");
        KernelInstaller.install(template(), kernels, "java", KernelInstaller.jvmOptions(1, null, List.of()), "/old.jar");
        Files.writeString(kernels.resolve("ruot4j/stale.txt"), "from an old install");
        Path spec = KernelInstaller.install(template(), kernels, "java", KernelInstaller.jvmOptions(1, null, List.of()),
                "/new.jar");
        assertTrue(Files.readString(spec.resolve("kernel.json")).contains("/new.jar"));
        assertFalse(Files.exists(spec.resolve("stale.txt")));
        try (Stream<Path> s = Files.list(kernels)) {
            assertEquals(List.of(spec), s.toList()); // no temporary or old directories left
        }
    }

    @Test
    void committedLogosAreWhatTheLogoCodeDraws() throws Exception {
        for (int size : new int[] {32, 64}) {
            BufferedImage committed = ImageIO.read(template().resolve("logo-" + size + "x" + size + ".png").toFile());
            BufferedImage drawn = KernelLogo.draw(size);
            int differing = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    differing += committed.getRGB(x, y) == drawn.getRGB(x, y) ? 0 : 1;
                }
            }
            assertTrue(differing < size * size / 50, differing + " pixels differ at " + size); // anti-aliasing may vary
        }
    }

    @Test
    void aCollectorOrYoungSizeGivenByTheUserReplacesTheDefault() {
        List<String> g1 = KernelInstaller.jvmOptions(1, null, List.of("-XX:+UseG1GC"));
        assertTrue(g1.contains("-Xmn32m") && !g1.contains("-XX:+UseSerialGC"), g1.toString());
        List<String> young = KernelInstaller.jvmOptions(1, null, List.of("-Xmn256m"));
        assertTrue(young.contains("-XX:+UseSerialGC") && !young.contains("-Xmn32m"), young.toString());
        List<String> newSize = KernelInstaller.jvmOptions(1, null, List.of("-XX:MaxNewSize=64m"));
        assertTrue(!newSize.contains("-Xmn32m"), newSize.toString());
    }

    @Test
    void badInputIsOneLine() {
        RuotException missing = assertThrows(RuotException.class, () -> KernelInstaller.install(dir, dir.resolve("k"),
                "java", List.of(), "x.jar"));
        assertTrue(missing.getMessage().startsWith("kernel install: ") && missing.getMessage().contains("kernel.json is missing"));
        assertThrows(RuotException.class, () -> KernelInstaller.jvmOptions(0, null, List.of()));
        assertThrows(RuotException.class, () -> KernelInstaller.kernelJson("[1]", "java", List.of(), "cp"));
    }

    @Test
    void cliInstallWritesIntoThePrefix() throws Exception {
        System.setProperty("ruot4j.home", JupyterSupport.projectDir().toString());
        try {
            int code = org.ruot4j.cli.Main.run("kernel", "install", "--prefix", dir.resolve("cli").toString(),
                    "--threads", "2");
            assertEquals(0, code);
        } finally {
            System.clearProperty("ruot4j.home");
        }
        String json = Files.readString(dir.resolve("cli/share/jupyter/kernels/ruot4j/kernel.json"));
        assertTrue(json.contains("-Dai.djl.pytorch.num_threads=2") && json.contains("org.ruot4j.kernel.KernelMain"), json);
        assertEquals(1, org.ruot4j.cli.Main.run("kernel", "install", "--threads", "0", "--prefix", dir.toString()));
    }
}
